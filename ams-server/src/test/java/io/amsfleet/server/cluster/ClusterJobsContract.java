package io.amsfleet.server.cluster;

import io.amsfleet.server.operation.OperationExpiry;
import io.amsfleet.server.support.ServerTestBase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: background work runs once across the processes sharing the catalogue. Each
 * {@link ClusterJobs} here stands for one server process (its own holder name) on the same
 * database; the jobs are test jobs of their own, so the server's real jobs do not interfere.
 */
public abstract class ClusterJobsContract extends ServerTestBase {
    private static final Duration LONG = Duration.ofMinutes(10);
    @Inject
    OperationExpiry expiry;
    @Inject
    ClusterJobRepository jobs;
    private String job;

    @BeforeEach
    void newJob() {
        job = "test-" + UUID.randomUUID().toString().substring(0, 8);
        sql("INSERT INTO cluster_jobs (name, lease_until, due_at) VALUES ('" + job + "', 0, 0)");
    }

    private ClusterJobs process(String name, Duration lease) {
        return new ClusterJobs(jobs, tx, lease, name);
    }

    @Test
    void ofSeveralProcessesClaimingADueJobAtOnceExactlyOneWins() throws Exception {
        int processes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        try {
            for (int round = 0; round < 25; round++) {
                CyclicBarrier start = new CyclicBarrier(processes);
                List<Future<Boolean>> claims = new ArrayList<>();
                List<ClusterJobs> cluster = new ArrayList<>();
                for (int i = 0; i < processes; i++) {
                    ClusterJobs p = process("p" + i, LONG);
                    cluster.add(p);
                    Callable<Boolean> claim = () -> {
                        start.await();
                        return p.claim(job);
                    };
                    claims.add(pool.submit(claim));
                }
                int winners = 0;
                ClusterJobs winner = null;
                for (int i = 0; i < processes; i++) {
                    if (claims.get(i).get()) {
                        winners++;
                        winner = cluster.get(i);
                    }
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                winner.finish(job, Duration.ZERO);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aJobHeldByAProcessThatDiedIsTakenOverOnceItsLeaseLapses() throws Exception {
        // Leases long enough that a loaded machine still sees the live one as live.
        ClusterJobs dead = process("dead", Duration.ofSeconds(3));
        ClusterJobs survivor = process("survivor", LONG);
        assertThat(dead.claim(job)).isTrue();
        assertThat(survivor.claim(job)).as("while the lease is live").isFalse();
        Thread.sleep(3_200);
        assertThat(survivor.claim(job)).as("after the lease lapsed").isTrue();
        assertThat(dead.renew(job)).as("the dead holder's lease is gone").isFalse();
        assertThat(survivor.state(job).orElseThrow().holder()).isEqualTo("survivor");
    }

    @Test
    void aHolderThatRenewsItsLeaseKeepsTheJob() throws Exception {
        ClusterJobs holder = process("holder", Duration.ofSeconds(2));
        ClusterJobs other = process("other", LONG);
        assertThat(holder.claim(job)).isTrue();
        // Twice the lease: only the renewals keep the job.
        for (int i = 0; i < 4; i++) {
            Thread.sleep(1_000);
            assertThat(holder.renew(job)).isTrue();
            assertThat(other.claim(job)).as("after %d s", i + 1).isFalse();
        }
    }

    @Test
    void aFinishedJobIsNotDueAgainBeforeItsInterval() {
        ClusterJobs a = process("a", LONG);
        ClusterJobs b = process("b", LONG);
        assertThat(a.claim(job)).isTrue();
        a.finish(job, Duration.ofHours(1));
        assertThat(b.claim(job)).isFalse();
        assertThat(a.claim(job)).isFalse();
        assertThat(a.state(job).orElseThrow().lastFinishedAt()).isNotNull();
    }

    @Test
    void aRunRequestedWhileTheJobRunsMakesItDueAsSoonAsThatRunEnds() {
        ClusterJobs a = process("a", LONG);
        ClusterJobs b = process("b", LONG);
        assertThat(a.claim(job)).isTrue();
        b.requestRun(job);
        assertThat(b.claim(job)).as("still held").isFalse();
        a.finish(job, Duration.ofHours(1));
        assertThat(b.claim(job)).as("due again despite the interval").isTrue();
    }

    @Test
    void finishedOperationsOlderThanTheRetentionAreForgottenAndRunningOnesAreKept() {
        long old = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
        String done = UUID.randomUUID().toString();
        String failed = UUID.randomUUID().toString();
        String running = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        for (String[] op : new String[][]{{done, "200", String.valueOf(old)}, {failed, "400", String.valueOf(old)},
                {running, "103", String.valueOf(old)}, {recent, "200", String.valueOf(System.currentTimeMillis())}}) {
            sql("INSERT INTO operations (id, class, description, status_code, err, resources, metadata, created_at, updated_at)"
                    + " VALUES ('" + op[0] + "', 'task', 'test', " + op[1] + ", '', '{}', '{}', " + op[2] + ", " + op[2] + ")");
        }
        int removed = expiry.expireBefore(System.currentTimeMillis() - Duration.ofDays(1).toMillis());
        assertThat(removed).isGreaterThanOrEqualTo(2);
        assertThat(api.get("/1.0/operations/" + done).status()).isEqualTo(404);
        assertThat(api.get("/1.0/operations/" + failed).status()).isEqualTo(404);
        assertThat(api.get("/1.0/operations/" + running).status()).as("running: kept").isEqualTo(200);
        assertThat(api.get("/1.0/operations/" + recent).status()).as("recent: kept").isEqualTo(200);
    }
}
