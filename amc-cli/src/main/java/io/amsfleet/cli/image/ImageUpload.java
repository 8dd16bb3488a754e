package io.amsfleet.cli.image;

import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.Json;
import io.amsfleet.model.ImageUploadRequest;
import io.amsfleet.model.Operation;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends an image tarball: streamed from the file in small chunks (constant memory whatever its
 * size) with its length declared, hashed on the way, and drawn as a progress bar (bytes, rate,
 * ETA) on stderr when that is a terminal. The server's fingerprint of what it stored is checked
 * against the hash of what was read.
 */
final class ImageUpload {
    private static final int MIB = 1 << 20;

    private ImageUpload() {
    }

    /** A readable, non-empty regular file, or a usage error before anything is sent. */
    static long checkFile(Path file) {
        if (!Files.exists(file)) {
            throw new UsageError("no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageError(file + " is not a file; give the path of an image tarball");
        }
        if (!Files.isReadable(file)) {
            throw new UsageError("cannot read " + file + ": permission denied");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new UsageError(file + " is empty; give the path of an image tarball");
            }
            return size;
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param method  {@code POST} for a new image, {@code PATCH} for a new version
     * @param label   what the progress bar calls the upload
     * @param timeout how long to wait for the server to process the upload once sent
     */
    static Operation send(Session session, String method, String path, ImageUploadRequest request, Path file,
                          long size, String label, Duration timeout) {
        AtomicReference<MessageDigest> digest = new AtomicReference<>();
        ProgressBar bar = session.showsProgress() ? bar(session, label, size) : null;
        // The supplier may be called again if the client has to resend; each call starts afresh.
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    MessageDigest sha = sha256();
                    digest.set(sha);
                    try {
                        InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
                        return bar == null ? in : new Counted(in, bar);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), size);
        Operation op;
        try {
            op = session.client().upload(method, path, Map.of("X-AMS-Request", Json.write(request)), body, timeout);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        Object stored = op.metadata() == null ? null : op.metadata().get("fingerprint");
        String sent = HexFormat.of().formatHex(digest.get().digest());
        if (stored != null && !sent.equals(stored)) {
            throw new CommandFailure("the server stored content with sha256 " + stored + " but " + file + " read as "
                    + sent + " (did the file change during the upload?); delete that version and upload again");
        }
        return op;
    }

    private static ProgressBar bar(Session session, String label, long size) {
        return new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(size)
                .setUnit(" MiB", MIB)
                .showSpeed(new DecimalFormat("#.0"))
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(session.env().err()))
                .build();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Advances the bar by what the HTTP client has read. */
    private static final class Counted extends FilterInputStream {
        private final ProgressBar bar;
        private long read;

        Counted(InputStream in, ProgressBar bar) {
            super(in);
            this.bar = bar;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bar.stepTo(++read);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                bar.stepTo(read);
            }
            return n;
        }
    }
}
