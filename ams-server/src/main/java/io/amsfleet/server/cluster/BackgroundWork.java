package io.amsfleet.server.cluster;

import io.amsfleet.server.db.DbSettings;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls for due background jobs and runs those this process manages to claim, each on its own
 * thread, renewing the lease while it runs. Every process polls; the lease makes sure that each
 * job runs on one of them at a time.
 */
@Singleton
public class BackgroundWork implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);
    private final ClusterJobs jobs;
    private final List<ClusterJob> all;
    private final DbSettings db;
    private final Duration pollInterval;
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cluster-jobs"));
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "cluster-job"));

    private final MeterRegistry registry;

    public BackgroundWork(ClusterJobs jobs, List<ClusterJob> all, DbSettings db, ClusterSettings settings,
                          MeterRegistry registry) {
        this.registry = registry;
        this.jobs = jobs;
        this.all = all;
        this.db = db;
        this.pollInterval = settings.pollInterval();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!db.usesPostgres()) {
            // One process on the embedded database: a lease in the table belongs to a process that
            // is gone, and the start-up runs (a sweep for what a crash left, a sync) are due now.
            jobs.resetForSingleProcess();
        }
        long renewEvery = Math.max(1, jobs.lease().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        for (ClusterJob job : all) {
            if (running.containsKey(job.name())) {
                continue;
            }
            try {
                if (jobs.claim(job.name())) {
                    running.put(job.name(), Boolean.TRUE);
                    workers.execute(() -> runClaimed(job));
                }
            } catch (RuntimeException e) {
                LOG.warn("could not poll background job {}: {}", job.name(), e.toString());
            }
        }
    }

    private void runClaimed(ClusterJob job) {
        long start = System.nanoTime();
        String outcome = "failure";
        try {
            job.run();
            outcome = "success";
        } catch (RuntimeException e) {
            LOG.warn("background job {} failed (it runs again after its interval): {}", job.name(), e.toString());
        } finally {
            // The retention runs (trash purge, audit and operation expiry), the sweep and the sync:
            // labelled by the job's name, one of the few beans that are jobs.
            Timer.builder("ams.cluster.job.runs").description("Background job runs on this process, by job and outcome")
                    .tags("job", job.name(), "outcome", outcome).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
            try {
                jobs.finish(job.name(), intervalOf(job));
            } catch (RuntimeException e) {
                LOG.warn("could not release background job {} (its lease will lapse): {}", job.name(), e.toString());
            } finally {
                running.remove(job.name());
            }
        }
    }

    private static Duration intervalOf(ClusterJob job) {
        try {
            return job.interval();
        } catch (RuntimeException e) {
            return Duration.ofMinutes(5);
        }
    }

    private void renewLeases() {
        for (String name : running.keySet()) {
            try {
                if (!jobs.renew(name)) {
                    LOG.warn("lost the lease on background job {}; another process may run it too", name);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not renew the lease on background job {}: {}", name, e.toString());
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Hands the jobs over: polls no more, interrupts the running jobs and gives them a few seconds
     * to finish (each releases its lease as it ends), then releases what is still held, due at
     * once, so another process takes it up without waiting for the lease to lapse.
     */
    @PreDestroy
    void stop() {
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String name : running.keySet()) {
            try {
                jobs.handOver(name);
                LOG.info("handed background job {} over to the other processes", name);
            } catch (RuntimeException e) {
                LOG.warn("could not hand background job {} over (its lease will lapse): {}", name, e.toString());
            }
        }
    }
}
