package io.amsfleet.server.application;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;

/**
 * {@code application_versions}: an application's versions and what they pin (the image catalogue
 * reads and releases the pins through its own {@code image.PinRepository}).
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ApplicationVersionRepository extends GenericRepository<ApplicationVersionRow, ApplicationVersionRow.Key> {

    ApplicationVersionRow save(ApplicationVersionRow row);

    List<ApplicationVersionRow> findByKeyAppPkInOrderByKeyAppPkAndKeyNumber(Collection<Long> appPks);

    @Query("SELECT DISTINCT image_pk FROM application_versions WHERE app_pk = :appPk AND image_pk IS NOT NULL")
    List<Long> pinnedImages(long appPk);

    @Query("SELECT DISTINCT content_sha256 FROM application_versions WHERE app_pk = :appPk"
            + " AND content_sha256 IS NOT NULL"
            + " UNION SELECT DISTINCT package_sha256 FROM application_versions WHERE app_pk = :appPk"
            + " AND package_sha256 IS NOT NULL")
    List<String> contentOf(long appPk);

    @Query("UPDATE application_versions SET published = :published WHERE app_pk = :appPk AND number = :number")
    int setPublished(long appPk, int number, boolean published);

    @Query("DELETE FROM application_versions WHERE app_pk = :appPk AND number = :number")
    int deleteVersion(long appPk, int number);

    int deleteByKeyAppPk(long appPk);
}
