package io.amsfleet.server.trash;

import io.amsfleet.server.cluster.ClusterJob;
import io.amsfleet.server.image.TrashSettings;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Purges recycle bin entries once their window ({@code AMS_TRASH_RETENTION}, fixed at delete time
 * as the entry's {@code purge_at}) has passed. A cluster job: one process purges at a time, each
 * entry in a transaction of its own, its content collected after that commit as a delete's is.
 */
@Singleton
public class TrashPurge implements ClusterJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrashPurge.class);
    private final TrashService trash;
    private final Duration interval;

    public TrashPurge(TrashService trash, TrashSettings settings) {
        this.trash = trash;
        this.interval = settings.purgeInterval();
    }

    @Override
    public String name() {
        return "trash-purge";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** Also runs with the bin off: entries binned before it was turned off still go when due. */
    @Override
    public void run() {
        int purged = trash.purgeExpired();
        if (purged > 0) {
            LOG.info("purged {} recycle bin entr{} past their window", purged, purged == 1 ? "y" : "ies");
        }
    }
}
