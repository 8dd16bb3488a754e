package io.amsfleet.server.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        InputStream breaking = breakingAfter(9 << 20, 3);
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

    // ---- a reader beside the spool ----

    @Test
    void aReaderSeesExactlyTheBytesThatAreHashedAndStored() throws Exception {
        byte[] data = random(SIZE);
        Path file = Files.createFile(dir.resolve("spool"));
        Spool.Read<String> read = Spool.spool(new Trickle(data, 5), file, size -> { }, in -> {
            MessageDigest seen = sha256();
            byte[] b = new byte[7_777];
            for (int n; (n = in.read(b, 0, b.length)) >= 0; ) {
                seen.update(b, 0, n);
                int one = in.read();
                if (one >= 0) {
                    seen.update((byte) one);
                }
            }
            return HexFormat.of().formatHex(seen.digest());
        });
        assertThat(read.result()).isEqualTo(read.spooled().sha256());
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(spoolThreads()).isZero();
    }

    @Test
    void aReaderThatStopsEarlyDoesNotHoldTheSpoolBack() throws Exception {
        byte[] data = random(SIZE);
        Path file = Files.createFile(dir.resolve("spool"));
        Spool.Read<Integer> read = Spool.spool(new Trickle(data, 6), file, size -> { }, in -> in.read());
        assertThat(read.result()).isEqualTo(data[0] & 0xff);
        assertThat(read.spooled().size()).isEqualTo(SIZE);
        assertThat(Files.size(file)).isEqualTo(SIZE);
    }

    @Test
    void aReaderThatRefusesStopsTheSpoolBeforeTheStreamIsRead() throws Exception {
        Path file = Files.createFile(dir.resolve("spool"));
        Trickle stream = new Trickle(random(SIZE), 7);
        assertThatThrownBy(() -> Spool.spool(stream, file, size -> { }, in -> {
            in.readNBytes(1 << 20);
            throw new IllegalArgumentException("refused");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("refused");
        // The reader saw the first buffer; the spool stops within the buffers that were in flight.
        assertThat(stream.position()).isLessThan(12 << 20);
        assertThat(spoolThreads()).isZero();
    }

    @Test
    void aReaderRefusingAtTheEndFailsTheSpool() throws Exception {
        Path file = Files.createFile(dir.resolve("spool"));
        assertThatThrownBy(() -> Spool.spool(new Trickle(random(SIZE), 8), file, size -> { }, in -> {
            in.transferTo(OutputStream.nullOutputStream());
            throw new IOException("not an image");
        })).hasMessage("not an image");
        assertThat(spoolThreads()).isZero();
    }

    @Test
    void aBrokenStreamStopsAReaderThatIsWaitingForBytes() throws Exception {
        Path file = Files.createFile(dir.resolve("spool"));
        InputStream breaking = breakingAfter(3 << 20, 9);
        assertThatThrownBy(() -> Spool.spool(breaking, file, size -> { },
                in -> in.transferTo(OutputStream.nullOutputStream()))).hasMessage("connection reset");
        assertThat(spoolThreads()).isZero();
    }

    /** A stream of {@link #SIZE} random bytes whose connection resets once past {@code bytes}. */
    private static InputStream breakingAfter(int bytes, long seed) {
        return new Trickle(random(SIZE), seed) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() > bytes) {
                    throw new IOException("connection reset");
                }
                return super.read(b, off, len);
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
