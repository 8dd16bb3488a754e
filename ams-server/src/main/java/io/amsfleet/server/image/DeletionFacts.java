package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;

import java.util.List;

/**
 * Everything the deletion rules look at, read under the locks that keep it true until commit.
 *
 * @param image          the image, locked
 * @param versions       all its versions
 * @param version        the version to delete, or null to delete the whole image
 * @param imagesOfType   how many images of the image's type exist (read under the type lock when
 *                       deleting a whole image)
 * @param applications   applications pinning the image (whole image) or the version
 * @param nowMillis      the time the facts were read, for busy leases
 */
public record DeletionFacts(
        ImageRecord image,
        List<VersionRecord> versions,
        Integer version,
        long imagesOfType,
        List<AppRef> applications,
        long nowMillis) {
}
