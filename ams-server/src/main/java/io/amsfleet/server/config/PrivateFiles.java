package io.amsfleet.server.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of the server's user alone (0600, 0700): the data dir holds the catalogue
 * with the image server's credentials, the admin token and the TLS key. Where the file system has
 * no POSIX permissions the calls do what they can and change no mode.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the directory (and missing parents) and makes it 0700, also when it already existed. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, DIRECTORY);
        return dir;
    }

    /** Creates an empty file that is 0600 from the start, so that it is never readable by others. */
    public static Path newFile(Path file) throws IOException {
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE);
        try {
            return Files.createFile(file, mode);
        } catch (UnsupportedOperationException noPosix) {
            return Files.createFile(file);
        }
    }

    /** Makes an existing file 0600. */
    public static void file(Path file) throws IOException {
        restrict(file, FILE);
    }

    /** Makes the regular files directly in {@code dir} whose names match {@code glob} 0600. */
    public static void files(Path dir, String glob) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    file(f);
                }
            }
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException noPosix) {
            // e.g. Windows, or a FAT volume: nothing to set
        }
    }
}
