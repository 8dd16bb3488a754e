package io.amsfleet.server.cluster;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/**
 * The {@code cluster_jobs} table. The lease changes are native conditional UPDATEs: each must
 * test and change the row in one statement, so that of two processes exactly one sees a row
 * changed, without a read (or a lock) in between.
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ClusterJobRepository extends CrudRepository<ClusterJobRow, String> {

    /** Takes the lease if the job is due and nobody holds a live one; 1 when it was taken. */
    @Query("UPDATE cluster_jobs SET holder = :holder, lease_until = :leaseUntil, last_started_at = :now,"
            + " rerun_requested = FALSE WHERE name = :job AND due_at <= :now AND lease_until < :now")
    int claim(String job, String holder, long leaseUntil, long now);

    /** Extends the lease only while this holder still has it. */
    @Query("UPDATE cluster_jobs SET lease_until = :leaseUntil WHERE name = :job AND holder = :holder")
    int renew(String job, String holder, long leaseUntil);

    /**
     * Gives the lease up; the job is due at {@code nextDue}, or at once if a run was asked for
     * meanwhile. The cast: H2 types a CASE by its first branch, and a plain 0 would make the
     * parameter an INT, too small for a time in milliseconds.
     */
    @Query("UPDATE cluster_jobs SET lease_until = 0, holder = NULL, last_finished_at = :now,"
            + " due_at = CASE WHEN rerun_requested THEN CAST(0 AS BIGINT) ELSE :nextDue END, rerun_requested = FALSE"
            + " WHERE name = :job AND holder = :holder")
    int finish(String job, String holder, long now, long nextDue);

    void update(@Id String name, long dueAt, boolean rerunRequested);

    @Query("UPDATE cluster_jobs SET lease_until = 0, holder = NULL, due_at = 0 WHERE name = :job AND holder = :holder")
    int handOver(String job, String holder);

    @Query("UPDATE cluster_jobs SET lease_until = 0, holder = NULL, due_at = 0")
    int releaseAll();
}
