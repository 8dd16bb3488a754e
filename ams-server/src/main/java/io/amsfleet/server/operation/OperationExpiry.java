package io.amsfleet.server.operation;

import io.amsfleet.model.Operation;
import io.amsfleet.server.cluster.ClusterJob;
import io.amsfleet.server.db.Transactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Forgets finished operations once they are older than {@code ams.operations.retention} (default
 * one day; AMS and LXD keep them for a while so that clients can read an outcome later). Running
 * operations are kept whatever their age. A cluster job: one process expires at a time.
 */
@Singleton
public class OperationExpiry implements ClusterJob {
    private static final Logger LOG = LoggerFactory.getLogger(OperationExpiry.class);
    /** Bounded batches keep each transaction short on a large table. */
    private static final int BATCH = 1000;
    /** Success, failure and cancelled: a running operation is kept whatever its age. */
    private static final List<Integer> FINISHED = List.of(Operation.SUCCESS, Operation.FAILURE, 401);
    private final OperationRepository operations;
    private final Transactions tx;
    private final Duration retention;
    private final Duration interval;

    public OperationExpiry(OperationRepository operations, Transactions tx,
                           OperationSettings settings) {
        this.operations = operations;
        this.tx = tx;
        this.retention = settings.retention();
        this.interval = settings.expiryInterval();
    }

    @Override
    public String name() {
        return "operation-expiry";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public void run() {
        int removed = expireBefore(System.currentTimeMillis() - retention.toMillis());
        if (removed > 0) {
            LOG.info("forgot {} finished operation(s) older than {}", removed, retention);
        }
    }

    /** Removes finished operations created before {@code cutoffMillis}; returns how many. */
    public int expireBefore(long cutoffMillis) {
        return tx.inBatches(BATCH, () -> operations.deleteFinishedBefore(cutoffMillis, FINISHED, BATCH));
    }
}
