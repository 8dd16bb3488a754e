package io.amsfleet.server.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The headers that keep a browser from turning the dashboard or an API answer against its user,
 * on every answer (errors and unknown paths too). Ordered first, so that its response filter runs
 * last, also on the answers another filter gives before any route (AuthFilter's 401). The few
 * answers Netty refuses before any filter runs (headers too large) get them from the error
 * envelope.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeaders implements Ordered {
    /**
     * The dashboard is only files from this server: module scripts, one style sheet, a data: icon,
     * and fetch() to the API. No inline script or style attribute is allowed, so that text from the
     * server (image names, error messages) can never become markup that runs or restyles the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @ResponseFilter
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        addTo(request, response);
    }

    /** Sets (never adds: an error envelope passes here twice) the headers. */
    public static void addTo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        if (request.isSecure()) {
            // Only over TLS: a browser ignores it on plain HTTP, and claiming it there would be untrue.
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
