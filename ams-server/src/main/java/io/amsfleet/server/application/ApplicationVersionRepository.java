package io.amsfleet.server.application;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;

/**
 * {@code application_versions}, including the pins the image catalogue reads and releases under
 * the image's row lock.
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ApplicationVersionRepository extends GenericRepository<ApplicationVersionRow, ApplicationVersionRow.Key> {

    /** An application pinning an image. */
    @Introspected
    record User(String id, String name) {
    }

    /** An application id and the image it pins, for a page of images. */
    @Introspected
    record ImageUser(long imagePk, String id) {
    }

    @Query("SELECT DISTINCT a.id, a.name FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
            + " WHERE av.image_pk = :imagePk ORDER BY a.name")
    List<User> usersOf(long imagePk);

    @Query("SELECT DISTINCT a.id, a.name FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
            + " WHERE av.image_pk = :imagePk AND av.image_version = :version ORDER BY a.name")
    List<User> usersOfVersion(long imagePk, int version);

    @Query("SELECT DISTINCT av.image_pk, a.id FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
            + " WHERE av.image_pk IN (:imagePks) ORDER BY av.image_pk, a.id")
    List<ImageUser> usersOfAll(Collection<Long> imagePks);

    @Query("UPDATE application_versions SET image_pk = NULL, image_version = NULL WHERE image_pk = :imagePk")
    int releasePins(long imagePk);

    @Query("UPDATE application_versions SET image_pk = NULL, image_version = NULL"
            + " WHERE image_pk = :imagePk AND image_version = :version")
    int releasePins(long imagePk, int version);

    ApplicationVersionRow save(ApplicationVersionRow row);

    List<ApplicationVersionRow> findByKeyAppPkInOrderByKeyAppPkAndKeyNumber(Collection<Long> appPks);

    @Query("SELECT DISTINCT image_pk FROM application_versions WHERE app_pk = :appPk AND image_pk IS NOT NULL")
    List<Long> pinnedImages(long appPk);

    @Query("SELECT DISTINCT content_sha256 FROM application_versions WHERE app_pk = :appPk"
            + " AND content_sha256 IS NOT NULL")
    List<String> contentOf(long appPk);

    int deleteByKeyAppPk(long appPk);
}
