package io.amsfleet.server.health;

import io.amsfleet.server.content.BlobStore;
import io.amsfleet.server.db.Transactions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether this process should be sent requests: its migrations ran (the database bean that
 * runs them exists before any endpoint can answer), the database answers, the content store
 * answers, and it is not shutting down. Checked at most once a second whoever asks, since anyone
 * may ask: a flood of probes costs one query and one store request a second. Made at start, so
 * that its {@code ams_ready} gauge is there before the first probe.
 */
@Context
public class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final long CHECK_EVERY_MILLIS = 1000;
    private static final int DB_TIMEOUT_SECONDS = 2;

    private final Transactions tx;
    private final ConnectionOperations<Connection> connections;
    private final BlobStore blobs;
    private volatile boolean draining;
    private volatile Result last = new Result(false, Map.of("database", "unknown", "content", "unknown"));
    private long checkedAt;

    /** The answer: ready or not, and each check's word ({@code up}, {@code down}, {@code shutting_down}). */
    public record Result(boolean ready, Map<String, String> checks) {
    }

    public Readiness(Transactions tx, ConnectionOperations<Connection> connections, BlobStore blobs,
                     MeterRegistry registry) {
        this.tx = tx;
        this.connections = connections;
        this.blobs = blobs;
        Gauge.builder("ams.ready", this, r -> r.last.ready() ? 1 : 0)
                .description("1 while this process answers readiness probes with ready, 0 otherwise")
                .register(registry);
    }

    /** From now on not ready, whatever the checks say: the process is shutting down. */
    public void drain() {
        draining = true;
        last = new Result(false, Map.of("shutdown", "draining"));
    }

    public boolean draining() {
        return draining;
    }

    public Result check() {
        synchronized (this) {
            long now = System.currentTimeMillis();
            if (draining || now - checkedAt < CHECK_EVERY_MILLIS) {
                return last;
            }
            checkedAt = now;
        }
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", database());
        checks.put("content", content());
        boolean ready = checks.values().stream().allMatch("up"::equals);
        Result result = new Result(ready && !draining, draining ? Map.of("shutdown", "draining") : checks);
        last = result;
        return result;
    }

    private String database() {
        try {
            boolean valid = tx.read(() -> {
                try {
                    return connections.getConnectionStatus().getConnection().isValid(DB_TIMEOUT_SECONDS);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            return valid ? "up" : "down";
        } catch (RuntimeException e) {
            LOG.warn("readiness: the database does not answer: {}", e.toString());
            return "down";
        }
    }

    private String content() {
        try {
            blobs.ping();
            return "up";
        } catch (Exception e) {
            LOG.warn("readiness: the content store does not answer: {}", e.getMessage());
            return "down";
        }
    }
}
