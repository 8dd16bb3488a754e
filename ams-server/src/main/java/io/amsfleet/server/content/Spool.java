package io.amsfleet.server.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>A caller that must also look at the bytes (an upload's tarball check) gives a {@link Reader}:
 * it runs on a fourth thread and reads the same buffers, in order, as an {@link InputStream}, so
 * that it sees exactly the bytes that are hashed and stored, without a copy and without reading
 * the file a second time. It holds buffers like the other two stages do, so a slow reader slows
 * the spool rather than growing memory; when it fails, the spool stops at the next slice of the
 * stream and throws what the reader threw.
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
     * Reads the spooled bytes as they arrive, on a thread of its own. The stream it is given ends
     * where the spooled stream ends; whatever it leaves unread is skipped. What it throws stops the
     * spool and is thrown by it (unchecked exceptions as they are).
     */
    @FunctionalInterface
    public interface Reader<T> {
        T read(InputStream spooled) throws IOException;
    }

    /** A spool with a reader: what was spooled, and what the reader returned. */
    public record Read<T>(Spooled spooled, T result) {
    }

    /**
     * Reads {@code in} to its end into {@code file} (which exists and is empty), hashing it.
     * When this returns the bytes are on the disk; when it throws, the file holds some prefix of
     * them and the caller removes it.
     */
    public static Spooled spool(InputStream in, Path file, Progress progress) throws IOException {
        return run(in, file, progress, null).spooled();
    }

    /**
     * As {@link #spool(InputStream, Path, Progress)}, and {@code reader} reads the same bytes
     * meanwhile; this returns when both are done, and throws as soon as either fails.
     */
    public static <T> Read<T> spool(InputStream in, Path file, Progress progress, Reader<T> reader)
            throws IOException {
        return run(in, file, progress, reader);
    }

    private static <T> Read<T> run(InputStream in, Path file, Progress progress, Reader<T> reader)
            throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            MessageDigest digest = sha256();
            BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(BUFFERS);
            for (int i = 0; i < BUFFERS; i++) {
                free.add(new Chunk(new byte[BUFFER]));
            }
            List<Stage> stages = new ArrayList<>();
            stages.add(new EachChunk("hash", free, chunk -> digest.update(chunk.bytes, 0, chunk.length)));
            long[] unflushed = {0};
            stages.add(new EachChunk("write", free, chunk -> {
                ByteBuffer b = ByteBuffer.wrap(chunk.bytes, 0, chunk.length);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                unflushed[0] += chunk.length;
                if (unflushed[0] >= (long) FLUSH_EVERY_MIB << 20) {
                    out.force(false);
                    unflushed[0] = 0;
                }
            }));
            AsStream<T> reading = reader == null ? null : new AsStream<>(free, reader);
            if (reading != null) {
                stages.add(reading);
            }
            for (Stage s : stages) {
                s.start();
            }
            long size = 0;
            try {
                while (true) {
                    Chunk chunk = take(free, stages);
                    chunk.length = fill(in, chunk.bytes, stages);
                    if (chunk.length == 0) {
                        free.add(chunk);
                        break;
                    }
                    size += chunk.length;
                    progress.arrived(size);
                    chunk.pending.set(stages.size());
                    for (Stage s : stages) {
                        s.queue.add(chunk);
                    }
                }
                for (Stage s : stages) {
                    if (s != reading) {
                        s.finish();
                    }
                }
                // Durable, with its length, before the catalogue can reference it; the reader may
                // still be busy with the last buffers meanwhile.
                out.force(true);
                if (reading != null) {
                    reading.finish();
                }
            } catch (IOException | RuntimeException | Error e) {
                for (Stage s : stages) {
                    s.abort();
                }
                throw e;
            }
            return new Read<>(new Spooled(HexFormat.of().formatHex(digest.digest()), size),
                    reading == null ? null : reading.result);
        }
    }

    /**
     * Reads until the buffer is full or the stream ends: big writes and big digests, whatever size
     * the stream hands out. Between slices it looks whether a stage has failed, so that a refusal
     * (the reader's, say) stops the spool at the next slice rather than after a whole buffer,
     * which a slow client may take long to fill.
     */
    private static int fill(InputStream in, byte[] buffer, List<Stage> stages) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
            for (Stage s : stages) {
                s.rethrow();
            }
        }
        return filled;
    }

    private static Chunk take(BlockingQueue<Chunk> free, List<Stage> stages) throws IOException {
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

    /**
     * One thread that sees every chunk in order and hands each back to the free list once every
     * stage has seen it. How it sees them is the subclass's: work applied to each, or a stream.
     */
    private abstract static class Stage implements Runnable {
        static final Chunk END = new Chunk(new byte[0]);
        final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final BlockingQueue<Chunk> free;
        private final Thread thread;
        private volatile Throwable failure;

        Stage(String name, BlockingQueue<Chunk> free) {
            this.free = free;
            this.thread = new Thread(this, "ams-spool-" + name);
            thread.setDaemon(true);
        }

        /** Takes chunks from the queue up to {@link #END}, releasing each when done with it. */
        abstract void consume() throws Exception;

        void release(Chunk c) {
            if (c.pending.decrementAndGet() == 0) {
                free.add(c);
            }
        }

        void start() {
            thread.start();
        }

        @Override
        public final void run() {
            try {
                consume();
            } catch (InterruptedException | InterruptedIOException e) {
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
            if (t != null) {
                throw new IOException(t);
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

    /** A stage that applies its work to every chunk. */
    private static final class EachChunk extends Stage {
        private final Work work;

        EachChunk(String name, BlockingQueue<Chunk> free, Work work) {
            super(name, free);
            this.work = work;
        }

        @Override
        void consume() throws InterruptedException, IOException {
            while (true) {
                Chunk c = queue.take();
                if (c == END) {
                    return;
                }
                work.on(c);
                release(c);
            }
        }
    }

    /**
     * A stage that hands the chunks to a {@link Reader} as one stream: a chunk is released once
     * the reader has read past it. When the reader returns early the rest is drained, so that the
     * other stages never wait for it.
     */
    private static final class AsStream<T> extends Stage {
        private final Reader<T> reader;
        private volatile T result;
        private Chunk current;
        private int position;
        private boolean ended;

        AsStream(BlockingQueue<Chunk> free, Reader<T> reader) {
            super("read", free);
            this.reader = reader;
        }

        @Override
        void consume() throws IOException {
            result = reader.read(new InputStream() {
                @Override
                public int read() throws IOException {
                    return hasBytes() ? current.bytes[position++] & 0xff : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, b.length);
                    if (len == 0) {
                        return 0;
                    }
                    if (!hasBytes()) {
                        return -1;
                    }
                    int n = Math.min(len, current.length - position);
                    System.arraycopy(current.bytes, position, b, off, n);
                    position += n;
                    return n;
                }
            });
            while (hasBytes()) {
                position = current.length;
            }
        }

        /** True when the current chunk has bytes left, after moving on to the next one if need be. */
        private boolean hasBytes() throws InterruptedIOException {
            while (current == null || position == current.length) {
                if (ended) {
                    return false;
                }
                if (current != null) {
                    release(current);
                    current = null;
                }
                Chunk next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("the spool was stopped");
                }
                if (next == END) {
                    ended = true;
                    return false;
                }
                current = next;
                position = 0;
            }
            return true;
        }
    }

    /** Removes a temporary file an upload or a package left; a failure is logged, the sweep retries. */
    public static void removeTemporary(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(Spool.class).warn("could not remove temporary file {}: {}", file,
                    e.toString());
        }
    }
}
