package io.amsfleet.server.image;

import io.amsfleet.server.events.Events;
import io.amsfleet.server.events.LifecycleAction;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalogue's lifecycle events, each raised inside the transaction of its change (the image
 * server's sync and downloads use them too). The source is the image's API path; the context names
 * the image, so a listener can show it without asking. See docs/events.md.
 */
@Singleton
public class ImageEvents {
    private final Events events;

    public ImageEvents(Events events) {
        this.events = events;
    }

    public void created(ImageRecord image) {
        events.lifecycle(LifecycleAction.IMAGE_CREATED, source(image), context(image, null));
    }

    /** {@code change}: what changed, say {@code {"default": true}}. */
    public void updated(ImageRecord image, Map<String, Object> change) {
        Map<String, Object> context = context(image, null);
        context.putAll(change);
        events.lifecycle(LifecycleAction.IMAGE_UPDATED, source(image), context);
    }

    /** {@code trash}: where the delete put it, or null when the recycle bin is off. */
    public void deleted(ImageRecord image, ImageBin.Item trash) {
        events.lifecycle(LifecycleAction.IMAGE_DELETED, source(image), binned(context(image, null), trash));
    }

    /** A whole image came back from the recycle bin (its versions with it). */
    public void restored(ImageRecord image, ImageBin.Item from) {
        Map<String, Object> context = context(image, null);
        context.put("trash_id", from.id());
        context.put("versions", from.versions().stream().map(ImageBin.Binned::version).toList());
        events.lifecycle(LifecycleAction.IMAGE_RESTORED, source(image), context);
    }

    public void versionRestored(ImageRecord image, ImageBin.Item from) {
        Map<String, Object> context = context(image, from.version());
        context.put("trash_id", from.id());
        events.lifecycle(LifecycleAction.IMAGE_VERSION_RESTORED, source(image) + "/" + from.version(), context);
    }

    public void versionCreated(ImageRecord image, int version) {
        events.lifecycle(LifecycleAction.IMAGE_VERSION_CREATED, source(image) + "/" + version, context(image, version));
    }

    /** A version's status changed: downloaded (active) or failed (error). */
    public void versionUpdated(ImageRecord image, int version, String status) {
        Map<String, Object> context = context(image, version);
        context.put("status", status);
        events.lifecycle(LifecycleAction.IMAGE_VERSION_UPDATED, source(image) + "/" + version, context);
    }

    public void versionDeleted(ImageRecord image, int version, ImageBin.Item trash) {
        events.lifecycle(LifecycleAction.IMAGE_VERSION_DELETED, source(image) + "/" + version,
                binned(context(image, version), trash));
    }

    private static Map<String, Object> binned(Map<String, Object> context, ImageBin.Item trash) {
        if (trash != null) {
            context.put("trash_id", trash.id());
            context.put("purge_at", java.time.Instant.ofEpochMilli(trash.purgeAt()).toString());
        }
        return context;
    }

    private static String source(ImageRecord image) {
        return "/1.0/images/" + image.id();
    }

    private static Map<String, Object> context(ImageRecord image, Integer version) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("id", image.id());
        context.put("name", image.name());
        context.put("type", image.type());
        if (version != null) {
            context.put("version", version);
        }
        return context;
    }
}
