package io.amsfleet.server.support;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
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

    public static byte[] tar(Compression compression, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream compressed = wrap(compression, bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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
