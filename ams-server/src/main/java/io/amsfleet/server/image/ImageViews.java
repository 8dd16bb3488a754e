package io.amsfleet.server.image;

import io.amsfleet.model.Image;
import io.amsfleet.model.ImageStatus;
import io.amsfleet.model.ImageVersion;

import java.util.List;

/** Maps catalogue rows to the AMS API shapes. */
public final class ImageViews {
    private ImageViews() {
    }

    public static Image image(ImageRecord r, List<VersionRecord> versions, List<String> usedBy, List<String> entitlements) {
        ImageStatus status = ImageStatus.ofCode(r.statusCode());
        return new Image(r.id(), r.name(), r.type(), r.architecture(), r.variant(), r.isDefault(), r.immutable(),
                status.label(), status.code(), versions.stream().map(ImageViews::version).toList(), usedBy, entitlements);
    }

    public static ImageVersion version(VersionRecord v) {
        ImageStatus status = ImageStatus.ofCode(v.statusCode());
        return new ImageVersion(v.version(), v.fingerprint(), v.size(), v.createdAt(), status.label(), status.code(),
                v.remoteId(), v.errorMessage());
    }
}
