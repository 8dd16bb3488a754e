package io.amsfleet.cli.application;

import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.FileUpload;
import io.amsfleet.cli.UsageError;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The package an application command sends: a file (a tarball or zip, sent as it is; the server
 * checks it) or a directory, packed here as AMS's amc packs one — a bzip2 tarball of the
 * directory's contents, {@code manifest.yaml} at its top — into a temporary file removed after.
 * Only regular files and directories are packed; anything else in the directory (a link, a
 * socket) is refused before anything is sent, so that what is uploaded is what the directory shows.
 */
final class ApplicationPackage implements AutoCloseable {
    private final Path file;
    private final boolean temporary;
    private final long size;

    private ApplicationPackage(Path file, boolean temporary) {
        this.file = file;
        this.temporary = temporary;
        this.size = FileUpload.checkFile(file, "an application package");
    }

    /** Whether the argument names something on disk (else it may be an application's name). */
    static boolean exists(String path) {
        return Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
    }

    static ApplicationPackage of(String path) {
        Path p = Path.of(path);
        if (!Files.isDirectory(p)) {
            return new ApplicationPackage(p, false);
        }
        if (!Files.isRegularFile(p.resolve("manifest.yaml"), LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageError(p + " has no manifest.yaml; an application directory holds its manifest at its top");
        }
        Path tarball;
        try {
            tarball = Files.createTempFile("amc-package-", ".tar.bz2");
        } catch (IOException e) {
            throw new CommandFailure("cannot create a temporary file for the package: " + e.getMessage(), e);
        }
        try {
            pack(p, tarball);
            return new ApplicationPackage(tarball, true);
        } catch (RuntimeException e) {
            delete(tarball);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    private static void pack(Path dir, Path tarball) {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dir)) {
            entries = walk.filter(e -> !e.equals(dir)).sorted().toList();
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + dir + ": " + e.getMessage(), e);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tarball));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new BZip2CompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path e : entries) {
                String name = dir.relativize(e).toString().replace(java.io.File.separatorChar, '/');
                boolean directory = Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS);
                if (!directory && !Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                    throw new UsageError(e + " is neither a file nor a directory; a package holds only those");
                }
                TarArchiveEntry entry = new TarArchiveEntry(directory ? name + "/" : name);
                entry.setModTime(Files.getLastModifiedTime(e, LinkOption.NOFOLLOW_LINKS));
                entry.setMode(directory || Files.isExecutable(e) ? 0755 : 0644);
                if (!directory) {
                    entry.setSize(Files.size(e));
                }
                tar.putArchiveEntry(entry);
                if (!directory) {
                    Files.copy(e, tar);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot pack " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (temporary) {
            delete(file);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file; the system's temporary directory is cleaned in time
        }
    }
}
