package io.amsfleet.server.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The spool behind uploads and image-server downloads: reading, hashing and writing run on
 * separate threads over a few recycled buffers, so these check that every byte lands in order,
 * the hash is of those bytes, and a failure anywhere stops all of it.
 */
class SpoolTest {
    @TempDir
    Path dir;

    /** 20 MiB and some: many more bytes than the spool's buffers hold, handed out in odd slices. */
    private static final int SIZE = (20 << 20) + 12_345;

    @Test
    void everyByteLandsInOrderAndTheHashIsOfThoseBytes() throws Exception {
        byte[] data = random(SIZE);
        Path file = Files.createFile(dir.resolve("spool"));
        Spool.Spooled spooled = Spool.spool(new Trickle(data, 1), file, size -> { });
        assertThat(spooled.size()).isEqualTo(SIZE);
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(spooled.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }

    @Test
    void anEmptyStreamGivesAnEmptyFileAndTheHashOfNothing() throws Exception {
        Path file = Files.createFile(dir.resolve("spool"));
        Spool.Spooled spooled = Spool.spool(InputStream.nullInputStream(), file, size -> { });
        assertThat(spooled.size()).isZero();
        assertThat(spooled.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void progressSeesTheGrowingSizeAndItsRefusalStopsTheSpool() throws Exception {
        Path file = Files.createFile(dir.resolve("spool"));
        long[] last = {0};
        assertThatThrownBy(() -> Spool.spool(new Trickle(random(SIZE), 2), file, size -> {
            assertThat(size).isGreaterThan(last[0]);
            last[0] = size;
            if (size > (5 << 20)) {
                throw new IOException("too big");
            }
        })).hasMessage("too big");
        assertThat(last[0]).isLessThan(7L << 20);
        assertThat(spoolThreads()).isZero();
    }

    @Test
    void aStreamThatBreaksStopsTheSpoolAndItsThreads() throws Exception {
        Path file = Files.createFile(dir.resolve("spool"));
        InputStream breaking = new Trickle(random(SIZE), 3) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() > (9 << 20)) {
                    throw new IOException("connection reset");
                }
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> Spool.spool(breaking, file, size -> { })).hasMessage("connection reset");
        assertThat(spoolThreads()).isZero();
    }

    @Test
    void aFileThatCannotBeWrittenFailsTheSpool() throws Exception {
        Path file = Files.createFile(dir.resolve("spool"));
        Files.delete(file);
        Files.createDirectory(file);
        assertThatThrownBy(() -> Spool.spool(new Trickle(random(SIZE), 4), file, size -> { }))
                .isInstanceOf(IOException.class);
        assertThat(spoolThreads()).isZero();
    }

    private static long spoolThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("ams-spool-")).count();
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(size);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Hands its bytes out in slices of random length (1 byte to 100 KiB), as a network stream does. */
    private static class Trickle extends InputStream {
        private final byte[] data;
        private final SplittableRandom random;
        private int pos;

        Trickle(byte[] data, long seed) {
            this.data = data;
            this.random = new SplittableRandom(seed);
        }

        int position() {
            return pos;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(100 << 10));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
