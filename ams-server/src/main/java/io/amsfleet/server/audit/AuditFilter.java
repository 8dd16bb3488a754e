package io.amsfleet.server.audit;

import io.amsfleet.model.Response;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.amsfleet.server.api.RouteTemplates;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;

/**
 * Records the mutating requests answered before any endpoint ran — without valid credentials
 * (401), with too small a role for the endpoint's {@code @Secured} (403), to no route, with a body
 * too large — so that those too leave a record. What an endpoint handles, its {@link Audited}
 * interceptor and its service record. Runs first, so that it sees every answer.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-100)
public class AuditFilter {
    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<HttpMethod> MUTATING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private final AuditLog audit;

    public AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    /** The key of the request id in the logging MDC: a JSON log line carries it as {@code mdc.request_id}. */
    public static final String MDC_REQUEST_ID = "request_id";

    /**
     * Gives every request the id its audit record will carry, and puts it in the logging MDC for
     * whatever the request logs on any thread, so that a log line and an audit record can be joined.
     */
    @RequestFilter
    public void assignRequestId(HttpRequest<?> request, MutablePropagatedContext context) {
        try {
            MDC.put(MDC_REQUEST_ID, AuditLog.requestId(request));
            context.add(new MdcPropagationContext());
        } finally {
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void recordOutcome(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!isAudited(request)) {
            return;
        }
        try (MDC.MDCCloseable id = MDC.putCloseable(MDC_REQUEST_ID, AuditLog.requestId(request))) {
            // The route's template, not the path: what a caller put in a path stays in the audit record.
            LOG.info("{} {} {}{}", request.getMethodName(), RouteTemplates.of(request).orElse("(no route)"),
                    response.getStatus().getCode(),
                    reason(response) == null ? "" : " " + reason(response));
        }
        if (AuditLog.handled(request)) {
            return;
        }
        try {
            // The route, when one matched, names its action even though it never ran.
            String action = RouteAttributes.getRouteMatch(request)
                    .map(m -> AuditInterceptor.actionOf(m, request))
                    .orElse(request.getMethodName().toLowerCase(java.util.Locale.ROOT) + " " + request.getPath());
            audit.recordOutcome(request, AuditInterceptor.target(request, action, Map.of()),
                    response.getStatus().getCode(), reason(response));
        } catch (RuntimeException e) {
            LOG.error("could not write the audit record of {} {}", request.getMethodName(), request.getPath(), e);
        }
    }

    private static boolean isAudited(HttpRequest<?> request) {
        String path = request.getPath();
        return MUTATING.contains(request.getMethod()) && (path.equals("/1.0") || path.startsWith("/1.0/"));
    }

    private static String reason(MutableHttpResponse<?> response) {
        Object body = response.getBody().orElse(null);
        if (body instanceof Response<?> r && r.metadata() instanceof Map<?, ?> m && m.get("reason") != null) {
            return m.get("reason").toString();
        }
        return null;
    }
}
