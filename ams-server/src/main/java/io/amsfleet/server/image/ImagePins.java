package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which applications pin which versions of a set of images, in one query: what an image's
 * {@code used_by} and the deletion rules' "in use" both need, so that a page of the list knows its
 * blockers without a query per image.
 */
@Singleton
public class ImagePins {
    private final ImageCatalogue catalogue;

    public ImagePins(ImageCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** An application pinning one version. */
    public record Pin(int version, AppRef application) {
    }

    /** The pins on each of the images, by the applications' names. */
    public Map<Long, List<Pin>> of(Collection<Long> imagePks) {
        Map<Long, List<Pin>> out = new HashMap<>();
        for (PinRepository.Pin p : catalogue.pinsOf(imagePks)) {
            out.computeIfAbsent(p.imagePk(), k -> new ArrayList<>())
                    .add(new Pin(p.imageVersion(), new AppRef(p.id(), p.name())));
        }
        return out;
    }
}
