package io.amsfleet.server.auth;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.limit.SlidingWindow;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Bounds how many deletes one token may make in a window ({@code AMS_DELETE_RATE_LIMIT}, e.g.
 * {@code 120/60s}, or {@code off}): a leaked or runaway script cannot empty the catalogue in a
 * second. What counts is what is deleted: each image, version or application (see {@link #take}).
 * The bootstrap {@code admin} token is exempt unless {@code AMS_DELETE_RATE_LIMIT_ADMIN=true}. Counted per server process (a cache that is safe to lose).
 */
@Singleton
public class DeleteRateLimit {
    private final SlidingWindow window;
    private final boolean limitAdmin;

    public DeleteRateLimit(AuthSettings settings) {
        this.limitAdmin = settings.deleteRateLimitAdmin();
        // Keys are token and certificate names, which only admins create: no stranger can add keys.
        this.window = new SlidingWindow(settings.deleteRateLimit(), Integer.MAX_VALUE);
    }

    /**
     * Takes one delete from the caller's allowance, or refuses with 429 ({@code too_many_requests},
     * with {@code retry_after}). Charged by the services for each image, version or application
     * they are about to delete — not per request, so a batch counts what it deletes, and a dry run,
     * which deletes nothing, never counts. The returned action gives the delete back when it did not
     * happen after all (refused by a rule, failed).
     */
    public Runnable take(Identity who) {
        if (!window.enabled() || who == null || !limitAdmin && who.name().equals(AdminTokenBootstrap.ADMIN)) {
            return () -> { };
        }
        long now = System.currentTimeMillis();
        long retryAfter = window.take(who.name(), now);
        if (retryAfter > 0) {
            throw new ApiException(ReasonCode.TOO_MANY_REQUESTS, "token " + who.name() + " made " + window.limit()
                    + " deletes in " + window.windowSeconds() + " s; retry in " + retryAfter + " s",
                    Map.of("limit", window.limit(), "window_seconds", window.windowSeconds(), "retry_after", retryAfter));
        }
        return () -> window.giveBack(who.name(), now);
    }

    /** Runs one delete charged to {@code who}'s allowance, giving the charge back if it fails. */
    public <T> T charged(Identity who, java.util.function.Supplier<T> delete) {
        Runnable refund = take(who);
        try {
            return delete.get();
        } catch (RuntimeException e) {
            refund.run();
            throw e;
        }
    }
}
