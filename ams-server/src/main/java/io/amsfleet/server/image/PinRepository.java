package io.amsfleet.server.image;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;

/**
 * The pins on images, as the catalogue reads them (for the deletion rules, {@code used_by} and
 * blockers) and releases them (a forced delete) under the image's row lock. They are rows of
 * {@code application_versions}, which the application package writes; reading them here keeps the
 * image package from depending on the application one.
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface PinRepository extends GenericRepository<VersionRow, VersionRow.Key> {

    /** An application pinning an image. */
    @Introspected
    record User(String id, String name) {
    }

    /** An application pinning one version of one image, for a page of images. */
    @Introspected
    record Pin(long imagePk, int imageVersion, String id, String name) {
    }

    @Query("SELECT DISTINCT a.id, a.name FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
            + " WHERE av.image_pk = :imagePk ORDER BY a.name")
    List<User> usersOf(long imagePk);

    @Query("SELECT DISTINCT a.id, a.name FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
            + " WHERE av.image_pk = :imagePk AND av.image_version = :version ORDER BY a.name")
    List<User> usersOfVersion(long imagePk, int version);

    @Query("SELECT DISTINCT av.image_pk, av.image_version, a.id, a.name FROM application_versions av"
            + " JOIN applications a ON a.pk = av.app_pk WHERE av.image_pk IN (:imagePks)"
            + " ORDER BY av.image_pk, a.name, a.id, av.image_version")
    List<Pin> pinsOf(Collection<Long> imagePks);

    /** {@code imageName} is kept, so that the application still says which image it came from. */
    @Query("UPDATE application_versions SET image_pk = NULL, image_version = NULL, parent_image_name = :imageName"
            + " WHERE image_pk = :imagePk")
    int releasePins(long imagePk, String imageName);

    @Query("UPDATE application_versions SET image_pk = NULL, image_version = NULL, parent_image_name = :imageName"
            + " WHERE image_pk = :imagePk AND image_version = :version")
    int releasePins(long imagePk, int version, String imageName);

    /**
     * The pins a forced delete released, back: application versions built from these versions of
     * the image (they kept its id and version) that pin nothing now.
     */
    @Query("UPDATE application_versions SET image_pk = :imagePk, image_version = parent_image_version,"
            + " parent_image_name = NULL WHERE parent_image_id = :imageId AND parent_image_version IN (:versions) AND image_pk IS NULL")
    int relinkPins(long imagePk, String imageId, Collection<Integer> versions);
}
