package io.amsfleet.server.application;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.content.BlobStore;
import io.amsfleet.server.content.Spool;
import io.amsfleet.server.image.TarballInspector;
import io.amsfleet.server.image.UploadLimits;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Receives an application package (AMS: a bzip2 tarball or a zip holding {@code manifest.yaml},
 * optionally {@code app.apk}, hooks and extra data): streams it to a temporary file while hashing
 * it, bounded by the image upload's size limit, then checks it whole with the image tarball's
 * rules ({@link TarballInspector}: entry names, links, devices, expansion) and reads its manifest.
 * A refused package leaves no file behind.
 */
@Singleton
class PackageReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(PackageReceiver.class);
    static final TarballInspector.Kind PACKAGE = new TarballInspector.Kind(Manifest.FILE, ReasonCode.INVALID_PACKAGE,
            "package");

    private final BlobStore blobs;
    private final JsonBodies json;
    private final long maxSize;
    private final TarballInspector.Limits expansion;

    PackageReceiver(BlobStore blobs, JsonBodies json, UploadLimits limits) {
        this.blobs = blobs;
        this.json = json;
        this.maxSize = limits.maxImageSize();
        this.expansion = new TarballInspector.Limits(limits.maxExpandedSize(), limits.maxExpansionRatio(),
                limits.expansionRatioFloor());
    }

    /** A package received and checked, waiting in a temporary file that the caller removes. */
    record Received(Path file, String sha256, long size, Manifest manifest) {
        void discard() {
            Spool.removeTemporary(file);
        }
    }

    /**
     * The SDK's {@code upload}: {@code X-AMS-Fingerprint} is the package's sha256 (checked when
     * given) and {@code X-AMS-Request} is empty for an application (anything else is refused: a
     * package's details are in its manifest).
     */
    Received receive(InputStream body, String fingerprint, String request, Long contentLength,
                     BooleanSupplier clientGone) {
        String expected = fingerprint == null || fingerprint.isBlank() ? null : fingerprint.trim().toLowerCase(Locale.ROOT);
        if (expected != null && !expected.matches("[0-9a-f]{64}")) {
            throw new ApiException(ReasonCode.BAD_REQUEST, "X-AMS-Fingerprint must be a sha256 in hex (64 characters)");
        }
        if (request != null && !request.isBlank()) {
            throw ApiException.badRequest("X-AMS-Request takes no details for an application package; the package's"
                    + " manifest.yaml holds them");
        }
        if (contentLength != null && contentLength > maxSize) {
            throw tooLarge();
        }
        if (body == null) {
            throw new ApiException(ReasonCode.INVALID_PACKAGE, "the upload is empty");
        }
        Path file = null;
        try {
            file = blobs.newTempFile("package");
            Spool.Spooled spooled = Spool.spool(body, file, size -> {
                if (size > maxSize) {
                    throw tooLarge();
                }
                if (clientGone.getAsBoolean()) {
                    throw new ApiException(ReasonCode.BAD_REQUEST, "the client closed the connection; nothing was kept");
                }
            });
            if (spooled.size() == 0) {
                throw new ApiException(ReasonCode.INVALID_PACKAGE, "the upload is empty");
            }
            if (expected != null && !expected.equals(spooled.sha256())) {
                throw new ApiException(ReasonCode.FINGERPRINT_MISMATCH, "the package's sha256 is " + spooled.sha256()
                        + " but X-AMS-Fingerprint says " + expected, Map.of("expected", expected,
                        "actual", spooled.sha256()));
            }
            if (contentLength != null && spooled.size() != contentLength) {
                throw new ApiException(ReasonCode.BAD_REQUEST, "the upload was interrupted: " + spooled.size()
                        + " of the " + contentLength + " bytes its Content-Length declares arrived");
            }
            Manifest manifest = inspect(file, clientGone);
            return new Received(file, spooled.sha256(), spooled.size(), manifest);
        } catch (RuntimeException e) {
            Spool.removeTemporary(file);
            throw e;
        } catch (IOException e) {
            Spool.removeTemporary(file);
            throw new ApiException(ReasonCode.BAD_REQUEST, "the upload was interrupted: " + e.getMessage());
        }
    }

    private Manifest inspect(Path file, BooleanSupplier clientGone) throws IOException {
        TarballInspector.TopFile<Manifest> reader = in -> Manifest.of(
                TarballInspector.readYaml(in, Manifest.MAX_BYTES, PACKAGE), json);
        TarballInspector.Inspected<Manifest> found = isZip(file)
                ? TarballInspector.inspectZip(file, expansion, clientGone, PACKAGE, reader)
                : TarballInspector.inspect(file, expansion, clientGone, PACKAGE, reader);
        Set<String> allowed = found.top().allowedTopNames();
        Set<String> extra = new TreeSet<>(found.topLevel());
        extra.removeAll(allowed);
        if (!extra.isEmpty()) {
            throw new ApiException(ReasonCode.INVALID_PACKAGE, "the package holds " + extra.stream().limit(5)
                    .map(Manifest::printable).toList() + " at its top, which is none of manifest.yaml, app.apk,"
                    + " hooks or an extra-data entry its manifest names");
        }
        return found.top();
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && (magic[2] == 3 && magic[3] == 4
                    || magic[2] == 5 && magic[3] == 6);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ReasonCode.PAYLOAD_TOO_LARGE, "the package is larger than the limit of " + maxSize
                + " bytes (AMS_MAX_IMAGE_SIZE)", Map.of("limit", maxSize));
    }

}
