package io.amsfleet.server.image;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.image.DeletionPlan.Blocker;

import java.util.List;
import java.util.Optional;

/**
 * The rules of adding to the catalogue, beside {@link DeletionPolicy}'s for taking away: which
 * image becomes its type's default, and when an image takes no new version. Pure, so that uploads
 * and the image-server sync cannot come to disagree.
 */
public final class UploadPolicy {
    private UploadPolicy() {
    }

    /**
     * Whether a new image becomes its type's default: only the first of its type, so that a type
     * in use always has one and an existing default never changes behind the admin's back.
     */
    public static boolean becomesDefault(long imagesOfTypeBefore) {
        return imagesOfTypeBefore == 0;
    }

    /** Why the image takes no uploaded version now, or empty when it does. */
    public static Optional<Blocker> newVersionRefusal(ImageRecord image, long nowMillis) {
        if (image.immutable()) {
            return Optional.of(new Blocker(ReasonCode.IMAGE_IMMUTABLE, "image " + image.name()
                    + " is immutable (synced from the image server); it cannot be updated by upload", List.of()));
        }
        if (image.busy(nowMillis)) {
            return Optional.of(busy(image));
        }
        return Optional.empty();
    }

    /** An upload or sync holds the image; deletes and other uploads wait for it. */
    static Blocker busy(ImageRecord image) {
        return new Blocker(ReasonCode.IMAGE_BUSY, "image " + image.name()
                + " has an upload or sync in progress; try again when it has finished", List.of());
    }
}
