package io.amsfleet.server.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter that the endpoint does not take is a 400 that names it, never ignored: a
 * client that sends {@code dry_run=true} where it means nothing must not have its request carried
 * out for real. What an endpoint takes is what its controller method declares with
 * {@link QueryValue}, so the list cannot drift from the code. Runs after authentication, so that a
 * stranger learns nothing about the routes.
 */
@ServerFilter("/1.0/**")
public class DeclaredParameters implements Ordered {
    private final Map<RouteInfo<?>, Set<String>> declared = new ConcurrentHashMap<>();

    /** After micronaut-security's filter: a stranger gets its 401 before learning what a route takes. */
    @Override
    public int getOrder() {
        return io.micronaut.http.filter.ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        Set<String> given = request.getParameters().names();
        if (given.isEmpty()) {
            return null;
        }
        RouteInfo<?> route = RouteAttributes.getRouteInfo(request).orElse(null);
        if (!(route instanceof MethodBasedRouteInfo<?, ?> method)) {
            return null;
        }
        Set<String> known = declared.computeIfAbsent(route, r -> queryValues(method));
        Set<String> unknown = new TreeSet<>();
        for (String name : given) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (unknown.isEmpty()) {
            return null;
        }
        String shown = unknown.stream().limit(5).map(DeclaredParameters::printable).reduce((a, b) -> a + ", " + b)
                .orElse("");
        return ErrorEnvelopes.of(ApiException.badRequest(request.getMethodName() + " " + printable(request.getPath())
                + " does not take the parameter" + (unknown.size() > 1 ? "s " : " ") + shown
                + (known.isEmpty() ? "; it takes none" : "; it takes " + String.join(", ", new TreeSet<>(known)))));
    }

    private static Set<String> queryValues(MethodBasedRouteInfo<?, ?> route) {
        Set<String> names = new HashSet<>();
        for (Argument<?> a : route.getTargetMethod().getArguments()) {
            if (a.getAnnotationMetadata().hasAnnotation(QueryValue.class)) {
                names.add(a.getAnnotationMetadata().stringValue(QueryValue.class).filter(v -> !v.isEmpty())
                        .orElse(a.getName()));
            }
        }
        return Set.copyOf(names);
    }

    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
