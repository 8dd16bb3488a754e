package io.amsfleet.server.image;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@code image_versions}; every change runs under the image's row lock, taken by the caller. */
@JdbcRepository(dialect = Dialect.ANSI)
interface VersionRepository extends GenericRepository<VersionRow, VersionRow.Key> {
    List<VersionRow> findByKeyImagePkOrderByKeyVersion(long imagePk);

    List<VersionRow> findByKeyImagePkInOrderByKeyImagePkAndKeyVersion(Collection<Long> imagePks);

    Optional<VersionRow> findByKey(VersionRow.Key key);

    VersionRow save(VersionRow row);

    /** A version named by (a prefix of) its fingerprint. */
    @io.micronaut.core.annotation.Introspected
    record DigestMatch(long imagePk, int version, String fingerprint) {
    }

    @Query("SELECT image_pk, version, fingerprint FROM image_versions WHERE fingerprint LIKE :pattern"
            + " ORDER BY image_pk, version FETCH FIRST :limit ROWS ONLY")
    List<DigestMatch> byFingerprint(String pattern, int limit);

    @Query("UPDATE image_versions SET last_used_at = :at WHERE image_pk = :imagePk AND version = :version")
    int markUsed(long imagePk, int version, long at);

    int deleteByKey(VersionRow.Key key);

    int deleteByKeyImagePk(long imagePk);

    @Query("UPDATE image_versions SET status_code = :statusCode, error_message = :errorMessage"
            + " WHERE image_pk = :imagePk AND version = :version")
    int setState(long imagePk, int version, int statusCode, @Nullable String errorMessage);

    @Query("UPDATE image_versions SET content_sha256 = :contentSha256, status_code = :statusCode, error_message = NULL"
            + " WHERE image_pk = :imagePk AND version = :version")
    int setContent(long imagePk, int version, String contentSha256, int statusCode);

    /** Downloads a killed process left running or failed start again on next use (status available). */
    @Query("UPDATE image_versions SET status_code = 5, error_message = NULL"
            + " WHERE content_sha256 IS NULL AND status_code IN (1, 6)")
    int resetInterruptedDownloads();
}
