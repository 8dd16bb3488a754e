package io.amsfleet.server.trash;

import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.TrashItem;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.content.BlobStore;
import io.amsfleet.server.content.ContentCollector;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.events.Events;
import io.amsfleet.server.events.LifecycleAction;
import io.amsfleet.server.image.Digests;
import io.amsfleet.server.image.ImageBin;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageEvents;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.ImageTypes;
import io.amsfleet.server.operation.OperationStore;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recycle bin's API (docs/trash.md): listing it, restoring an entry and purging entries, by
 * request or once their window has passed ({@link TrashPurge}). The rows are {@code image}'s
 * ({@link ImageBin}); what is decided here is when an entry may come back or go.
 *
 * <p>A restore and a purge of one entry both lock its row first thing after the type's and image's
 * locks, so that of two racing, the second finds it gone: nothing comes back twice and no content
 * is released twice. Content is checked against its sha256 before the restoring transaction; the
 * entry's own reference keeps it in the store until that transaction has decided.
 */
@Singleton
public class TrashService {
    private static final int MAX_LISTED = 10;
    private static final int BATCH = 100;

    private final Transactions tx;
    private final ImageBin bin;
    private final ImageCatalogue catalogue;
    private final ImageEvents imageEvents;
    private final Events events;
    private final OperationStore operations;
    private final AuditLog audit;
    private final ContentCollector collector;
    private final BlobStore blobs;

    public TrashService(Transactions tx, ImageBin bin, ImageCatalogue catalogue, ImageEvents imageEvents, Events events,
                        OperationStore operations, AuditLog audit, ContentCollector collector, BlobStore blobs) {
        this.tx = tx;
        this.bin = bin;
        this.catalogue = catalogue;
        this.imageEvents = imageEvents;
        this.events = events;
        this.operations = operations;
        this.audit = audit;
        this.collector = collector;
        this.blobs = blobs;
    }

    /** A page of the bin, newest first, and how many entries it holds. */
    public record Page(List<TrashItem> items, long total) {
    }

    public Page list(int offset, int limit) {
        return tx.read(() -> new Page(bin.page(offset, limit).stream().map(TrashService::view).toList(), bin.count()));
    }

    public TrashItem get(String reference) {
        return tx.read(() -> view(resolve(reference)));
    }

    /**
     * Brings the entry back, or refuses with why: the name is taken ({@code name_taken}; give
     * {@code newName}), the version's image is binned itself ({@code image_in_trash}; restore it
     * first or give {@code withImage}), the content is missing or damaged ({@code content_gone}),
     * or the entry went meanwhile ({@code not_found}). With {@code withImage}, a version whose image
     * is binned comes back with it in one transaction: both or neither; {@code newName} then names
     * the image.
     */
    public Operation restore(String reference, String newName, boolean withImage) {
        if (newName != null) {
            ImageTypes.checkName("image", newName);
        }
        ImageBin.Item seen = tx.read(() -> resolve(reference));
        if (withImage && seen.wholeImage()) {
            throw ApiException.badRequest("with_image brings a version back together with its binned image; "
                    + describe(seen) + " is a whole image");
        }
        ImageBin.Item imageSeen = withImage ? tx.read(() -> bin.imageEntry(seen.imagePk())).orElse(null) : null;
        ImageBin.Item named = imageSeen != null ? imageSeen : seen;
        if (newName != null) {
            if (!named.wholeImage()) {
                throw ApiException.badRequest("a version comes back into its image, under its name: give no name");
            }
            if (named.immutable()) {
                throw ApiException.badRequest("image " + named.name() + " is synced from the image server and comes"
                        + " back under the name the image server gives it; free that name first");
            }
        }
        if (imageSeen != null) {
            verifyContent(imageSeen);
        }
        verifyContent(seen);
        if (imageSeen != null) {
            return tx.write(() -> restoreWithImage(seen, imageSeen, newName));
        }
        return tx.write(() -> seen.wholeImage() ? restoreImage(seen, newName) : restoreVersion(seen));
    }

