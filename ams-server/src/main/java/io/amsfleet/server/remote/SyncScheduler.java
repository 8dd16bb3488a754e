package io.amsfleet.server.remote;

import io.amsfleet.server.cluster.ClusterJob;
import io.amsfleet.server.db.DbSettings;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.ImageCatalogue;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The image-server sync as a cluster job: one process syncs at a time, at start (on the embedded
 * database; with several processes, when the cluster first starts) and then every
 * {@code images.update_interval}, read again after every round so that a change applies from the
 * next one. On the embedded database, downloads a killed process left half-done are put back to
 * {@code available} at start: the next attempt starts clean.
 */
@Singleton
public class SyncScheduler implements ClusterJob, ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
    static final String JOB = "image-sync";
    private final ImageSync sync;
    private final ServerConfig config;
    private final Transactions tx;
    private final ImageCatalogue catalogue;
    private final DbSettings settings;

    public SyncScheduler(ImageSync sync, ServerConfig config, Transactions tx, ImageCatalogue catalogue,
                         DbSettings settings) {
        this.sync = sync;
        this.config = config;
        this.tx = tx;
        this.catalogue = catalogue;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!settings.usesPostgres()) {
            int reset = tx.write(catalogue::resetInterruptedDownloads);
            if (reset > 0) {
                LOG.info("{} interrupted download(s) will start again on next use", reset);
            }
        }
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Duration interval() {
        return config.updateInterval();
    }

    @Override
    public void run() {
        ImageSync.Report r = sync.syncAll();
        if (r.imagesCreated() + r.versionsAdded() > 0) {
            LOG.info("image sync: {} new image(s), {} new version(s)", r.imagesCreated(), r.versionsAdded());
        }
    }
}
