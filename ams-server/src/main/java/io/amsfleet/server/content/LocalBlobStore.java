package io.amsfleet.server.content;

import io.amsfleet.server.config.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Blobs as files under {@code <content>/sha256/ab/abcdef…} (by default {@code $AMS_DATA_DIR/content});
 * temporary uploads in a directory on the same filesystem, so that installing a blob is an atomic
 * rename. Several processes may share the directories (NFS, CephFS): every change is a rename or
 * an unlink of a whole file.
 */
public class LocalBlobStore implements BlobStore {
    private final Path root;
    private final Path tmp;

    /**
     * @param blobs the directory that holds {@code sha256/}
     * @param tmp   where uploads are written while they arrive: on the same filesystem as {@code blobs}
     */
    public LocalBlobStore(Path blobs, Path tmp) {
        this.root = blobs.resolve("sha256");
        this.tmp = tmp;
        try {
            PrivateFiles.directory(blobs);
            PrivateFiles.directory(root);
            PrivateFiles.directory(tmp);
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
                for (Path shard : shards) {
                    if (Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
                        PrivateFiles.directory(shard);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the content store under " + blobs + ": " + e.getMessage(), e);
        }
    }

    /** Removes temporary files in {@code tmp} last written before {@code cutoffMillis}. */
    static void clearTempFiles(Path tmp, long cutoffMillis, Consumer<Path> onRemoved) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toMillis() < cutoffMillis && Files.deleteIfExists(f)) {
                    onRemoved.accept(f);
                }
            }
        }
    }

    static Path newTempFile(Path tmp, String prefix) throws IOException {
        // 0600 from the start: the blob it becomes keeps the mode through the rename.
        return PrivateFiles.newFile(tmp.resolve(prefix + "-" + UUID.randomUUID() + ".part"));
    }

    Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    @Override
    public void put(Path verifiedTempFile, String sha256) throws IOException {
        Path target = pathOf(sha256);
        Path dir = target.getParent();
        PrivateFiles.directory(dir);
        // The blob's age is what the start-up sweep judges orphans by: make it the install time.
        Files.setLastModifiedTime(verifiedTempFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        try {
            Files.move(verifiedTempFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(verifiedTempFile);
            return;
        }
        fsyncDirectory(dir);
    }

    @Override
    public void ping() throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IOException("the content directory " + root + " is not a writable directory");
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(pathOf(sha256));
    }

    @Override
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(pathOf(sha256));
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(pathOf(sha256));
    }

    @Override
    public void forEach(BlobVisitor visitor) throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(shard)) {
                    for (Path blob : blobs) {
                        String name = blob.getFileName().toString();
                        if (name.length() == 64) {
                            visitor.visit(name, Files.getLastModifiedTime(blob).toMillis());
                        }
                    }
                }
            }
        }
    }

    @Override
    public Path newTempFile(String prefix) throws IOException {
        return newTempFile(tmp, prefix);
    }

    @Override
    public void clearTempFiles(long cutoffMillis, Consumer<Path> onRemoved) throws IOException {
        clearTempFiles(tmp, cutoffMillis, onRemoved);
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename durable; some filesystems refuse to open directories, which is harmless.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
