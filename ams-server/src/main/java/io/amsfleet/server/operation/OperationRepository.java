package io.amsfleet.server.operation;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** The {@code operations} table. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface OperationRepository extends CrudRepository<OperationRow, String> {

    void update(@Id String id, int statusCode, String err, String metadata, long updatedAt);

    /** Moves a running operation to another state; 0 when it was not in {@code from} any more. */
    @Query("UPDATE operations SET status_code = :to, updated_at = :now WHERE id = :id AND status_code = :from")
    int transition(String id, int from, int to, long now);

    java.util.Optional<OperationRow> findByIdForUpdate(String id);

    /** A running operation's metadata (its progress); 0 once it is cancelling or final. */
    @Query("UPDATE operations SET metadata = :metadata, updated_at = :now WHERE id = :id AND status_code = 103")
    int updateRunningMetadata(String id, String metadata, long now);

    /** The status alone: what a runner reads at each checkpoint. */
    @Query("SELECT status_code FROM operations WHERE id = :id")
    java.util.Optional<Integer> statusOf(String id);

    /** Native: the derived findIdOrderByCreatedAtDesc(Pageable) came out without its ORDER BY. */
    @Query("SELECT id FROM operations ORDER BY created_at DESC FETCH FIRST :limit ROWS ONLY")
    List<String> recentIds(int limit);

    /**
     * Removes at most {@code batch} operations in one of the {@code finished} states created before
     * the cutoff. Native: a derived delete cannot bound how many rows one statement removes, and an
     * unbounded one would hold its locks for as long as a large table takes to scan.
     */
    @Query("DELETE FROM operations WHERE id IN (SELECT id FROM operations WHERE created_at < :cutoff"
            + " AND status_code IN (:finished) FETCH FIRST :batch ROWS ONLY)")
    int deleteFinishedBefore(long cutoff, List<Integer> finished, int batch);
}
