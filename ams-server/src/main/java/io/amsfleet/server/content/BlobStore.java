package io.amsfleet.server.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where image content lives, one blob per sha256. The catalogue decides when a blob may go;
 * the store only keeps bytes.
 */
public interface BlobStore {

    /** Moves a fully written, verified temporary file in as the blob for {@code sha256}. */
    void put(Path verifiedTempFile, String sha256) throws IOException;

    boolean exists(String sha256);

    /** Returns when the store answers (readiness, docs/operations.md); throws when it does not. */
    void ping() throws IOException;

    /** Removes a blob; removing one that is not there is not an error. */
    void delete(String sha256) throws IOException;

    InputStream open(String sha256) throws IOException;

    /**
     * Calls {@code visitor} with every blob's sha256 and the time its file was last written.
     */
    void forEach(BlobVisitor visitor) throws IOException;

    /** Visits a stored blob. */
    @FunctionalInterface
    interface BlobVisitor {
        void visit(String sha256, long lastModifiedMillis) throws IOException;
    }

    /** A new temporary file for an upload in progress, on the same filesystem as the blobs. */
    Path newTempFile(String prefix) throws IOException;

    /** Removes temporary files last written before {@code cutoffMillis}: uploads whose process died. */
    void clearTempFiles(long cutoffMillis, Consumer<Path> onRemoved) throws IOException;
}
