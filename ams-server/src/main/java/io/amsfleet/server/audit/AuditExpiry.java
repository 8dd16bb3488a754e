package io.amsfleet.server.audit;

import io.amsfleet.server.cluster.ClusterJob;
import io.amsfleet.server.db.Transactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Purges audit records older than {@code AMS_AUDIT_RETENTION} (default 90 days; {@code 0} keeps
 * them for ever), so that the trail cannot grow without end. A cluster job: one process purges at a
 * time, in short batches.
 */
@Singleton
public class AuditExpiry implements ClusterJob {
    private static final Logger LOG = LoggerFactory.getLogger(AuditExpiry.class);
    private static final int BATCH = 1000;
    private final AuditRepository rows;
    private final Transactions tx;
    /** Null: records are kept for ever. */
    private final Duration retention;
    private final Duration interval;

    public AuditExpiry(AuditRepository rows, Transactions tx, AuditSettings settings) {
        this.rows = rows;
        this.tx = tx;
        this.retention = settings.retention();
        this.interval = settings.expiryInterval();
    }

    @Override
    public String name() {
        return "audit-expiry";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public void run() {
        if (retention == null) {
            return;
        }
        int removed = expireBefore(System.currentTimeMillis() - retention.toMillis());
        if (removed > 0) {
            LOG.info("purged {} audit record(s) older than {}", removed, retention);
        }
    }

    /** Removes the records made before {@code cutoffMillis}; returns how many. */
    public int expireBefore(long cutoffMillis) {
        return tx.inBatches(BATCH, () -> rows.deleteBefore(cutoffMillis, BATCH));
    }
}
