package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.server.db.Sql;
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
    private final Sql sql;

    public ImagePins(Sql sql) {
        this.sql = sql;
    }

    /** An application pinning one version. */
    public record Pin(int version, AppRef application) {
    }

    /** The pins on each of the images, by the applications' names. */
    public Map<Long, List<Pin>> of(Collection<Long> imagePks) {
        Map<Long, List<Pin>> out = new HashMap<>();
        if (imagePks.isEmpty()) {
            return out;
        }
        sql.list("SELECT DISTINCT av.image_pk, av.image_version, a.id, a.name FROM application_versions av"
                        + " JOIN applications a ON a.pk = av.app_pk WHERE av.image_pk IN "
                        + Sql.placeholders(imagePks.size()) + " ORDER BY av.image_pk, a.name, a.id, av.image_version",
                rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Pin(rs.getInt(2), new AppRef(rs.getString(3), rs.getString(4)))),
                imagePks.toArray());
        return out;
    }
}
