package io.amsfleet.server.image;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;

/** {@code trash_items}. An entry's lock comes after its image's, before the applications'. */
@JdbcRepository(dialect = Dialect.ANSI)
interface TrashRepository extends GenericRepository<TrashItemRow, Long> {
    TrashItemRow save(TrashItemRow row);

    Optional<TrashItemRow> findByXid(String xid);

    @Query("SELECT * FROM trash_items WHERE id = :xid FOR UPDATE")
    Optional<TrashItemRow> lock(String xid);

    @Query("SELECT * FROM trash_items WHERE image_pk = :imagePk AND kind = 'image'")
    Optional<TrashItemRow> imageEntry(long imagePk);

    /** Newest first: what was deleted last is what someone looks for. */
    @Query("SELECT * FROM trash_items ORDER BY pk DESC OFFSET :offset ROWS FETCH FIRST :limit ROWS ONLY")
    List<TrashItemRow> page(int offset, int limit);

    @Query("SELECT COUNT(*) FROM trash_items")
    long total();

    @Query("SELECT id FROM trash_items WHERE purge_at <= :nowMillis ORDER BY purge_at FETCH FIRST :limit ROWS ONLY")
    List<String> due(long nowMillis, int limit);

    @Query("SELECT id FROM trash_items WHERE deleted_at < :beforeMillis ORDER BY deleted_at FETCH FIRST :limit ROWS ONLY")
    List<String> deletedBefore(long beforeMillis, int limit);

    int deleteById(long pk);

    /** A binned version named by (a prefix of) its fingerprint. */
    @Introspected
    record DigestMatch(String id, int version, String fingerprint) {
    }

    @Query("SELECT ti.id, tv.version, tv.fingerprint FROM trash_versions tv JOIN trash_items ti ON ti.pk = tv.trash_pk"
            + " WHERE tv.fingerprint LIKE :pattern ORDER BY ti.id, tv.version FETCH FIRST :limit ROWS ONLY")
    List<DigestMatch> byFingerprint(String pattern, int limit);
}
