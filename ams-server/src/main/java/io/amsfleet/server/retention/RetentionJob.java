package io.amsfleet.server.retention;

import io.amsfleet.server.cluster.ClusterJob;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Runs the policies whose schedule is due, and drops expired plans: a cluster job, so one process
 * at a time; each policy's run is claimed on its row besides, so that a process that lost its
 * lease part-way cannot run a schedule a second time.
 */
@Singleton
public class RetentionJob implements ClusterJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private final RetentionEngine engine;
    private final Duration interval;

    public RetentionJob(RetentionEngine engine, RetentionSettings settings) {
        this.engine = engine;
        this.interval = settings.checkInterval();
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public void run() {
        int ran = engine.runDue();
        if (ran > 0) {
            LOG.info("ran {} retention polic{} on schedule", ran, ran == 1 ? "y" : "ies");
        }
    }
}
