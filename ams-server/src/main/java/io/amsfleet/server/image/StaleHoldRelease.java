package io.amsfleet.server.image;

import io.amsfleet.server.db.DbSettings;
import io.amsfleet.server.db.Transactions;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the embedded database only one process ever runs, so at start no upload can be in flight:
 * holds left by a process that was killed are released at once instead of after their 60 s lease.
 * (With PostgreSQL, other processes may be uploading; their holds lapse by themselves.)
 */
@Context
public class StaleHoldRelease {
    private static final Logger LOG = LoggerFactory.getLogger(StaleHoldRelease.class);
    private final DbSettings settings;
    private final Transactions tx;
    private final ImageCatalogue catalogue;

    public StaleHoldRelease(DbSettings settings, Transactions tx, ImageCatalogue catalogue) {
        this.settings = settings;
        this.tx = tx;
        this.catalogue = catalogue;
    }

    @PostConstruct
    void release() {
        if (settings.usesPostgres()) {
            return;
        }
        int released = tx.write(catalogue::clearAllBusy);
        if (released > 0) {
            LOG.info("released {} upload hold(s) left by a previous process", released);
        }
    }
}
