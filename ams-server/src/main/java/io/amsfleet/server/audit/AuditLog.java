package io.amsfleet.server.audit;

import io.amsfleet.model.Outcome;
import io.amsfleet.model.AuditEvent;
import io.amsfleet.server.api.ClientAddress;
import io.amsfleet.server.limit.SlidingWindow;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.amsfleet.server.db.Transactions;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail. A successful change calls {@link #recordSuccess} inside its own transaction, so
 * the change and its record commit together; {@link AuditFilter} records every other outcome of a
 * mutating request (refusals, failures, dry runs) once the answer is known.
 */
@Singleton
public class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    static final String REQUEST_ID = "ams.audit.request-id";
    static final String FORCE = "ams.audit.force";
    static final String DRY_RUN = "ams.audit.dry-run";
    /** Set on a request once a record of it has committed, so the filter need not ask the database. */
    static final String RECORDED = "ams.audit.recorded";

    /** What one record keeps of a name or target the caller chose: enough to recognise it, bounded. */
    public static final int MAX_NAME = 128;
    /** How many aggregated rows are open at once; past that, further refusals are only counted in the log. */
    private static final int MAX_AGGREGATES = 10_000;
    /** What {@code images.id} looks like (image.Xid): anything else a caller named goes in image_name. */
    private static final java.util.regex.Pattern IMAGE_ID = java.util.regex.Pattern.compile("[0-9a-v]{20}");

    private final AuditRepository rows;
    private final AuditMetrics metrics;
    private final Transactions tx;
    private final TransactionOperations<Connection> txOps;
    private final SlidingWindow perCaller;
    private final SlidingWindow overall;
    private final Map<AggregateKey, Aggregate> aggregates = new HashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-aggregates");
        t.setDaemon(true);
        return t;
    });

    public AuditLog(AuditRepository rows, Transactions tx, TransactionOperations<Connection> txOps,
                    AuditSettings settings, AuditMetrics metrics) {
        this.metrics = metrics;
        this.rows = rows;
        this.tx = tx;
        this.txOps = txOps;
        this.perCaller = new SlidingWindow(settings.refusalsPerCaller(), 100_000);
        this.overall = new SlidingWindow(settings.refusalsOverall(), 1);
        flusher.scheduleWithFixedDelay(this::flushAggregates, 5, 5, TimeUnit.SECONDS);
    }

    /** Refusals of one kind past the budget, in one window, share a row. */
    private record AggregateKey(String actor, String address, int status, String reason) {
    }

    private static final class Aggregate {
        final long rowId;
        final long windowEnd;
        long pending;
        long lastAt;

        Aggregate(long rowId, long windowEnd, long lastAt) {
            this.rowId = rowId;
            this.windowEnd = windowEnd;
            this.lastAt = lastAt;
        }
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
    public record Query(String image, String actor, String action, Outcome outcome, boolean previews, Long since,
                        Long until,
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
        insert(request, target, operationId == null ? 200 : 202, null, operationId, null);
        onCommit(request, target.action());
    }

    /**
     * Marks the request as recorded and counts the change once the caller's transaction commits
     * (not if it rolls back).
     */
    private void onCommit(HttpRequest<?> request, String action) {
        try {
            var status = txOps.findTransactionStatus();
            if (status.isEmpty()) {
                metrics.success(action);
                return;
            }
            status.get().registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    if (request != null) {
                        request.setAttribute(RECORDED, Boolean.TRUE);
                    }
                    metrics.success(action);
                }
            });
        } catch (RuntimeException e) {
            // No synchronization here: the filter asks the database instead.
        }
    }

    /**
     * Records an outcome in a transaction of its own (refusals, failures, dry runs). A refusal is
     * recorded on a row of its own while its caller (the actor, or the address when the caller is
     * nobody) is within its budget and all callers together within theirs; past that it is counted
     * on one row per caller, status and reason for the window — so that what a failing caller can
     * make the server store is bounded, and what it tried is still visible.
     */
    public void recordOutcome(HttpRequest<?> request, Target target, int status, String reason) {
        metrics.outcome(target.action(), status, reason);
        if (request != null && status >= 400 && perCaller.enabled()) {
            String actor = actor(request);
            String address = ClientAddress.of(request);
            String caller = actor.equals("-") ? "address " + address : "actor " + actor;
            long now = System.currentTimeMillis();
            if (perCaller.take(caller, now) > 0) {
                aggregate(request, target, status, reason, new AggregateKey(actor, address, status, reason), now);
                return;
            }
            if (overall.enabled() && overall.take("*", now) > 0) {
                perCaller.giveBack(caller, now);
                aggregate(request, target, status, reason, new AggregateKey(actor, "*", status, reason), now);
                return;
            }
        }
        tx.write(() -> {
            insert(request, target, status, reason, null, null);
            return null;
        });
        if (request != null) {
            request.setAttribute(RECORDED, Boolean.TRUE);
        }
    }

    private void aggregate(HttpRequest<?> request, Target target, int status, String reason, AggregateKey key, long now) {
        request.setAttribute(RECORDED, Boolean.TRUE);
        synchronized (aggregates) {
            Aggregate open = aggregates.get(key);
            if (open != null && now < open.windowEnd) {
                open.pending++;
                open.lastAt = now;
                return;
            }
            if (open != null) {
                flush(open);
                aggregates.remove(key);
            }
            if (aggregates.size() >= MAX_AGGREGATES) {
                flushAggregates();
                if (aggregates.size() >= MAX_AGGREGATES) {
                    LOG.warn("audit: too many kinds of refusal at once; not recording {} {} from {}", status, reason,
                            key.address());
                    return;
                }
            }
            long id = tx.write(() -> insert(request, target, status, reason, null, now));
            aggregates.put(key, new Aggregate(id, now + Math.max(1, perCaller.windowSeconds()) * 1000, now));
        }
    }

    /** Writes the counts gathered since the last flush (also every 5 s), and closes the rows whose window has passed. */
    public void flushAggregates() {
        synchronized (aggregates) {
            long now = System.currentTimeMillis();
            var it = aggregates.values().iterator();
            while (it.hasNext()) {
                Aggregate a = it.next();
                try {
                    flush(a);
                } catch (RuntimeException e) {
                    LOG.warn("audit: could not update an aggregated record: {}", e.toString());
                }
                if (now >= a.windowEnd) {
                    it.remove();
                }
            }
        }
    }

    private void flush(Aggregate a) {
        if (a.pending == 0) {
            return;
        }
        long n = a.pending;
        tx.write(() -> rows.addRepeats(a.rowId, n, a.lastAt));
        a.pending = 0;
    }

    @PreDestroy
    void stop() {
        flusher.shutdownNow();
        try {
            flushAggregates();
        } catch (RuntimeException e) {
            LOG.warn("audit: could not write the last aggregated counts: {}", e.toString());
        }
    }

    /** Set by {@link AuditInterceptor}: an endpoint handled the request, so its record is the endpoint's concern. */
    static final String HANDLED = "ams.audit.handled";

    static void handledBy(HttpRequest<?> request, String action) {
        request.setAttribute(HANDLED, action);
    }

    static boolean handled(HttpRequest<?> request) {
        return request.getAttribute(HANDLED).isPresent();
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
        return tx.read(() -> rows.existsByRequestId(id));
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

    /** Inserts one record; returns its id. {@code aggregatedSince} marks a row that may count repeats. */
    private long insert(HttpRequest<?> request, Target t, int status, String reason, String operationId,
                        Long aggregatedSince) {
        String actor = request == null ? "-" : actor(request);
        String address = request == null ? "-" : ClientAddress.of(request);
        boolean force = t.force() || request != null && request.getAttribute(FORCE, Boolean.class).orElse(false);
        boolean dryRun = t.dryRun() || request != null && request.getAttribute(DRY_RUN, Boolean.class).orElse(false);
        // What a caller named is not an id just because it stood where an id may: only a real id goes
        // in image_id (20 characters), the rest is kept, bounded, as the name.
        String imageId = t.imageId() != null && IMAGE_ID.matcher(t.imageId()).matches() ? t.imageId() : null;
        String imageName = t.imageName() != null ? t.imageName() : imageId == null ? t.imageId() : null;
        return rows.save(new AuditRow(null, request == null ? UUID.randomUUID().toString() : requestId(request),
                System.currentTimeMillis(), clip(actor, 64), clip(address, 64), clip(t.action(), 48), imageId,
                clip(imageName, MAX_NAME), t.version(), clip(t.other(), MAX_NAME), force, dryRun, status,
                clip(reason, 48), operationId, 1, aggregatedSince)).id();
    }

    /** The caller's name as micronaut-security authenticated it (a token's, {@code cert:<name>}), or "-". */
    private static String actor(HttpRequest<?> request) {
        return request.getUserPrincipal().map(java.security.Principal::getName).orElse("-");
    }

    /**
     * A page of records, newest first. Outcomes: {@code success} (a change, or a request that
     * changed nothing but was allowed), {@code preview} (a dry run that was answered: it changed
     * nothing, whatever it foresaw), {@code refused} (4xx, dry runs included) and {@code failed}.
     * {@code previews=false} leaves the previews out.
     */
    public List<AuditEvent> find(Query q) {
        Outcome outcome = q.outcome();
        int lowest = outcome == null || outcome == Outcome.SUCCESS || outcome == Outcome.PREVIEW ? Integer.MIN_VALUE
                : outcome == Outcome.REFUSED ? 400 : 500;
        int highest = outcome == Outcome.SUCCESS || outcome == Outcome.PREVIEW ? 399
                : outcome == Outcome.REFUSED ? 499 : Integer.MAX_VALUE;
        boolean hidePreviews = !q.previews() || outcome == Outcome.SUCCESS;
        boolean onlyPreviews = outcome == Outcome.PREVIEW;
        return tx.read(() -> rows.search(q.image(), q.actor(), q.action(), lowest, highest, hidePreviews, onlyPreviews,
                q.since(), q.until(), q.offset(), q.limit())).stream().map(AuditLog::shown).toList();
    }

    /**
     * A row as the API shows it. Rows keep milliseconds (the order of requests within a second,
     * the expiry's cutoff); the API gives Unix seconds, AMS's unit for every {@code created_at}.
     */
    private static AuditEvent shown(AuditRow r) {
        return new AuditEvent(r.id(), Math.floorDiv(r.at(), 1000L), r.actor(), r.clientAddress(), r.action(), r.imageId(), r.imageName(),
                r.version(), r.target(), r.force(), r.dryRun(), r.status(), Outcome.of(r.status(), r.dryRun()).label(),
                r.reason(), r.operationId(), r.repeats(),
                r.lastAt() == null ? null : Math.floorDiv(r.lastAt(), 1000L), r.requestId());
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
