package io.amsfleet.cli;

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
 * Sends a file (an image tarball, an application package): streamed in small chunks (constant
 * memory whatever its size) with its length declared, hashed on the way, and drawn as a progress
 * bar (bytes, rate, ETA) on stderr when that is a terminal.
 */
public final class FileUpload {
    private static final int MIB = 1 << 20;

    private FileUpload() {
    }

    /** What was sent: the server's operation and the sha256 of the bytes read. */
    public record Sent(Operation operation, String sha256) {
    }

    /**
     * A readable, non-empty regular file, or a usage error before anything is sent.
     *
     * @param what what the file should be, for the messages: "an image tarball"
     */
    public static long checkFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw new UsageError("no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageError(file + " is not a file; give the path of " + what);
        }
        if (!Files.isReadable(file)) {
            throw new UsageError("cannot read " + file + ": permission denied");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new UsageError(file + " is empty; give the path of " + what);
            }
            return size;
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param method  {@code POST} for something new, {@code PATCH} for a new version
     * @param headers sent besides {@code Content-Type: application/octet-stream}
     * @param label   what the progress bar calls the upload
     * @param timeout how long to wait for the server to process the upload once sent
     */
    public static Sent send(Session session, String method, String path, Map<String, String> headers, Path file,
                            long size, String label, Duration timeout) {
        AtomicReference<MessageDigest> digest = new AtomicReference<>();
        ProgressBar bar = session.showsProgress() ? bar(session, label, size) : null;
        // The supplier may be called again if the client has to resend; each call starts afresh.
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    MessageDigest sha = newSha256();
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
            op = session.client().upload(method, path, headers, body, timeout);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return new Sent(op, HexFormat.of().formatHex(digest.get().digest()));
    }

    /** The file's sha256, for clients that must name it before sending (the SDK's X-AMS-Fingerprint). */
    public static String sha256(Path file) {
        MessageDigest sha = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(sha.digest());
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

    private static MessageDigest newSha256() {
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
