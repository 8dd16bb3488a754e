package io.amsfleet.server.auth;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** The role checks controllers make before calling a service. */
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
            throw new ApiException(ReasonCode.FORBIDDEN, "the " + who.role().label() + " token " + who.name()
                    + " may not " + action + "; that needs the " + needed.label() + " role",
                    Map.of("required_role", needed.label(), "role", who.role().label()));
        }
        return who;
    }

    /** The AMS {@code entitlements} of the caller, when asked for with {@code entitlements=1}. */
    public List<String> entitlements(HttpRequest<?> request, String flag) {
        if (!"1".equals(flag) && !"true".equals(flag)) {
            return null;
        }
        return Identity.of(request).map(i -> i.role().entitlements()).orElse(List.of());
    }
}
