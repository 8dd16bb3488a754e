package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.model.Image;
import io.amsfleet.model.ImageStatus;
import io.amsfleet.model.ImageVersion;
import io.amsfleet.model.Role;

import java.util.List;

/** Maps catalogue rows to the AMS API shapes. */
public final class ImageViews {
    private ImageViews() {
    }

    /**
     * The image as {@code caller} sees it, with what deleting it or each of its versions would meet
     * now: the deletion rules applied to the rows already read, so a view costs no query of its own.
     *
     * @param pins         the applications pinning the image's versions, by name
     * @param imagesOfType how many images share its type; only looked at for a default image
     */
    public static Image image(ImageRecord r, List<VersionRecord> versions, List<ImagePins.Pin> pins,
                              long imagesOfType, List<String> entitlements, Role caller, long nowMillis) {
        ImageStatus status = ImageStatus.ofCode(r.statusCode());
        List<AppRef> users = pins.stream().map(ImagePins.Pin::application).distinct().toList();
        List<ImageVersion> shown = versions.stream().map(v -> version(v, DeletionPolicy.blockersFor(
                new DeletionFacts(r, versions, v.version(), 0, pinning(pins, v.version()), nowMillis), caller))).toList();
        List<DeletionPlan.Blocker> blockers = DeletionPolicy.blockersFor(
                new DeletionFacts(r, versions, null, imagesOfType, users, nowMillis), caller);
        return new Image(r.id(), r.name(), r.type(), r.architecture(), r.variant(), r.isDefault(), r.immutable(),
                status.label(), status.code(), shown, users.stream().map(AppRef::id).sorted().toList(), entitlements,
                blockers.stream().map(DeletionPlan.Blocker::view).toList(), r.protectedAt(nowMillis),
                r.pendingUnprotection(nowMillis) == null ? null
                        : java.time.Instant.ofEpochMilli(r.pendingUnprotection(nowMillis)).toString());
    }

    /** A version on its own, as a dry run lists what it would remove. */
    public static ImageVersion version(VersionRecord v) {
        return version(v, null);
    }

    private static ImageVersion version(VersionRecord v, List<DeletionPlan.Blocker> blockers) {
        ImageStatus status = ImageStatus.ofCode(v.statusCode());
        return new ImageVersion(v.version(), v.fingerprint(), v.size(), v.createdAt(), status.label(), status.code(),
                v.remoteId(), v.errorMessage(), v.lastUsedAt() == null ? null
                : java.time.Instant.ofEpochMilli(v.lastUsedAt()).toString(), blockers == null ? null
                : blockers.stream().map(DeletionPlan.Blocker::view).toList());
    }

    private static List<AppRef> pinning(List<ImagePins.Pin> pins, int version) {
        return pins.stream().filter(p -> p.version() == version).map(ImagePins.Pin::application)
                .distinct().toList();
    }
}
