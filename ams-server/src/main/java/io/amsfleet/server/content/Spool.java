package io.amsfleet.server.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams image bytes (an upload's body, a download from the image server) into a temporary file
 * while hashing them, in constant memory, and makes the file durable before it returns.
 *
 * <p>Three things happen side by side, because one after the other they took twice as long as
 * {@code sha256sum} on the same file (docs/performance.md): the calling thread reads the stream
 * into 1 MiB buffers; one thread hashes them; another writes them to the file and flushes it to
 * the disk every {@value #FLUSH_EVERY_MIB} MiB, so that the final fsync waits for the last stretch
 * only instead of the whole file. The JDK has no write-behind file channel and no library we know
 * of does this pipeline, so it is written here. At most {@value #BUFFERS} buffers exist: the
 * reader waits when the hasher or the writer is behind.
 */
public final class Spool {
    private static final int BUFFER = 1 << 20;
    private static final int BUFFERS = 8;
    private static final int FLUSH_EVERY_MIB = 64;

    /** What a spooled stream was: its sha256 (hex) and its length. */
    public record Spooled(String sha256, long size) {
    }

    /** Told how many bytes have arrived so far, after each buffer; may throw to stop the spool. */
    @FunctionalInterface
    public interface Progress {
        void arrived(long size) throws IOException;
    }

    private Spool() {
    }

    /**
     * Reads {@code in} to its end into {@code file} (which exists and is empty), hashing it.
     * When this returns the bytes are on the disk; when it throws, the file holds some prefix of
     * them and the caller removes it.
     */
    public static Spooled spool(InputStream in, Path file, Progress progress) throws IOException {
        Stage hasher;
        Stage writer;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            MessageDigest digest = sha256();
            BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(BUFFERS);
            for (int i = 0; i < BUFFERS; i++) {
                free.add(new Chunk(new byte[BUFFER]));
            }
            hasher = new Stage("hash", free, chunk -> digest.update(chunk.bytes, 0, chunk.length));
            long[] unflushed = {0};
            writer = new Stage("write", free, chunk -> {
                ByteBuffer b = ByteBuffer.wrap(chunk.bytes, 0, chunk.length);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                unflushed[0] += chunk.length;
                if (unflushed[0] >= (long) FLUSH_EVERY_MIB << 20) {
                    out.force(false);
                    unflushed[0] = 0;
                }
            });
            hasher.start();
            writer.start();
            long size = 0;
            try {
                while (true) {
                    Chunk chunk = take(free, hasher, writer);
                    chunk.length = fill(in, chunk.bytes);
                    if (chunk.length == 0) {
                        free.add(chunk);
                        break;
                    }
                    size += chunk.length;
                    progress.arrived(size);
                    chunk.pending.set(2);
                    hasher.queue.add(chunk);
                    writer.queue.add(chunk);
                }
                hasher.finish();
                writer.finish();
            } catch (IOException | RuntimeException | Error e) {
                hasher.abort();
                writer.abort();
                throw e;
            }
            // Durable, with its length, before the catalogue can reference it.
            out.force(true);
            return new Spooled(HexFormat.of().formatHex(digest.digest()), size);
        }
    }

    /** Reads until the buffer is full or the stream ends: big writes and big digests, whatever size the stream hands out. */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static Chunk take(BlockingQueue<Chunk> free, Stage... stages) throws IOException {
        try {
            while (true) {
                for (Stage s : stages) {
                    s.rethrow();
                }
                Chunk c = free.poll(100, TimeUnit.MILLISECONDS);
                if (c != null) {
                    return c;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while spooling");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A buffer, and how many stages have still to see it before it can be filled again. */
    private static final class Chunk {
        final byte[] bytes;
        int length;
        final AtomicInteger pending = new AtomicInteger();

        Chunk(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private interface Work {
        void on(Chunk chunk) throws IOException;
    }

    /** One thread that applies its work to every chunk in order. */
    private static final class Stage implements Runnable {
        private static final Chunk END = new Chunk(new byte[0]);
        final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final BlockingQueue<Chunk> free;
        private final Work work;
        private final Thread thread;
        private volatile Throwable failure;

        Stage(String name, BlockingQueue<Chunk> free, Work work) {
            this.free = free;
            this.work = work;
            this.thread = new Thread(this, "ams-spool-" + name);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Chunk c = queue.take();
                    if (c == END) {
                        return;
                    }
                    work.on(c);
                    if (c.pending.decrementAndGet() == 0) {
                        free.add(c);
                    }
                }
            } catch (InterruptedException e) {
                // aborted
            } catch (Throwable t) {
                failure = t;
            }
        }

        void rethrow() throws IOException {
            Throwable t = failure;
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
        }

        /** Waits for every queued chunk to be done; throws what the stage failed with. */
        void finish() throws IOException {
            queue.add(END);
            try {
                thread.join();
            } catch (InterruptedException e) {
                abort();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while spooling");
            }
            rethrow();
        }

        void abort() {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
