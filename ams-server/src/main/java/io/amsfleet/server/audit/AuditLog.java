package io.amsfleet.server.audit;

import io.amsfleet.model.AuditEvent;
import io.amsfleet.server.auth.Identity;
import io.amsfleet.server.db.Sql;
import io.amsfleet.server.db.Transactions;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit trail. A successful change calls {@link #recordSuccess} inside its own transaction, so
 * the change and its record commit together; {@link AuditFilter} records every other outcome of a
 * mutating request (refusals, failures, dry runs) once the answer is known.
 */
@Singleton
public class AuditLog {
    static final String REQUEST_ID = "ams.audit.request-id";
    static final String FORCE = "ams.audit.force";
    static final String DRY_RUN = "ams.audit.dry-run";
    /** Set on a request once a record of it has committed, so the filter need not ask the database. */
    static final String RECORDED = "ams.audit.recorded";

    private final Sql sql;
    private final Transactions tx;
    private final TransactionOperations<Connection> txOps;

    public AuditLog(Sql sql, Transactions tx, TransactionOperations<Connection> txOps) {
        this.sql = sql;
        this.tx = tx;
        this.txOps = txOps;
    }

    /** What a request acted on. */
    public record Target(String action, String imageId, String imageName, Integer version, String other,
                         boolean force, boolean dryRun) {
        public static Target image(String action, String imageId, String imageName, Integer version, boolean force) {
            return new Target(action, imageId, imageName, version, null, force, false);
        }

        public static Target other(String action, String other) {
            return new Target(action, null, null, null, other, false, false);
        }
    }

    /** Filters of {@code GET /1.0/audit}; null fields do not filter. */
    public record Query(String image, String actor, String action, String outcome, Long since, Long until,
                        int offset, int limit) {
    }

    /** Records a successful change answered synchronously (200), in the caller's transaction. */
    public void recordSuccess(Target target) {
        recordSuccess(target, null);
    }

    /**
     * Records a successful change in the caller's transaction: answered with its operation (202)
     * when there is one, synchronously (200) otherwise.
     */
    public void recordSuccess(Target target, String operationId) {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElse(null);
        insert(request, target, operationId == null ? 200 : 202, null, operationId);
        if (request != null) {
            markOnCommit(request);
        }
    }

    /** Marks the request as recorded once the caller's transaction commits (not if it rolls back). */
    private void markOnCommit(HttpRequest<?> request) {
        try {
            txOps.findTransactionStatus().ifPresent(status -> status.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            request.setAttribute(RECORDED, Boolean.TRUE);
                        }
                    }));
        } catch (RuntimeException e) {
            // No synchronization here: the filter asks the database instead.
        }
    }

    /** Records an outcome in a transaction of its own (refusals, failures, dry runs). */
    public void recordOutcome(HttpRequest<?> request, Target target, int status, String reason) {
        tx.write(() -> {
            insert(request, target, status, reason, null);
            return null;
        });
        if (request != null) {
            request.setAttribute(RECORDED, Boolean.TRUE);
        }
    }

    /** Notes the request's force and dry-run flags, for the record the filter may write. */
    public static void note(HttpRequest<?> request, boolean force, boolean dryRun) {
        request.setAttribute(FORCE, force);
        request.setAttribute(DRY_RUN, dryRun);
    }

    /**
     * Whether a record of this request has committed: known without a query when this process wrote
     * it (every success, and the refusals of a batch); asked of the database otherwise.
     */
    boolean recordedFor(HttpRequest<?> request) {
        if (request.getAttribute(RECORDED, Boolean.class).orElse(false)) {
            return true;
        }
        String id = requestId(request);
        return tx.read(() -> sql.exists("SELECT 1 FROM audit_events WHERE request_id = ?", id));
    }

    static String requestId(HttpRequest<?> request) {
        Optional<String> id = request.getAttribute(REQUEST_ID, String.class);
        if (id.isPresent()) {
            return id.get();
        }
        String fresh = UUID.randomUUID().toString();
        request.setAttribute(REQUEST_ID, fresh);
        return fresh;
    }

    private void insert(HttpRequest<?> request, Target t, int status, String reason, String operationId) {
        String actor = request == null ? "-" : Identity.of(request).map(Identity::name).orElse("-");
        String address = request == null ? "-" : address(request);
        boolean force = t.force() || request != null && request.getAttribute(FORCE, Boolean.class).orElse(false);
        boolean dryRun = t.dryRun() || request != null && request.getAttribute(DRY_RUN, Boolean.class).orElse(false);
        sql.update("INSERT INTO audit_events (request_id, at, actor, client_address, action, image_id, image_name, version,"
                        + " target, force, dry_run, status, reason, operation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                request == null ? UUID.randomUUID().toString() : requestId(request), System.currentTimeMillis(),
                clip(actor, 64), clip(address, 64), clip(t.action(), 48), t.imageId(), clip(t.imageName(), 255),
                t.version(), clip(t.other(), 255), force, dryRun, status, clip(reason, 48), operationId);
    }

    private static String address(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }

    public List<AuditEvent> find(Query q) {
        List<String> terms = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (q.image() != null) {
            terms.add("(image_id = ? OR image_name = ?)");
            params.add(q.image());
            params.add(q.image());
        }
        if (q.actor() != null) {
            terms.add("actor = ?");
            params.add(q.actor());
        }
        if (q.action() != null) {
            terms.add("action = ?");
            params.add(q.action());
        }
        if (q.outcome() != null) {
            terms.add(switch (q.outcome()) {
                case "success" -> "status < 400";
                case "refused" -> "status >= 400 AND status < 500";
                default -> "status >= 500";
            });
        }
        if (q.since() != null) {
            terms.add("at >= ?");
            params.add(q.since());
        }
        if (q.until() != null) {
            terms.add("at < ?");
            params.add(q.until());
        }
        String where = terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
        return tx.read(() -> sql.list("SELECT * FROM audit_events" + where + " ORDER BY id DESC OFFSET " + q.offset()
                + " ROWS FETCH NEXT " + q.limit() + " ROWS ONLY", rs -> {
                    int status = rs.getInt("status");
                    return new AuditEvent(rs.getLong("id"), rs.getLong("at"), rs.getString("actor"),
                            rs.getString("client_address"), rs.getString("action"), rs.getString("image_id"),
                            rs.getString("image_name"), Sql.nullableInt(rs, "version"), rs.getString("target"),
                            rs.getBoolean("force"), rs.getBoolean("dry_run"), status,
                            status < 400 ? "success" : status < 500 ? "refused" : "failed", rs.getString("reason"),
                            rs.getString("operation_id"));
                }, params.toArray()));
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
