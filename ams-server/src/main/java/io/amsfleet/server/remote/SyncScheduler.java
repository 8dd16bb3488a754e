package io.amsfleet.server.remote;

import io.amsfleet.server.config.AmsSettings;
import io.amsfleet.server.db.Sql;
import io.amsfleet.server.db.Transactions;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Syncs with the image server at start and then every {@code images.update_interval} (read again
 * before each wait, so a change applies from the next round). On the embedded database, downloads
 * a killed process left half-done are put back to {@code available} first: the next attempt
 * starts clean.
 */
@Singleton
public class SyncScheduler implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
    private final ImageSync sync;
    private final ServerConfig config;
    private final Transactions tx;
    private final Sql sql;
    private final AmsSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-sync");
        t.setDaemon(true);
        return t;
    });

    public SyncScheduler(ImageSync sync, ServerConfig config, Transactions tx, Sql sql, AmsSettings settings) {
        this.sync = sync;
        this.config = config;
        this.tx = tx;
        this.sql = sql;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!settings.usesPostgres()) {
            int reset = tx.write(() -> sql.update("UPDATE image_versions SET status_code = 5, error_message = NULL"
                    + " WHERE content_sha256 IS NULL AND status_code IN (1, 6)"));
            if (reset > 0) {
                LOG.info("{} interrupted download(s) will start again on next use", reset);
            }
        }
        timer.execute(this::round);
    }

    private void round() {
        try {
            ImageSync.Report r = sync.syncAll();
            if (r.imagesCreated() + r.versionsAdded() > 0) {
                LOG.info("image sync: {} new image(s), {} new version(s)", r.imagesCreated(), r.versionsAdded());
            }
        } catch (RuntimeException e) {
            LOG.warn("image sync failed: {}", e.toString());
        }
        long seconds;
        try {
            seconds = config.updateInterval().toSeconds();
        } catch (RuntimeException e) {
            seconds = 300;
        }
        timer.schedule(this::round, seconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
