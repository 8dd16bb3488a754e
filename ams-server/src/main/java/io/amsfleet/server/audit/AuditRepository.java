package io.amsfleet.server.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** The {@code audit_events} table. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface AuditRepository extends CrudRepository<AuditRow, Long> {

    boolean existsByRequestId(String requestId);

    /** Adds to an aggregated row in place: a read and a write would lose counts another process adds between them. */
    @Query("UPDATE audit_events SET repeats = repeats + :more, last_at = :lastAt WHERE id = :id")
    int addRepeats(long id, long more, long lastAt);

    /**
     * A page of {@code GET /1.0/audit}, newest first. One statement text whatever the filters, every
     * value bound: a null filter matches every row. Chosen over a query built per request (criteria,
     * or JdbcOperations) because a Pageable cannot start at an arbitrary offset, which the API takes,
     * and because one text is prepared once. Statuses are an inclusive range, so that the outcome
     * filter needs no null case of its own.
     */
    @Query("SELECT * FROM audit_events"
            + " WHERE (:image IS NULL OR image_id = :image OR image_name = :image)"
            + " AND (:actor IS NULL OR actor = :actor)"
            + " AND (:action IS NULL OR action = :action)"
            + " AND status >= :lowestStatus AND status <= :highestStatus"
            + " AND (:hidePreviews = FALSE OR dry_run = FALSE OR status >= 400)"
            + " AND (:onlyPreviews = FALSE OR dry_run = TRUE)"
            + " AND (:since IS NULL OR at >= :since)"
            + " AND (:until IS NULL OR at < :until)"
            + " ORDER BY id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
    List<AuditRow> search(@Nullable String image, @Nullable String actor, @Nullable String action, int lowestStatus,
                          int highestStatus, boolean hidePreviews, boolean onlyPreviews, @Nullable Long since,
                          @Nullable Long until, int offset, int limit);

    /** At most {@code batch} rows made before the cutoff: short transactions on a large table. */
    @Query("DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < :cutoff"
            + " FETCH FIRST :batch ROWS ONLY)")
    int deleteBefore(long cutoff, int batch);
}
