package io.amsfleet.server.events;

/**
 * The actions of lifecycle events, named as AMS and LXD name theirs ({@code <object>-<verb>}).
 * Each is listed, with its source and context, in docs/events.md.
 */
public final class LifecycleAction {
    public static final String IMAGE_CREATED = "image-created";
    public static final String IMAGE_UPDATED = "image-updated";
    public static final String IMAGE_DELETED = "image-deleted";
    public static final String IMAGE_VERSION_CREATED = "image-version-created";
    public static final String IMAGE_VERSION_UPDATED = "image-version-updated";
    public static final String IMAGE_VERSION_DELETED = "image-version-deleted";
    public static final String IMAGE_RESTORED = "image-restored";
    public static final String IMAGE_VERSION_RESTORED = "image-version-restored";
    public static final String TRASH_PURGED = "trash-purged";
    public static final String APPLICATION_CREATED = "application-created";
    public static final String APPLICATION_UPDATED = "application-updated";
    public static final String APPLICATION_DELETED = "application-deleted";
    public static final String APPLICATION_VERSION_CREATED = "application-version-created";
    public static final String APPLICATION_VERSION_UPDATED = "application-version-updated";
    public static final String APPLICATION_VERSION_DELETED = "application-version-deleted";

    private LifecycleAction() {
    }
}
