package io.amsfleet.server.image;

import io.amsfleet.model.ImagesPost;
import io.amsfleet.model.Operation;

/**
 * What the image endpoints ask of the image server (the remote package implements it): declared
 * here so that the image package, which the sync writes into, does not depend on the sync.
 */
public interface RemoteImages {
    /** Imports one release as a synced image ({@code POST /1.0/images} with JSON). */
    Operation importImage(ImagesPost post);

    /** Downloads every version of a synced image not yet here ({@code "force_sync": true}). */
    Operation forceSync(String idOrName, String type);
}
