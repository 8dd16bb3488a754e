package io.amsfleet.server.auth;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.ErrorEnvelopes;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import jakarta.inject.Singleton;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how many deletes one token may make in a window ({@code AMS_DELETE_RATE_LIMIT}, e.g.
 * {@code 120/60s}, or {@code off}): a leaked or runaway script cannot empty the catalogue in a
 * second. Dry runs do not count. The bootstrap {@code admin} token is exempt unless
 * {@code AMS_DELETE_RATE_LIMIT_ADMIN=true}. Counted per server process (a cache that is safe to lose).
 */
@Singleton
public class DeleteRateLimit {
    private final int limit;
    private final long windowMillis;
    private final boolean limitAdmin;
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

    public DeleteRateLimit(@Value("${ams.delete-rate-limit:120/60s}") String spec,
                           @Value("${ams.delete-rate-limit-admin:false}") boolean limitAdmin) {
        this.limitAdmin = limitAdmin;
        if (spec.isBlank() || spec.equalsIgnoreCase("off")) {
            this.limit = 0;
            this.windowMillis = 0;
            return;
        }
        String[] parts = spec.trim().split("/");
        if (parts.length != 2 || !parts[0].matches("[0-9]+") || !parts[1].matches("[0-9]+(ms|s|m|h)")) {
            throw new IllegalArgumentException("AMS_DELETE_RATE_LIMIT must look like 120/60s (count/window) or off, not "
                    + spec);
        }
        this.limit = Integer.parseInt(parts[0]);
        String w = parts[1];
        long n = Long.parseLong(w.replaceAll("[a-z]", ""));
        this.windowMillis = w.endsWith("ms") ? n : w.endsWith("s") ? n * 1000 : w.endsWith("m") ? n * 60_000
                : n * 3_600_000;
    }

    /** A 429 answer when this delete is one too many for the caller, else null. Called by {@link AuthFilter}. */
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request, Identity who) {
        if (limit == 0 || request.getMethod() != HttpMethod.DELETE || !request.getPath().startsWith("/1.0/")
                || "true".equals(request.getParameters().get("dry_run"))) {
            return null;
        }
        if (!limitAdmin && who.name().equals(AdminTokenBootstrap.ADMIN)) {
            return null;
        }
        long now = System.currentTimeMillis();
        Deque<Long> times = recent.computeIfAbsent(who.name(), k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                long retryAfter = Math.max(1, (times.peekFirst() + windowMillis - now + 999) / 1000);
                return ErrorEnvelopes.of(new ApiException(ReasonCode.TOO_MANY_REQUESTS, "token " + who.name()
                                + " made " + limit + " deletes in " + windowMillis / 1000 + " s; retry in " + retryAfter + " s",
                                Map.of("limit", limit, "window_seconds", windowMillis / 1000, "retry_after", retryAfter)))
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
            }
            times.addLast(now);
        }
        return null;
    }
}
