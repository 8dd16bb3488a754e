package io.amsfleet.server.cluster;

import io.amsfleet.server.db.DbSettings;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
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

    public BackgroundWork(ClusterJobs jobs, List<ClusterJob> all, DbSettings db, ClusterSettings settings) {
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
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.warn("background job {} failed (it runs again after its interval): {}", job.name(), e.toString());
        } finally {
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

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
