package io.amsfleet.server.support;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small image tarballs made in the test, each with unique content unless told otherwise. */
public final class TestTarballs {
    private TestTarballs() {
    }

    public enum Compression { GZIP, BZIP2, XZ, NONE }

    public static byte[] image() {
        return image(Compression.GZIP, "x86_64", UUID.randomUUID().toString());
    }

    public static byte[] image(Compression compression, String architecture, String payload) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.yaml", ("architecture: " + architecture + "\ncreation_date: 1700000000\n")
                .getBytes(StandardCharsets.UTF_8));
        entries.put("rootfs/payload.txt", payload.getBytes(StandardCharsets.UTF_8));
        return tar(compression, entries);
    }

    /** One tar entry of any type, name and link target, hostile ones included. */
    public record Entry(String name, byte type, String link, byte[] data) {
        public static Entry file(String name, String text) {
            return new Entry(name, TarConstants.LF_NORMAL, null, text.getBytes(StandardCharsets.UTF_8));
        }

        public static Entry dir(String name) {
            return new Entry(name, TarConstants.LF_DIR, null, new byte[0]);
        }

        public static Entry symlink(String name, String target) {
            return new Entry(name, TarConstants.LF_SYMLINK, target, new byte[0]);
        }

        public static Entry hardLink(String name, String target) {
            return new Entry(name, TarConstants.LF_LINK, target, new byte[0]);
        }

        /** A device or fifo: {@link TarConstants#LF_CHR}, {@link TarConstants#LF_BLK}, {@link TarConstants#LF_FIFO}. */
        public static Entry special(String name, byte type) {
            return new Entry(name, type, null, new byte[0]);
        }

        public static Entry metadata() {
            return file("metadata.yaml", "architecture: x86_64\n");
        }

        @Override
        public String toString() {
            return (char) type + ":" + name + (link == null ? "" : " -> " + link);
        }
    }

    /** A tar of exactly these entries, names kept as given (absolute ones too). */
    public static byte[] tar(Compression compression, List<Entry> entries) {
        return compress(compression, plainTar(entries));
    }

    public static byte[] plainTar(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
                if (e.link() != null) {
                    entry.setLinkName(e.link());
                }
                put(tar, entry, e.data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** One compressed member (or the bytes themselves, for NONE). */
    public static byte[] compress(Compression compression, byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = wrap(compression, bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Byte strings one after the other: compressed members so joined make a multi-member stream. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            bytes.writeBytes(p);
        }
        return bytes.toByteArray();
    }

    /**
     * A tarball with metadata.yaml and one file of {@code zeros} zero bytes, compressed as it is
     * written, so that a bomb never exists expanded in the test's memory; {@code noise} random
     * bytes first lower its compression ratio.
     */
    public static byte[] zeros(Compression compression, int noise, long zeros) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream compressed = wrap(compression, bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            put(tar, new TarArchiveEntry("metadata.yaml"), Entry.metadata().data());
            TarArchiveEntry z = new TarArchiveEntry("rootfs/zeros");
            z.setSize(noise + zeros);
            tar.putArchiveEntry(z);
            byte[] random = new byte[noise];
            new java.util.Random(noise).nextBytes(random);
            tar.write(random);
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                tar.write(block, 0, (int) Math.min(left, block.length));
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A gzipped tarball whose first 16 MiB (zeros) expand some 1000-fold, followed by 1.5 MiB of
     * noise: 11-fold in all, so within a ratio of 100 only when its whole size is known.
     */
    public static byte[] farExpandingAtFirst() {
        byte[] noise = new byte[3 << 19];
        new java.util.Random(3).nextBytes(noise);
        return tar(Compression.GZIP, List.of(Entry.metadata(),
                new Entry("rootfs/zeros", TarConstants.LF_NORMAL, null, new byte[16 << 20]),
                new Entry("rootfs/noise", TarConstants.LF_NORMAL, null, noise)));
    }

    /** Regular files, names kept as given. */
    public static byte[] tar(Compression compression, Map<String, byte[]> entries) {
        return tar(compression, entries.entrySet().stream()
                .map(e -> new Entry(e.getKey(), TarConstants.LF_NORMAL, null, e.getValue())).toList());
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] data) throws IOException {
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static OutputStream wrap(Compression c, OutputStream out) throws IOException {
        return switch (c) {
            case GZIP -> new GzipCompressorOutputStream(out);
            case BZIP2 -> new BZip2CompressorOutputStream(out);
            case XZ -> new XZCompressorOutputStream(out);
            case NONE -> out;
        };
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
