package io.amsfleet.server.auth;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.ClientAddress;
import io.amsfleet.server.api.ErrorEnvelopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/**
 * Every API request but {@code GET /1.0} must carry a known bearer token; anything else is a 401
 * error envelope. The dashboard's static files are public (they hold no data).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthFilter {
    private final TokenStore tokens;
    private final FailedAuthentications failures;
    private final io.amsfleet.server.tls.TrustStore trust;

    public AuthFilter(TokenStore tokens, io.amsfleet.server.tls.TrustStore trust, FailedAuthentications failures) {
        this.tokens = tokens;
        this.failures = failures;
        this.trust = trust;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        boolean api = path.equals("/1.0") || path.startsWith("/1.0/");
        if (!api) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        var identity = tokens.authenticate(token);
        if (identity.isEmpty() && token == null) {
            // With TLS on, a client certificate in the trust store is an identity of its own.
            identity = request.getCertificate().flatMap(trust::identify);
        }
        identity.ifPresent(id -> request.setAttribute(Identity.ATTRIBUTE, id));
        boolean open = request.getMethod() == HttpMethod.GET && (path.equals("/1.0") || path.equals("/1.0/"))
                // self-registration with the trust password; the controller checks it
                || request.getMethod() == HttpMethod.POST && path.equals("/1.0/certificates");
        if (identity.isPresent() || open) {
            return null;
        }
        try {
            failures.unauthenticated(ClientAddress.of(request));
        } catch (ApiException throttled) {
            return ErrorEnvelopes.of(throttled);
        }
        String message = header == null ? "authentication required: send Authorization: Bearer <token>"
                + " or a trusted client certificate"
                : token == null ? "the Authorization header must be \"Bearer <token>\""
                : "unknown or revoked token";
        return ErrorEnvelopes.of(new ApiException(ReasonCode.UNAUTHORIZED, message, Map.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ams\"");
    }
}
