package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.ClientAddress;
import io.amsfleet.server.api.ErrorEnvelopes;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.Router;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Map;

/**
 * What micronaut-security's refusals look like here: the AMS error envelope, 401 naming what was
 * wrong with the credentials (and counted against the address's allowance of failures, past which
 * it is a 429), or 403 naming the role the endpoint's {@code @Secured} asks for.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationRefusals implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    private final FailedAuthentications failures;
    private final Router router;

    public AuthorizationRefusals(FailedAuthentications failures, Router router) {
        this.failures = failures;
        this.router = router;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        // No route: an unknown API path is a 401 to strangers (they learn nothing of the routes),
        // and to callers with credentials what the router would have said (415, 405 or 404); an
        // unknown page of the dashboard is a 404 to anyone.
        boolean api = request.getPath().equals("/1.0") || request.getPath().startsWith("/1.0/");
        if (RouteAttributes.getRouteMatch(request).isEmpty() && (exception.isForbidden() || !api)) {
            if (router.find(request.getMethod(), request.getPath(), request).findAny().isPresent()) {
                return ErrorEnvelopes.of(new ApiException(ReasonCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type"
                        + request.getContentType().map(t -> " " + t).orElse("") + " on " + request.getPath()));
            }
            if (router.findAny(request.getPath(), request).findAny().isPresent()) {
                return ErrorEnvelopes.of(new ApiException(ReasonCode.METHOD_NOT_ALLOWED, "method "
                        + request.getMethodName() + " not allowed on " + request.getPath()));
            }
            return ErrorEnvelopes.of(ApiException.notFound("not found: " + request.getPath()));
        }
        try {
            return ErrorEnvelopes.of(exception.isForbidden() ? forbidden(request) : unauthorized(request))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ams\"");
        } catch (ApiException throttled) {
            return ErrorEnvelopes.of(throttled);
        }
    }

    private ApiException unauthorized(HttpRequest<?> request) {
        failures.unauthenticated(ClientAddress.of(request));
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String message = header == null ? "authentication required: send Authorization: Bearer <token>"
                + " or a trusted client certificate"
                : CredentialsFetcher.bearer(header) == null ? "the Authorization header must be \"Bearer <token>\""
                : "unknown or revoked token";
        return new ApiException(ReasonCode.UNAUTHORIZED, message, Map.of());
    }

    private static ApiException forbidden(HttpRequest<?> request) {
        Identity who = Identity.of(request).orElse(null);
        if (who == null) {
            // The scrape token: it has no role of the three, and reads the metrics only.
            return new ApiException(ReasonCode.FORBIDDEN, "the metrics token may read /internal/1.0/metrics only",
                    Map.of());
        }
        Role needed = RouteAttributes.getRouteMatch(request)
                .map(m -> m.getAnnotationMetadata().stringValues(Secured.class))
                .flatMap(values -> Arrays.stream(values).filter(v -> Arrays.stream(Role.values())
                        .anyMatch(r -> r.label().equals(v))).map(Roles::parse).min(Enum::compareTo))
                .orElse(Role.ADMIN);
        return Access.refusal(who, needed, request.getMethodName() + " " + request.getPath());
    }
}
