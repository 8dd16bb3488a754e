package io.amsfleet.server.image;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an uploaded file is an image tarball — gzip, bzip2, xz or plain tar with a
 * {@code metadata.yaml} at its top — and reads that metadata. Entries are read only up to the
 * metadata, and the metadata itself is bounded, so that a hostile archive cannot make the server
 * decompress without end.
 */
public final class TarballInspector {
    static final int MAX_METADATA_BYTES = 1 << 20;
    private static final Set<String> ACCEPTED = Set.of(CompressorStreamFactory.GZIP, CompressorStreamFactory.BZIP2,
            CompressorStreamFactory.XZ);

    private TarballInspector() {
    }

    /** What {@code metadata.yaml} says; fields are null where it says nothing. */
    public record Metadata(String architecture, String compression) {
    }

    public static Metadata inspect(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            String compression = detectCompression(raw);
            InputStream tarStream = compression == null ? raw
                    : new CompressorStreamFactory().createCompressorInputStream(compression, raw);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(tarStream)) {
                TarArchiveEntry entry;
                boolean any = false;
                while ((entry = tar.getNextEntry()) != null) {
                    any = true;
                    checkEntry(entry);
                    String name = normalise(entry.getName());
                    if (name.equals("metadata.yaml")) {
                        if (!entry.isFile()) {
                            throw invalid("metadata.yaml must be a regular file");
                        }
                        return new Metadata(readArchitecture(tar), compression == null ? "none" : compression);
                    }
                }
                throw invalid(any ? "the tarball has no metadata.yaml at its top" : "the upload is not a tar archive");
            }
        } catch (ApiException e) {
            throw e;
        } catch (IOException | CompressorException | RuntimeException e) {
            throw invalid("the upload is not a readable image tarball (" + oneLine(e) + ")");
        }
    }

    private static String detectCompression(InputStream in) throws IOException {
        try {
            String detected = CompressorStreamFactory.detect(in);
            if (!ACCEPTED.contains(detected)) {
                throw invalid("compression " + detected + " is not accepted; use gzip, bzip2, xz or a plain tar");
            }
            return detected;
        } catch (CompressorException notCompressed) {
            return null;
        }
    }

    private static void checkEntry(TarArchiveEntry entry) {
        String name = entry.getName();
        if (name.startsWith("/") || escapes(name)) {
            throw invalid("tarball entry " + printable(name) + " points outside the image");
        }
        if ((entry.isSymbolicLink() || entry.isLink())) {
            String target = entry.getLinkName();
            boolean absolute = target.startsWith("/");
            String resolved = entry.isSymbolicLink() && !absolute ? parentOf(name) + target : target;
            if (entry.isLink() && absolute || escapes(resolved)) {
                throw invalid("tarball link " + printable(name) + " points outside the image");
            }
        }
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash + 1);
    }

    /** Whether a relative path climbs above its root. */
    private static boolean escapes(String path) {
        int depth = 0;
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }

    private static String readArchitecture(InputStream entry) throws IOException {
        byte[] bytes = entry.readNBytes(MAX_METADATA_BYTES + 1);
        if (bytes.length > MAX_METADATA_BYTES) {
            throw invalid("metadata.yaml is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_METADATA_BYTES);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw invalid("metadata.yaml is not valid YAML (" + oneLine(e) + ")");
        }
        if (doc != null && !(doc instanceof Map<?, ?>)) {
            throw invalid("metadata.yaml must be a YAML mapping");
        }
        Object arch = doc == null ? null : ((Map<?, ?>) doc).get("architecture");
        return arch == null ? null : ImageTypes.checkArchitecture(arch.toString());
    }

    private static ApiException invalid(String message) {
        return new ApiException(ReasonCode.INVALID_IMAGE, message);
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s+", " ");
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
