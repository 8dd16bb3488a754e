package io.amsfleet.server.image;

/**
 * Told of an image's new version inside the transaction that adds it, with the image's row
 * locked: how applications follow their base image (AMS's automatic application updates) without
 * the image package knowing about applications.
 */
public interface ImageVersionListener {
    void versionAdded(ImageRecord image, int version);
}
