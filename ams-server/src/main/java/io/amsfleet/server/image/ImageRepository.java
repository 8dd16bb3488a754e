package io.amsfleet.server.image;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.data.repository.jpa.JpaSpecificationExecutor;

import java.util.List;
import java.util.Optional;

/** {@code images}. Changes to a row that callers hold locked are plain UPDATEs by key. */
@JdbcRepository(dialect = Dialect.ANSI)
interface ImageRepository extends GenericRepository<ImageRow, Long>, JpaSpecificationExecutor<ImageRow> {
    Optional<ImageRow> findByXid(String xid);

    Optional<ImageRow> findById(long pk);

    Optional<ImageRow> findByTypeAndName(String type, String name);

    Optional<ImageRow> findByDefaultType(String type);

    @Query("SELECT * FROM images WHERE id LIKE :pattern ORDER BY id FETCH FIRST :limit ROWS ONLY")
    List<ImageRow> findByIdPattern(String pattern, int limit);

    /** The image's lock, taken after its type's ({@link ImageTypeRepository#lockCount}) when both are. */
    @Query("SELECT * FROM images WHERE pk = :pk FOR UPDATE")
    Optional<ImageRow> lock(long pk);

    /** The same lock, found by id: a version delete by id resolves and locks in one statement. */
    @Query("SELECT * FROM images WHERE id = :xid FOR UPDATE")
    Optional<ImageRow> lockByXid(String xid);

    /** Key order, from a key on: a scan in bounded pages that no insert or delete shifts. */
    @Query("SELECT * FROM images WHERE pk > :afterPk ORDER BY pk FETCH FIRST :limit ROWS ONLY")
    List<ImageRow> after(long afterPk, int limit);

    @Query("SELECT * FROM images WHERE type = :type AND pk > :afterPk ORDER BY pk FETCH FIRST :limit ROWS ONLY")
    List<ImageRow> afterOfType(String type, long afterPk, int limit);

    ImageRow save(ImageRow row);

    /** An image back from the recycle bin under its own key (save would draw a new one). */
    @Query("INSERT INTO images (pk, id, name, type, architecture, variant, default_type, immutable, status_code,"
            + " next_version, revision, created_at, deletion_protected)"
            + " VALUES (:pk, :id, :name, :type, :architecture, :variant, :defaultType, :immutable, :statusCode,"
            + " :nextVersion, 1, :createdAt, FALSE)")
    int insertWithKey(long pk, String id, String name, String type, String architecture, String variant,
                      @io.micronaut.core.annotation.Nullable String defaultType, boolean immutable, int statusCode,
                      int nextVersion, long createdAt);

    @Query("UPDATE images SET deletion_protected = :protect, unprotect_at = :unprotectAt, revision = revision + 1"
            + " WHERE pk = :pk")
    int setProtection(long pk, boolean protect, @io.micronaut.core.annotation.Nullable Long unprotectAt);

    int deleteById(long pk);

    @Query("UPDATE images SET revision = revision + 1 WHERE pk = :pk")
    int touch(long pk);

    @Query("UPDATE images SET next_version = :nextVersion, revision = revision + 1 WHERE pk = :pk")
    int setNextVersion(long pk, int nextVersion);

    @Query("UPDATE images SET status_code = :statusCode, revision = revision + 1 WHERE pk = :pk")
    int setStatus(long pk, int statusCode);

    @Query("UPDATE images SET default_type = NULL, revision = revision + 1 WHERE default_type = :type AND pk <> :pk")
    int clearDefaultExcept(String type, long pk);

    @Query("UPDATE images SET default_type = :type, revision = revision + 1 WHERE pk = :pk")
    int setDefault(long pk, String type);

    @Query("UPDATE images SET busy_operation = :operation, busy_until = :untilMillis WHERE pk = :pk")
    int markBusy(long pk, String operation, long untilMillis);

    @Query("UPDATE images SET busy_until = :untilMillis WHERE pk = :pk AND busy_operation = :operation")
    int extendBusy(long pk, String operation, long untilMillis);

    @Query("UPDATE images SET busy_operation = NULL, busy_until = NULL WHERE pk = :pk AND busy_operation = :operation")
    int clearBusy(long pk, String operation);

    @Query("UPDATE images SET busy_operation = NULL, busy_until = NULL WHERE busy_operation IS NOT NULL")
    int clearAllBusy();
}