    private Operation restoreImage(ImageBin.Item seen, String newName) {
        catalogue.lockType(seen.type());
        ImageBin.Item item = lockOrGone(seen.id());
        ImageRecord image = putImageBack(item, newName);
        Map<String, Object> meta = restoredMeta(item, image);
        meta.put("default", image.isDefault());
        meta.put("used_by", catalogue.applicationsUsing(image.pk()).stream().map(a -> a.id()).toList());
        Operation op = operations.recordSuccess("Restore image " + image.name() + " from the recycle bin",
                Map.of("images", List.of("/1.0/images/" + image.id())), meta);
        audit.recordSuccess(AuditLog.Target.image(AuditAction.TRASH_RESTORE, image.id(), image.name(), null,
                false), op.id());
        return op;
    }

    /** The image entry, locked with its type, back under its name or {@code newName}. */
    private ImageRecord putImageBack(ImageBin.Item item, String newName) {
        String name = newName == null ? item.name() : newName;
        catalogue.findByName(name, item.type()).ifPresent(other -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("trash_id", item.id());
            details.put("name", name);
            details.put("type", item.type());
            details.put("taken_by", other.id());
            throw new ApiException(ReasonCode.NAME_TAKEN, "the " + item.type() + " image name " + name
                    + " is taken by image " + other.id() + " since the delete; restore under another name with"
                    + " {\"name\": \"<new name>\"}", details);
        });
        // The first image of a type becomes its default, as an upload's would; never a second one.
        boolean makeDefault = catalogue.findDefault(item.type()).isEmpty();
        ImageRecord image = bin.restoreImage(item, name, makeDefault);
        imageEvents.restored(image, item);
        return image;
    }

    /**
     * The image's entry and then the version's, in one transaction. When the image came back
     * meanwhile (another restore), only the version is left to bring back.
     */
    private Operation restoreWithImage(ImageBin.Item seen, ImageBin.Item imageSeen, String newName) {
        catalogue.lockType(seen.type());
        if (catalogue.lock(seen.imagePk()).isPresent()) {
            return restoreVersion(seen);
        }
        ImageBin.Item imageItem = lockOrGone(imageSeen.id());
        ImageRecord image = putImageBack(imageItem, newName);
        ImageBin.Item item = lockOrGone(seen.id());
        bin.restoreVersion(item, image);
        imageEvents.versionRestored(image, item);
        image = catalogue.lock(image.pk()).orElseThrow();
        Map<String, Object> meta = restoredMeta(item, image);
        meta.put("version", item.version());
        meta.put("image_trash_id", imageItem.id());
        meta.put("versions", java.util.stream.Stream.concat(imageItem.versions().stream(), item.versions().stream())
                .map(ImageBin.Binned::version).sorted().toList());
        meta.put("default", image.isDefault());
        meta.put("used_by", catalogue.applicationsUsing(image.pk()).stream().map(a -> a.id()).toList());
        Operation op = operations.recordSuccess("Restore image " + image.name() + " and its version "
                + item.version() + " from the recycle bin", Map.of("images", List.of("/1.0/images/" + image.id())),
                meta);
        audit.recordSuccess(AuditLog.Target.image(AuditAction.TRASH_RESTORE, image.id(), image.name(), null,
                false), op.id());
        audit.recordSuccess(AuditLog.Target.image(AuditAction.TRASH_RESTORE, image.id(), image.name(),
                item.version(), false), op.id());
        return op;
    }

    private Operation restoreVersion(ImageBin.Item seen) {
        ImageRecord image = catalogue.lock(seen.imagePk()).orElseThrow(() -> bin.imageEntry(seen.imagePk())
                .map(entry -> new ApiException(ReasonCode.IMAGE_IN_TRASH, "version " + seen.version() + " of "
                        + seen.name() + " belongs to an image that is in the recycle bin itself; restore the image"
                        + " first (POST /1.0/trash/" + entry.id() + "/restore), or both together with"
                        + " {\"with_image\": true}",
                        Map.of("trash_id", seen.id(), "image_trash_id", entry.id(), "image_id", seen.imageId())))
                .orElseGet(() -> new ApiException(ReasonCode.NOT_FOUND, "version " + seen.version() + " of "
                        + seen.name() + " cannot come back: its image was purged from the recycle bin",
                        Map.of("trash_id", seen.id(), "image_id", seen.imageId()))));
        ImageBin.Item item = lockOrGone(seen.id());
        bin.restoreVersion(item, image);
        imageEvents.versionRestored(image, item);
        Map<String, Object> meta = restoredMeta(item, image);
        meta.put("version", item.version());
        Operation op = operations.recordSuccess("Restore version " + item.version() + " of image " + image.name()
                + " from the recycle bin", Map.of("images", List.of("/1.0/images/" + image.id())), meta);
        audit.recordSuccess(AuditLog.Target.image(AuditAction.TRASH_RESTORE, image.id(), image.name(),
                item.version(), false), op.id());
        return op;
    }

    private static Map<String, Object> restoredMeta(ImageBin.Item item, ImageRecord image) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trash_id", item.id());
        meta.put("image_id", image.id());
        meta.put("name", image.name());
        meta.put("type", image.type());
        meta.put("versions", item.versions().stream().map(ImageBin.Binned::version).toList());
        return meta;
    }

    /** Removes one entry for good, by request. */
    public Operation purge(String reference) {
        ImageBin.Item seen = tx.read(() -> resolve(reference));
        Purged purged = tx.write(() -> {
            ImageBin.Item item = lockOrGone(seen.id());
            List<String> content = purgeLocked(item, "requested");
            Operation op = operations.recordSuccess("Purge " + describe(item) + " from the recycle bin",
                    Map.of(), purgedMeta(item));
            audit.recordSuccess(AuditLog.Target.image(AuditAction.TRASH_PURGE, item.imageId(), item.name(),
                    item.version(), false), op.id());
            return new Purged(op, content);
        });
        collector.collectLater(purged.content());
        return purged.operation();
    }

    private record Purged(Operation operation, List<String> content) {
    }

    /**
     * Removes every entry deleted before {@code before} (at most now), each in a transaction of
     * its own; one operation records how many went.
     */
    public Operation purgeBefore(Instant before) {
        long cutoff = Math.min(before.toEpochMilli(), System.currentTimeMillis());
        int purged = purgeAll(() -> bin.deletedBefore(cutoff, BATCH), "requested");
        return tx.write(() -> {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("before", Instant.ofEpochMilli(cutoff).toString());
            meta.put("purged", purged);
            Operation op = operations.recordSuccess("Purge " + purged + " entries deleted before "
                    + Instant.ofEpochMilli(cutoff) + " from the recycle bin", Map.of(), meta);
            audit.recordSuccess(AuditLog.Target.other(AuditAction.TRASH_PURGE_BEFORE,
                    Instant.ofEpochMilli(cutoff).toString()), op.id());
            return op;
        });
    }

    /** The purge job's work: every entry whose window has passed. Returns how many went. */
    int purgeExpired() {
        return purgeAll(() -> bin.due(System.currentTimeMillis(), BATCH), "expired");
    }

    private int purgeAll(java.util.function.Supplier<List<String>> next, String why) {
        int purged = 0;
        java.util.Set<String> tried = new java.util.HashSet<>();
        List<String> ids;
        while (!(ids = tx.read(next)).isEmpty() && tried.addAll(ids)) {
            for (String id : ids) {
                List<String> content = tx.write(() -> bin.lock(id).map(item -> {
                    List<String> held = purgeLocked(item, why);
                    if (why.equals("expired")) {
                        audit.recordSuccess(AuditLog.Target.image(AuditAction.TRASH_PURGE, item.imageId(),
                                item.name(), item.version(), false));
                    }
                    return held;
                }).orElse(null));
                if (content != null) {
                    purged++;
                    collector.collectLater(content);
                }
            }
        }
        return purged;
    }

    private List<String> purgeLocked(ImageBin.Item item, String why) {
        List<String> content = bin.purge(item);
        Map<String, Object> context = purgedMeta(item);
        context.put("reason", why);
        events.lifecycle(LifecycleAction.TRASH_PURGED, "/1.0/trash/" + item.id(), context);
        return content;
    }

    private static Map<String, Object> purgedMeta(ImageBin.Item item) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trash_id", item.id());
        meta.put("kind", item.kind());
        meta.put("image_id", item.imageId());
        meta.put("name", item.name());
        meta.put("type", item.type());
        if (item.version() != null) {
            meta.put("version", item.version());
        }
        return meta;
    }

    private static String describe(ImageBin.Item item) {
        return item.wholeImage() ? "image " + item.name() : "version " + item.version() + " of image " + item.name();
    }

    private ImageBin.Item lockOrGone(String id) {
        return bin.lock(id).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "recycle bin entry " + id
                + " is gone (restored or purged meanwhile)", Map.of("trash_id", id)));
    }

    /**
     * The entry a reference names: its id, or {@code sha256:<fingerprint>} (a prefix of at least
     * 12 hex digits) of a version it holds. Must run in a transaction.
     */
    private ImageBin.Item resolve(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 80) {
            throw ApiException.badRequest("a recycle bin entry is named by its id or sha256:<fingerprint>");
        }
        if (!Digests.isDigest(reference)) {
            return bin.find(reference).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                    "no recycle bin entry " + reference, Map.of("trash_id", reference)));
        }
        List<ImageBin.DigestMatch> matches = bin.byFingerprint(Digests.pattern(reference), MAX_LISTED + 1);
        List<String> ids = matches.stream().map(ImageBin.DigestMatch::id).distinct().toList();
        if (ids.isEmpty()) {
            throw new ApiException(ReasonCode.NOT_FOUND, "no version in the recycle bin has content " + reference,
                    Map.of("trash_id", reference));
        }
        if (ids.size() > 1) {
            List<Map<String, Object>> listed = matches.stream().limit(MAX_LISTED).map(m -> {
                Map<String, Object> match = new LinkedHashMap<>();
                match.put("trash_id", m.id());
                match.put("version", m.version());
                match.put("fingerprint", m.fingerprint());
                return match;
            }).toList();
            throw new ApiException(ReasonCode.AMBIGUOUS, "content " + reference + " is held by several recycle bin"
                    + " entries; name one by its id", Map.of("matches", listed));
        }
        return bin.find(ids.get(0)).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                "recycle bin entry " + ids.get(0) + " is gone (restored or purged meanwhile)"));
    }

    /**
     * Reads every blob the entry holds and checks it against its sha256, before anything comes
     * back: a restore never puts back a version whose content is gone or damaged.
     */
    private void verifyContent(ImageBin.Item item) {
        for (String sha : item.content()) {
            String why = null;
            try (InputStream in = blobs.open(sha)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
                    why = "damaged: its bytes no longer match their sha256";
                }
            } catch (IOException e) {
                why = "missing from the content store";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (why != null) {
                throw new ApiException(ReasonCode.CONTENT_GONE, describe(item) + " cannot be restored: content "
                        + sha + " is " + why, Map.of("trash_id", item.id(), "sha256", sha,
                        "cause", why.startsWith("missing") ? "missing" : "damaged"));
            }
        }
    }

    static TrashItem view(ImageBin.Item i) {
        ImageBin.Binned only = i.wholeImage() || i.versions().isEmpty() ? null : i.versions().get(0);
        return new TrashItem(i.id(), i.kind(), i.imageId(), i.name(), i.type(), i.version(),
                i.wholeImage() ? i.versions().stream().map(ImageBin.Binned::version).toList() : null,
                only == null ? null : only.fingerprint(), i.size(), Instant.ofEpochMilli(i.deletedAt()).toString(),
                i.deletedBy(), i.forced(), Instant.ofEpochMilli(i.purgeAt()).toString());
    }
}
