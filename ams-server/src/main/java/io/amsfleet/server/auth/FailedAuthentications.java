package io.amsfleet.server.auth;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.limit.Rate;
import io.amsfleet.server.limit.SlidingWindow;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Bounds what strangers can make the server do by failing: requests that authenticate as nobody
 * ({@code AMS_AUTH_FAILURE_LIMIT}, default 30 a minute per client address) and wrong trust
 * passwords ({@code AMS_TRUST_PASSWORD_ATTEMPTS}, default 5 a minute per address, and ten times
 * that across all addresses, so that many addresses do not add up to unlimited guesses). Past a
 * limit the answer is 429 with {@code Retry-After}, and the audit records such answers as one
 * aggregated row (docs/security.md). Requests with valid credentials are never counted.
 */
@Singleton
public class FailedAuthentications {
    /** How many addresses are remembered at once; past that, new strangers wait (fail closed). */
    private static final int MAX_ADDRESSES = 100_000;
    private static final String ALL = "*";

    private final SlidingWindow perAddress;
    private final SlidingWindow passwordPerAddress;
    private final SlidingWindow passwordOverall;

    public FailedAuthentications(AuthSettings settings) {
        this.perAddress = new SlidingWindow(settings.authFailureLimit(), MAX_ADDRESSES);
        Rate attempts = settings.trustPasswordAttempts();
        this.passwordPerAddress = new SlidingWindow(attempts, MAX_ADDRESSES);
        this.passwordOverall = new SlidingWindow(attempts.limit() * 10, attempts.windowMillis(), 1);
    }

    /** Counts a request from {@code address} that authenticated as nobody; refuses with 429 past the limit. */
    public void unauthenticated(String address) {
        long retryAfter = perAddress.take(address, System.currentTimeMillis());
        if (retryAfter > 0) {
            throw throttled("too many requests without valid credentials from " + address, perAddress, retryAfter);
        }
    }

    /**
     * Called before a trust password is checked: refuses with 429 once {@code address} — or
     * everybody together — has used up its attempts. Each check counts; a right password
     * gives its attempt back.
     */
    public Runnable passwordAttempt(String address) {
        long now = System.currentTimeMillis();
        long retryAfter = passwordPerAddress.take(address, now);
        if (retryAfter > 0) {
            throw throttled("too many trust-password attempts from " + address, passwordPerAddress, retryAfter);
        }
        retryAfter = passwordOverall.take(ALL, now);
        if (retryAfter > 0) {
            passwordPerAddress.giveBack(address, now);
            throw throttled("too many trust-password attempts on this server", passwordOverall, retryAfter);
        }
        return () -> {
            passwordPerAddress.giveBack(address, now);
            passwordOverall.giveBack(ALL, now);
        };
    }

    private static ApiException throttled(String what, SlidingWindow window, long retryAfter) {
        return new ApiException(ReasonCode.TOO_MANY_REQUESTS, what + "; retry in " + retryAfter + " s",
                Map.of("limit", window.limit(), "window_seconds", window.windowSeconds(), "retry_after", retryAfter));
    }
}
