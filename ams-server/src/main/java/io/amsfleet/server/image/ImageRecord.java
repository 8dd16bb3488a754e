package io.amsfleet.server.image;

/** One row of {@code images}, as read inside a transaction. */
public record ImageRecord(
        long pk,
        String id,
        String name,
        String type,
        String architecture,
        String variant,
        boolean isDefault,
        boolean immutable,
        int statusCode,
        int nextVersion,
        long revision,
        Long busyUntil,
        String busyOperation,
        long createdAt,
        boolean deletionProtected,
        Long unprotectAt) {

    /**
     * Whether deletes are refused now: protected, and any pending unprotection still in its
     * cooldown (docs/trash.md).
     */
    public boolean protectedAt(long nowMillis) {
        return deletionProtected && (unprotectAt == null || nowMillis < unprotectAt);
    }

    /** When a pending unprotection takes effect; null when none is pending or it already has. */
    public Long pendingUnprotection(long nowMillis) {
        return protectedAt(nowMillis) ? unprotectAt : null;
    }

    /** Whether an upload or sync holds the image right now. */
    public boolean busy(long nowMillis) {
        return busyUntil != null && busyUntil > nowMillis;
    }

    /** The entity tag of the image's current state; changes with every change to the image. */
    public String etag() {
        return "\"" + id + "." + revision + "\"";
    }
}
