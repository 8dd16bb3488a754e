package io.amsfleet.server.image;

import io.amsfleet.model.Image;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.operation.OperationStore;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the catalogue and switching the default image. */
@Singleton
public class ImageService {
    private final Transactions tx;
    private final ImageLookup lookup;
    private final ImageCatalogue catalogue;
    private final OperationStore operations;
    private final ImageEvents events;
    private final AuditLog audit;
    private final ImagePins pins;

    private final ProtectionSettings protection;

    public ImageService(Transactions tx, ImageLookup lookup, ImageCatalogue catalogue, OperationStore operations,
                        AuditLog audit, ImagePins pins, ImageEvents events, ProtectionSettings protection) {
        this.protection = protection;
        this.events = events;
        this.audit = audit;
        this.pins = pins;
        this.tx = tx;
        this.lookup = lookup;
        this.catalogue = catalogue;
        this.operations = operations;
    }

    /** An image with its entity tag. */
    public record Tagged(Image image, String etag) {
    }

    /** A page of images and how many match in all. */
    public record Page(List<Image> images, long total) {
    }

    public Tagged get(String idOrName, String type, List<String> entitlements, Role caller) {
        return tx.read(() -> {
            // A digest names a version, and so the image that holds it: as a delete by digest does.
            ImageRecord r = Digests.isDigest(idOrName) ? lookup.resolveDigest(idOrName).image()
                    : lookup.resolve(idOrName, type);
            return new Tagged(ImageViews.image(r, catalogue.versions(r.pk()),
                    pins.of(List.of(r.pk())).getOrDefault(r.pk(), List.of()), imagesOfType(r, new HashMap<>()),
                    entitlements, caller, System.currentTimeMillis()), r.etag());
        });
    }

    /**
     * One page: three queries whatever the page size (images, their versions, the applications
     * pinning them), and the count of a type only when the page holds that type's default.
     */
    public Page list(ImageFilter filter, int offset, int limit, List<String> entitlements, Role caller) {
        return tx.read(() -> {
            List<ImageRecord> rows = catalogue.page(filter, offset, limit);
            List<Long> pks = rows.stream().map(ImageRecord::pk).toList();
            Map<Long, List<VersionRecord>> versions = catalogue.versions(pks);
            Map<Long, List<ImagePins.Pin>> pinned = pins.of(pks);
            Map<String, Long> ofType = new HashMap<>();
            long now = System.currentTimeMillis();
            List<Image> images = rows.stream().map(r -> ImageViews.image(r, versions.getOrDefault(r.pk(), List.of()),
                    pinned.getOrDefault(r.pk(), List.of()), imagesOfType(r, ofType), entitlements, caller, now))
                    .toList();
            return new Page(images, catalogue.count(filter));
        });
    }

    /** Only a default image's rule looks at the others of its type, so only then are they counted. */
    private long imagesOfType(ImageRecord r, Map<String, Long> known) {
        return r.isDefault() ? known.computeIfAbsent(r.type(), catalogue::countOfType) : 0;
    }

    /** Ids of one page, for the non-recursive listing. */
    public Page listIds(ImageFilter filter, int offset, int limit) {
        return tx.read(() -> new Page(catalogue.page(filter, offset, limit).stream()
                .map(r -> new Image(r.id(), r.name(), r.type(), null, null, r.isDefault(), r.immutable(), null, 0,
                        null, null, null, null, null, null)).toList(), catalogue.count(filter)));
    }

    /** Makes the image the default of its type (SPEC §3: the only way a default changes). */
    public Operation makeDefault(String idOrName, String type) {
        return tx.write(() -> {
            ImageRecord found = lookup.resolve(idOrName, type);
            catalogue.lockType(found.type());
            ImageRecord image = catalogue.lock(found.pk()).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                    "image " + idOrName + " not found (it was deleted meanwhile)"));
            ImageRecord previous = catalogue.findDefault(image.type()).orElse(null);
            if (!image.isDefault()) {
                catalogue.makeDefault(image);
                events.updated(image, Map.of("default", true));
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("image_id", image.id());
            meta.put("name", image.name());
            meta.put("type", image.type());
            meta.put("previous_default", previous == null ? null : previous.id());
            Operation op = operations.recordSuccess("Make image " + image.name() + " the default " + image.type()
                    + " image", Map.of("images", List.of("/1.0/images/" + image.id())), meta);
            audit.recordSuccess(AuditLog.Target.image(AuditAction.IMAGE_DEFAULT, image.id(), image.name(), null, false), op.id());
            return op;
        });
    }

    /**
     * Protects the image from deletion, or asks for its protection to end. Protecting takes
     * effect at once and cancels a pending unprotection; unprotecting takes effect after
     * {@code AMS_PROTECTION_COOLDOWN}, so that whoever can delete cannot unprotect and delete in one
     * go (docs/trash.md). Asking again for what is already so changes nothing.
     */
    public Operation setProtection(String idOrName, String type, boolean protect) {
        return tx.write(() -> {
            ImageRecord found = lookup.resolve(idOrName, type);
            ImageRecord image = catalogue.lock(found.pk()).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                    "image " + idOrName + " not found (it was deleted meanwhile)"));
            long now = System.currentTimeMillis();
            boolean isProtected = image.protectedAt(now);
            Long pending = image.pendingUnprotection(now);
            Long unprotectAt = null;
            boolean changed;
            if (protect) {
                changed = !isProtected || pending != null;
                if (changed) {
                    catalogue.setProtection(image.pk(), true, null);
                }
            } else if (!isProtected || pending != null) {
                changed = false;
                unprotectAt = pending;
            } else {
                long cooldown = protection.cooldown().toMillis();
                unprotectAt = cooldown == 0 ? null : now + cooldown;
                catalogue.setProtection(image.pk(), cooldown != 0, unprotectAt);
                changed = true;
            }
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("protected", protect || unprotectAt != null);
            if (unprotectAt != null) {
                change.put("unprotect_at", java.time.Instant.ofEpochMilli(unprotectAt).toString());
            }
            if (changed) {
                events.updated(image, change);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("image_id", image.id());
            meta.put("name", image.name());
            meta.put("type", image.type());
            meta.putAll(change);
            String description = (protect ? "Protect image " : "Unprotect image ") + image.name()
                    + (unprotectAt == null ? "" : " at " + java.time.Instant.ofEpochMilli(unprotectAt));
            Operation op = operations.recordSuccess(description, Map.of("images", List.of("/1.0/images/" + image.id())),
                    meta);
            audit.recordSuccess(AuditLog.Target.image(protect ? AuditAction.IMAGE_PROTECT : AuditAction.IMAGE_UNPROTECT,
                    image.id(), image.name(), null, false), op.id());
            return op;
        });
    }
}
