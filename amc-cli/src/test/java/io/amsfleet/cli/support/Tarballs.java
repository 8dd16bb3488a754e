package io.amsfleet.cli.support;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Small image tarballs: a {@code metadata.yaml} at the top and a payload unique to each call. */
public final class Tarballs {
    private Tarballs() {
    }

    public static Path image(Path dir) {
        return image(dir, "x86_64");
    }

    public static Path image(Path dir, String architecture) {
        try {
            Path file = Files.createTempFile(dir, "image", ".tar.gz");
            try (OutputStream raw = Files.newOutputStream(file);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
                put(tar, "metadata.yaml", "architecture: " + architecture + "\ncreation_date: 1700000000\n");
                put(tar, "rootfs/payload.txt", UUID.randomUUID().toString());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
