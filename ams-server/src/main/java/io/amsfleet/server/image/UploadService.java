package io.amsfleet.server.image;

import io.amsfleet.model.ImageStatus;
import io.amsfleet.model.ImageUploadRequest;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.content.BlobStore;
import io.amsfleet.server.content.ContentCatalogue;
import io.amsfleet.server.content.Spool;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.operation.OperationStore;
import io.amsfleet.server.api.JsonBodies;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Receives image tarballs: streams the body to a temporary file while hashing it and checking it
 * (constant memory whatever the size, one pass over the bytes), then registers content, image and
 * version in one transaction. A rejected upload leaves nothing behind: no image, no version, no
 * file.
 */
@Singleton
public class UploadService {
    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    /** One thread renews every upload's hold: a renewal is one short UPDATE. */
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ams-upload-hold");
        t.setDaemon(true);
        return t;
    });

    private final Transactions tx;
    private final ImageLookup lookup;
    private final ImageCatalogue catalogue;
    private final ContentCatalogue content;
    private final BlobStore blobs;
    private final OperationStore operations;
    private final ImageEvents events;
    private final JsonBodies json;
    private final long maxImageSize;
    private final TarballInspector.Limits expansion;
    private final AuditLog audit;
    private final List<ImageVersionListener> listeners;
    /** How long an upload's hold on its image lasts unrenewed: what a killed process leaves lapses after it. */
    private final long leaseMillis;
    private final long renewMillis;

    public UploadService(Transactions tx, ImageLookup lookup, ImageCatalogue catalogue, ContentCatalogue content,
                         BlobStore blobs, OperationStore operations, JsonBodies json, UploadLimits limits,
                         AuditLog audit, UploadLease lease, ImageEvents events,
                         List<ImageVersionListener> listeners) {
        this.events = events;
        this.listeners = listeners;
        this.leaseMillis = lease.lease().toMillis();
        this.renewMillis = lease.renewInterval().toMillis();
        this.audit = audit;
        this.tx = tx;
        this.lookup = lookup;
        this.catalogue = catalogue;
        this.content = content;
        this.blobs = blobs;
        this.operations = operations;
        this.json = json;
        this.maxImageSize = limits.maxImageSize();
        this.expansion = new TarballInspector.Limits(limits.maxExpandedSize(), limits.maxExpansionRatio(),
                limits.expansionRatioFloor());
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }

    /** The refusal for an upload whose client disconnected before it was registered. */
    static ApiException abandoned() {
        return new ApiException(ReasonCode.BAD_REQUEST,
                "the client closed the connection before the upload was registered; nothing was kept");
    }

    /** A body that has been received, hashed and checked, waiting in a temporary file. */
    record Received(Path file, String sha256, long size, TarballInspector.Metadata metadata) {
    }

    /** {@code POST /1.0/images/}: a new image with version 0. */
    public Operation createImage(String requestHeader, String fingerprint, Long contentLength, InputStream body,
                                 BooleanSupplier clientGone) {
        ImageUploadRequest req = parseRequest(requestHeader, true);
        String name = ImageTypes.checkName("image", req.name());
        String type = ImageTypes.checkType(req.type());
        String variant = ImageTypes.checkVariant(req.variant());
        String requestedArch = req.architecture() == null || req.architecture().isEmpty() ? null
                : ImageTypes.checkArchitecture(req.architecture());
        checkLength(contentLength);
        if (tx.read(() -> catalogue.findByName(name, type)).isPresent()) {
            throw alreadyExists(name, type);
        }
        Received received = receive(body, fingerprint, contentLength, null, clientGone);
        try {
            TarballInspector.Metadata meta = received.metadata();
            String architecture = requestedArch != null ? requestedArch
                    : meta.architecture() != null ? meta.architecture() : "x86_64";
            boolean makeDefault = Boolean.TRUE.equals(req.makeDefault());
            requirePresent(clientGone);
            return tx.write(() -> {
                long ofType = catalogue.lockType(type);
                if (catalogue.findByName(name, type).isPresent()) {
                    throw alreadyExists(name, type);
                }
                String id = Xid.next();
                boolean isDefault = UploadPolicy.becomesDefault(ofType);
                long pk = catalogue.insertImage(id, name, type, architecture, variant, isDefault, false,
                        ImageStatus.ACTIVE.code(), System.currentTimeMillis() / 1000);
                catalogue.changeCount(type, 1);
                ImageRecord image = catalogue.lock(pk).orElseThrow();
                if (makeDefault && !isDefault) {
                    catalogue.makeDefault(image);
                }
                content.install(received.sha256(), received.size(), received.file());
                int version = catalogue.addVersion(image, received.sha256(), received.sha256(), received.size(),
                        ImageStatus.ACTIVE.code(), null);
                events.created(image);
                events.versionCreated(image, version);
                Operation op = record("Upload image " + name, image, version, received);
                audit.recordSuccess(AuditLog.Target.image(AuditAction.IMAGE_UPLOAD, image.id(), name, version, false), op.id());
                return op;
            });
        } finally {
            Spool.removeTemporary(received.file());
        }
    }

    /** {@code PATCH /1.0/images/{id}} with a tarball: the image's next version. */
    public Operation addVersion(String idOrName, String type, String requestHeader, String fingerprint,
                                Long contentLength, InputStream body, BooleanSupplier clientGone) {
        ImageUploadRequest req = requestHeader == null || requestHeader.isBlank() ? null
                : parseRequest(requestHeader, false);
        checkLength(contentLength);
        String lease = UUID.randomUUID().toString();
        ImageRecord image = tx.write(() -> {
            ImageRecord found = lookup.resolve(idOrName, type);
            ImageRecord locked = catalogue.lock(found.pk()).orElseThrow(() -> ApiException.notFound(
                    "image " + idOrName + " not found"));
            UploadPolicy.newVersionRefusal(locked, System.currentTimeMillis()).ifPresent(refused -> {
                throw new ApiException(refused.code(), refused.message(), Map.of("image", locked.id(), "name",
                        locked.name()));
            });
            catalogue.markBusy(locked.pk(), lease, System.currentTimeMillis() + leaseMillis);
            return locked;
        });
        Hold hold = new Hold(image, lease);
        Received received = null;
        try {
            received = receive(body, fingerprint, contentLength, hold, clientGone);
            Received r = received;
            boolean makeDefault = req != null && Boolean.TRUE.equals(req.makeDefault());
            hold.requireHeld();
            requirePresent(clientGone);
            return tx.write(() -> {
                if (makeDefault) {
                    catalogue.lockType(image.type());
                }
                ImageRecord locked = catalogue.lock(image.pk()).orElseThrow(() -> ApiException.notFound(
                        "image " + image.name() + " was deleted during the upload"));
                if (!lease.equals(locked.busyOperation())) {
                    throw new ApiException(ReasonCode.IMAGE_BUSY, "the upload to " + image.name()
                            + " stalled and lost its hold on the image; upload again", Map.of("image", image.id()));
                }
                content.install(r.sha256(), r.size(), r.file());
                int version = catalogue.addVersion(locked, r.sha256(), r.sha256(), r.size(), ImageStatus.ACTIVE.code(),
                        null);
                catalogue.clearBusy(locked.pk(), lease);
                events.versionCreated(locked, version);
                for (ImageVersionListener listener : listeners) {
                    listener.versionAdded(locked, version);
                }
                if (makeDefault && !locked.isDefault()) {
                    catalogue.makeDefault(locked);
                    events.updated(locked, Map.of("default", true));
                }
                Operation op = record("Upload version " + version + " of image " + locked.name(), locked, version, r);
                audit.recordSuccess(AuditLog.Target.image(AuditAction.IMAGE_UPDATE, locked.id(), locked.name(), version, false),
                        op.id());
                return op;
            });
        } finally {
            hold.stopRenewing();
            if (received != null) {
                Spool.removeTemporary(received.file());
            }
            try {
                tx.write(() -> {
                    catalogue.clearBusy(image.pk(), lease);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("could not release upload hold on {}: {} (it expires by itself)", image.name(), e.toString());
            }
        }
    }

    private Operation record(String description, ImageRecord image, int version, Received r) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("image_id", image.id());
        meta.put("name", image.name());
        meta.put("type", image.type());
        meta.put("version", version);
        meta.put("fingerprint", r.sha256());
        meta.put("size", r.size());
        return operations.recordSuccess(description, Map.of("images", List.of("/1.0/images/" + image.id())), meta);
    }

    /**
     * Streams the body to a temporary file, hashing and checking the tarball as it goes, and stops
     * as soon as it passes the size limit, the tarball is refused, or the upload's hold on its
     * image (if it has one) is lost. The check runs beside the spool on the same bytes, so that it
     * ends about when the last byte lands instead of reading the file a second time.
     */
    Received receive(InputStream body, String fingerprint, Long contentLength, Hold hold, BooleanSupplier clientGone) {
        String expected = fingerprint == null || fingerprint.isBlank() ? null : fingerprint.trim().toLowerCase(Locale.ROOT);
        if (expected != null && !expected.matches("[0-9a-f]{64}")) {
            throw new ApiException(ReasonCode.BAD_REQUEST, "X-AMS-Fingerprint must be a sha256 in hex (64 characters)");
        }
        if (body == null) {
            throw new ApiException(ReasonCode.INVALID_IMAGE, "the upload is empty");
        }
        Path file = null;
        try {
            file = blobs.newTempFile("upload");
            Spool.Read<Optional<TarballInspector.Metadata>> read = Spool.spool(body, file, size -> {
                if (size > maxImageSize) {
                    throw new ApiException(ReasonCode.PAYLOAD_TOO_LARGE, "the image is larger than the limit of "
                            + maxImageSize + " bytes (AMS_MAX_IMAGE_SIZE)", Map.of("limit", maxImageSize));
                }
                if (hold != null) {
                    hold.requireHeld();
                }
            }, bytes -> TarballInspector.inspectArriving(bytes, contentLength, expansion, clientGone));
            Spool.Spooled spooled = read.spooled();
            long size = spooled.size();
            if (size == 0) {
                throw new ApiException(ReasonCode.INVALID_IMAGE, "the upload is empty");
            }
            String sha = spooled.sha256();
            if (expected != null && !expected.equals(sha)) {
                throw new ApiException(ReasonCode.FINGERPRINT_MISMATCH, "the upload's sha256 is " + sha
                        + " but X-AMS-Fingerprint says " + expected, Map.of("expected", expected, "actual", sha));
            }
            if (contentLength != null && size != contentLength) {
                // The expansion ratio was taken to the declared length.
                throw new ApiException(ReasonCode.BAD_REQUEST, "the upload was interrupted: " + size + " of the "
                        + contentLength + " bytes its Content-Length declares arrived");
            }
            // Empty only for a body of unknown length whose beginning expands far: judged whole.
            TarballInspector.Metadata meta = read.result().isPresent() ? read.result().get()
                    : TarballInspector.inspect(file, expansion, clientGone);
            return new Received(file, sha, size, meta);
        } catch (RuntimeException e) {
            Spool.removeTemporary(file);
            throw e;
        } catch (IOException e) {
            Spool.removeTemporary(file);
            throw new ApiException(ReasonCode.BAD_REQUEST, "the upload was interrupted: " + e.getMessage());
        }
    }

    private static void requirePresent(BooleanSupplier clientGone) {
        if (clientGone.getAsBoolean()) {
            throw abandoned();
        }
    }

    /**
     * An upload's hold on its image, renewed on a timer for as long as the request runs: a slow
     * client may send nothing for minutes (the spool reports progress per full buffer only), and
     * the hold must not lapse under it.
     */
    final class Hold {
        private final ImageRecord image;
        private final String lease;
        private final ScheduledFuture<?> renewal;
        private volatile boolean lost;

        Hold(ImageRecord image, String lease) {
            this.image = image;
            this.lease = lease;
            this.renewal = renewals.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis,
                    TimeUnit.MILLISECONDS);
        }

        private void renew() {
            if (lost) {
                return;
            }
            try {
                lost = tx.write(() -> catalogue.extendBusy(image.pk(), lease,
                        System.currentTimeMillis() + leaseMillis)) == 0;
            } catch (RuntimeException e) {
                // The lease still runs; the next renewal may get through.
                LOG.warn("could not renew the upload hold on {}: {}", image.name(), e.toString());
            }
        }

        void requireHeld() {
            if (lost) {
                throw new ApiException(ReasonCode.IMAGE_BUSY, "the upload to " + image.name()
                        + " lost its hold on the image (it was deleted or taken over)", Map.of("image", image.id()));
            }
        }

        void stopRenewing() {
            renewal.cancel(false);
        }
    }

    private void checkLength(Long contentLength) {
        if (contentLength != null && contentLength > maxImageSize) {
            throw new ApiException(ReasonCode.PAYLOAD_TOO_LARGE, "the image (" + contentLength
                    + " bytes) is larger than the limit of " + maxImageSize + " bytes (AMS_MAX_IMAGE_SIZE)",
                    Map.of("limit", maxImageSize));
        }
    }

    private ImageUploadRequest parseRequest(String header, boolean required) {
        if (header == null || header.isBlank()) {
            if (required) {
                throw ApiException.badRequest("the X-AMS-Request header is required: {\"name\": \"my-image\"}");
            }
            return null;
        }
        ImageUploadRequest req = json.read(header, ImageUploadRequest.class, "X-AMS-Request");
        if (req == null) {
            throw ApiException.badRequest("X-AMS-Request must be a JSON object: {\"name\": \"my-image\"}");
        }
        return req;
    }

    private static ApiException alreadyExists(String name, String type) {
        return new ApiException(ReasonCode.ALREADY_EXISTS, "a " + type + " image named " + name
                + " already exists; upload a new version with PATCH /1.0/images/" + name,
                Map.of("name", name, "type", type));
    }

}
