package io.amsfleet.server.audit;

import io.amsfleet.model.ReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the audit trail sees, counted for Prometheus (docs/operations.md): deletes that committed,
 * restores, and refusals by their reason code. Counted here because every outcome passes through
 * {@link AuditLog}, aggregated refusals too. Labels come from closed sets only — the actions of
 * {@link AuditAction} and the codes of {@link ReasonCode} — so that a caller cannot make a series
 * per path or name it sends: anything else is counted as {@code other}.
 */
@Singleton
public class AuditMetrics {
    static final String OTHER = "other";
    private static final Set<String> ACTIONS = Stream.of(AuditAction.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(AuditMetrics::value).collect(Collectors.toUnmodifiableSet());

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A change committed with this action. */
    void success(String action) {
        String known = action(action);
        if (known.contains("delete") || known.startsWith("trash.purge")) {
            counter("ams.deletes", "Deletes and purges that committed, by audited action", "action", known).increment();
        } else if (known.equals(AuditAction.TRASH_RESTORE)) {
            counter("ams.restores", "Restores from the recycle bin that committed", null, null).increment();
        }
    }

    /** A request answered with this status and reason code; a success is counted by {@link #success}, at commit. */
    void outcome(String action, int status, String reason) {
        if (status >= 400 && status < 500) {
            ReasonCode code = ReasonCode.fromCode(reason);
            String label = code != null ? code.code() : reason == null ? "none" : OTHER;
            Counter.builder("ams.refusals").description("Requests refused, by reason code and audited action")
                    .tag("reason", label).tag("action", action(action)).register(registry).increment();
        }
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + '\0' + value, k -> {
            Counter.Builder b = Counter.builder(name).description(description);
            return (tag == null ? b : b.tag(tag, value)).register(registry);
        });
    }

    static String action(String action) {
        return action != null && ACTIONS.contains(action) ? action : OTHER;
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
