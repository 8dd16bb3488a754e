package io.amsfleet.server.image;

/**
 * Told when a version of an image gets its content — uploaded, or downloaded from the image server
 * — inside that transaction, with the image's row locked: how applications follow their base
 * image (AMS's automatic application updates) without the image package knowing about
 * applications. A listener may lock application rows (they come after image rows in the lock
 * order) but no other image's row.
 */
public interface ImageVersionListener {
    void versionAdded(ImageRecord image, int version);
}
