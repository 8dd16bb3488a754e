package io.amsfleet.server.cluster;

import io.amsfleet.server.db.Transactions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Leases on the rows of {@code cluster_jobs}: which process runs which background job. A claim is
 * one conditional UPDATE, so of several processes polling at the same moment exactly one wins; the
 * winner renews its lease while it works; a process that dies simply stops renewing, and the job
 * is claimed by another once the lease lapses.
 *
 * <p>A lease row rather than PostgreSQL advisory locks: it works the same on H2 and PostgreSQL,
 * it records when each job last ran (what an operator asks when collection seems not to happen),
 * and it needs no connection held open for the length of a job.
 */
@Singleton
public class ClusterJobs {
    private final ClusterJobRepository jobs;
    private final Transactions tx;
    private final String holder;
    private final Duration lease;

    @Inject
    public ClusterJobs(ClusterJobRepository jobs, Transactions tx, ClusterSettings settings) {
        this(jobs, tx, settings.lease(), holderName(settings.host()));
    }

    ClusterJobs(ClusterJobRepository jobs, Transactions tx, Duration lease, String holder) {
        this.jobs = jobs;
        this.tx = tx;
        this.lease = lease;
        this.holder = holder;
    }

    /** This process, as named in {@code cluster_jobs.holder}: host, pid and a random suffix. */
    public String holder() {
        return holder;
    }

    public Duration lease() {
        return lease;
    }

    /** Takes the job if it is due and nobody holds it; true when this process now holds it. */
    public boolean claim(String job) {
        long now = System.currentTimeMillis();
        return tx.write(() -> jobs.claim(job, holder, now + lease.toMillis(), now)) == 1;
    }

    /** Extends this process's lease on a job it is running; false if it lost the lease meanwhile. */
    public boolean renew(String job) {
        long now = System.currentTimeMillis();
        return tx.write(() -> jobs.renew(job, holder, now + lease.toMillis())) == 1;
    }

    /** Ends a run: the lease is given up and the job is next due after {@code interval}. */
    public void finish(String job, Duration interval) {
        long now = System.currentTimeMillis();
        tx.write(() -> jobs.finish(job, holder, now, now + interval.toMillis()));
    }

    /** Makes the job due at once; if it is running now, it runs again when this run ends. */
    /** Releases a job this process still holds as it stops, due at once for whoever polls next. */
    public void handOver(String job) {
        tx.write(() -> jobs.handOver(job, holder));
    }

    public void requestRun(String job) {
        tx.write(() -> {
            jobs.update(job, 0, true);
            return null;
        });
    }

    /**
     * Forgets every lease and makes every job due. Only for the embedded database, where this
     * process is the only one: whatever a lease names was held by a process that no longer runs.
     */
    public void resetForSingleProcess() {
        tx.write(jobs::releaseAll);
    }

    /** What the catalogue says about a job: who holds it and when it last ran. */
    public Optional<State> state(String job) {
        return tx.read(() -> jobs.findById(job)).map(row -> new State(row.holder(), row.leaseUntil(), row.dueAt(),
                row.lastStartedAt(), row.lastFinishedAt()));
    }

    /** A row of {@code cluster_jobs}. */
    public record State(String holder, long leaseUntil, long dueAt, Long lastStartedAt, Long lastFinishedAt) {
    }

    private static String holderName(String host) {
        // The pid alone repeats across containers; the suffix tells two incarnations apart.
        return hostName(host) + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The host this process runs on: the setting ({@code $HOSTNAME}), else the kernel's host name. */
    public static String hostName(String configured) {
        if (configured != null) {
            return configured;
        }
        // Not InetAddress.getLocalHost(): it may wait on DNS, at every start.
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (Exception e) {
            return "host";
        }
    }
}
