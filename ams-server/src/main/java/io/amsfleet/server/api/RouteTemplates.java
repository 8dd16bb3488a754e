package io.amsfleet.server.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;

import java.util.Optional;

/**
 * The template of the route a request matched ({@code /1.0/images/{idOrName}}): what logs and
 * metrics name a request by, since it is bounded and carries nothing the caller put in the path.
 */
public final class RouteTemplates {
    private RouteTemplates() {
    }

    /** Empty when no endpoint matched (a wrong path, a static file). */
    public static Optional<String> of(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .filter(m -> m instanceof UriRouteMatch<?, ?>)
                .map(m -> ((UriRouteMatch<?, ?>) m).getRouteInfo().getUriMatchTemplate().toString());
    }
}
