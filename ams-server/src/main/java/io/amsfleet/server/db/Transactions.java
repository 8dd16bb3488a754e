package io.amsfleet.server.db;

import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * Runs catalogue work in one database transaction, retrying it from the start when the database
 * aborts it for a deadlock, a serialization failure or a lock timeout — the normal outcome of
 * two writers racing for the same rows, not an error the caller should see.
 */
@Singleton
public class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final int ATTEMPTS = 8;

    private final TransactionOperations<Connection> tx;
    private final ConnectionOperations<Connection> connections;
    private final boolean postgres;
    private final java.util.concurrent.atomic.AtomicLong deadlocks = new java.util.concurrent.atomic.AtomicLong();

    public Transactions(TransactionOperations<Connection> tx, ConnectionOperations<Connection> connections,
                        DbSettings settings) {
        this.tx = tx;
        this.connections = connections;
        this.postgres = settings.usesPostgres();
    }

    public <T> T write(Supplier<T> work) {
        return retrying(() -> tx.executeWrite(status -> work.get()));
    }

    /**
     * Like {@link #write}, but the commit does not wait for the database to flush it to disk
     * (PostgreSQL's {@code synchronous_commit} off, for this transaction only; H2 has no such
     * mode). A crash may lose such a commit, though never one that a later flushed commit
     * depends on, since the log is written in order. Only for work whose loss leaves nothing
     * wrong, just something to do again: content collection, where a lost commit leaves a row
     * whose blob is gone, which the next install of that content or the sweep repairs.
     */
    public <T> T writeUnflushed(Supplier<T> work) {
        return retrying(() -> tx.executeWrite(status -> {
            try {
                if (postgres) {
                    try (Statement s = status.getConnection().createStatement()) {
                        s.execute("SET LOCAL synchronous_commit TO OFF");
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot relax the commit: " + e.getMessage(), e);
            }
            return work.get();
        }));
    }

    private <T> T retrying(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (failedWith(e, "40P01", "40001")) {
                    deadlocks.incrementAndGet();
                }
                if (n >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                LOG.debug("transaction attempt {} lost a race, retrying: {}", n, e.toString());
                try {
                    Thread.sleep((long) (Math.random() * 5 * n));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * How many write attempts the database has aborted as deadlocked (or, on H2, which reports a
     * deadlock so, as not serializable) since start. Retried, they cost time rather than answers;
     * the lock order (docs/applications.md, "Locks") exists so that this stays at zero.
     */
    public long deadlocksSeen() {
        return deadlocks.get();
    }

    /**
     * Runs the work in a write transaction that is always rolled back: it takes the same locks
     * and sees the same state as the real thing, and leaves nothing behind (dry runs).
     */
    public <T> T simulate(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.executeWrite(status -> {
                    status.setRollbackOnly();
                    return work.get();
                });
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Runs a statement that removes at most {@code batch} rows, each time in a transaction of its
     * own, until it removes fewer: short transactions on a large table. Returns the rows removed.
     */
    public int inBatches(int batch, Supplier<Integer> statement) {
        int total = 0;
        int n;
        do {
            n = write(statement);
            total += n;
        } while (n == batch);
        return total;
    }

    /**
     * Runs {@code action} once the caller's transaction has committed; never when it rolls back.
     * Outside a transaction, at once. The action must not use the finished transaction: work
     * that needs one hands itself to another thread.
     */
    public void afterCommit(Runnable action) {
        var status = tx.findTransactionStatus();
        if (status.isEmpty()) {
            action.run();
            return;
        }
        status.get().registerSynchronization(new io.micronaut.transaction.support.TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    public <T> T read(Supplier<T> work) {
        return tx.executeRead(status -> work.get());
    }

    /**
     * One statement that needs no transaction around it, run on a connection in autocommit mode:
     * one round trip to the database instead of a {@code BEGIN}-carrying one and a
     * {@code COMMIT}. For the token lookup every request makes (docs/performance.md). Inside a
     * transaction, it runs in that transaction.
     */
    public <T> T single(Supplier<T> statement) {
        return connections.execute(ConnectionDefinition.DEFAULT, status -> statement.get());
    }

    /** Whether the database gave up on the transaction because of a concurrent one. */
    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetryableConflict) {
                return true;
            }
        }
        // 40001 serialization failure, 40P01 PostgreSQL deadlock, HYT00 H2 lock timeout.
        return failedWith(e, "40001", "40P01", "HYT00");
    }

    /** SQLState of a write refused because a unique key already exists, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Whether the database refused a statement with one of these SQLStates. Micronaut Data wraps
     * the driver's exception, so the whole cause chain is searched.
     */
    private static boolean failedWith(Throwable e, String... states) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && java.util.Arrays.asList(states).contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the database refused a write because a unique key already exists (SQLState 23505). */
    public static boolean isUniqueViolation(Throwable e) {
        return failedWith(e, UNIQUE_VIOLATION);
    }

    /** Thrown by catalogue code that saw a concurrent change and wants its transaction run again. */
    public static final class RetryableConflict extends RuntimeException {
        public RetryableConflict(String message) {
            super(message, null, false, false);
        }
    }
}
