package io.amsfleet.cli.image;

import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.FileUpload;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.Json;
import io.amsfleet.model.ImageUploadRequest;
import io.amsfleet.model.Operation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Sends an image tarball ({@link FileUpload}: streamed, hashed on the way, with a progress bar).
 * The server's fingerprint of what it stored is checked against the hash of what was read.
 */
final class ImageUpload {
    private ImageUpload() {
    }

    /** A readable, non-empty regular file, or a usage error before anything is sent. */
    static long checkFile(Path file) {
        return FileUpload.checkFile(file, "an image tarball");
    }

    /**
     * @param method  {@code POST} for a new image, {@code PATCH} for a new version
     * @param label   what the progress bar calls the upload
     * @param timeout how long to wait for the server to process the upload once sent
     */
    static Operation send(Session session, String method, String path, ImageUploadRequest request, Path file,
                          long size, String label, Duration timeout) {
        FileUpload.Sent sent = FileUpload.send(session, method, path, Map.of("X-AMS-Request", Json.write(request)),
                file, size, label, timeout);
        Operation op = sent.operation();
        Object stored = op.metadata() == null ? null : op.metadata().get("fingerprint");
        if (stored != null && !sent.sha256().equals(stored)) {
            throw new CommandFailure("the server stored content with sha256 " + stored + " but " + file + " read as "
                    + sent.sha256() + " (did the file change during the upload?); delete that version and upload again");
        }
        return op;
    }
}
