package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * The role checks that depend on the request's content, which an endpoint's {@code @Secured}
 * cannot express: a delete needs admin, its dry run only viewer; a JSON PATCH of an image needs
 * operator, making it the default needs admin.
 */
@Singleton
public class Access {

    /**
     * The caller, if its role covers {@code needed}; otherwise a 403 that names the role needed.
     * (Requests without a known identity never get here: the auth filter answered 401.)
     */
    public Identity require(HttpRequest<?> request, Role needed, String action) {
        Identity who = Identity.of(request).orElseThrow(() -> new ApiException(ReasonCode.UNAUTHORIZED,
                "authentication required"));
        if (!who.role().covers(needed)) {
            throw refusal(who, needed, action);
        }
        return who;
    }

    /** The 403 for a caller whose role does not cover {@code needed}, naming both. */
    static ApiException refusal(Identity who, Role needed, String action) {
        return new ApiException(ReasonCode.FORBIDDEN, "the " + who.role().label() + " token " + who.name()
                + " may not " + action + "; that needs the " + needed.label() + " role",
                Map.of("required_role", needed.label(), "role", who.role().label()));
    }

    /** The caller, whom the endpoint's {@code @Secured} has already let in. */
    public Identity caller(HttpRequest<?> request) {
        return Identity.of(request).orElseThrow(() -> new ApiException(ReasonCode.UNAUTHORIZED,
                "authentication required"));
    }

    /** The AMS {@code entitlements} of the caller, when asked for with {@code entitlements=1}. */
    public List<String> entitlements(HttpRequest<?> request, String flag) {
        if (!"1".equals(flag) && !"true".equals(flag)) {
            return null;
        }
        return Identity.of(request).map(i -> i.role().entitlements()).orElse(List.of());
    }
}
