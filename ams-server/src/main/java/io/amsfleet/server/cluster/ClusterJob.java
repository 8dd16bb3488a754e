package io.amsfleet.server.cluster;

import java.time.Duration;

/**
 * Background work that runs once across every server process sharing the catalogue database,
 * whichever process happens to claim it (see {@link ClusterJobs}).
 */
public interface ClusterJob {

    /** The job's row in {@code cluster_jobs}. */
    String name();

    /** How long after a run finishes the next one is due. Read again after every run. */
    Duration interval();

    /** Does the work. Must be safe to run again after a holder died part-way through. */
    void run();
}
