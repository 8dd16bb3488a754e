package io.amsfleet.server.audit;

import io.amsfleet.model.Response;
import io.amsfleet.server.api.ApiException;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Records what an {@link Audited} endpoint's own service did not: its refusals and failures (with
 * the reason), its dry runs (as previews), and a success whose service keeps no record of its own.
 * The endpoint's action is named once, on the method; the target is read from the route's
 * variables and the answer's details, never parsed from the path.
 */
@Singleton
@InterceptorBean(Audited.class)
public class AuditInterceptor implements MethodInterceptor<Object, Object> {
    private final AuditLog audit;

    public AuditInterceptor(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElse(null);
        String action = request == null ? null : actionOf(context, request);
        if (request == null || action == null) {
            return context.proceed();
        }
        AuditLog.handledBy(request, action);
        Object result;
        try {
            result = context.proceed();
        } catch (ApiException refused) {
            audit.recordOutcome(request, target(request, action, refused.metadata()), refused.httpStatus(),
                    refused.reason().code());
            throw refused;
        } catch (RuntimeException failed) {
            audit.recordOutcome(request, target(request, action, Map.of()), 500, "internal");
            throw failed;
        }
        if (!audit.recordedFor(request)) {
            int status = result instanceof HttpResponse<?> r ? r.getStatus().getCode() : 200;
            Object body = result instanceof HttpResponse<?> r ? r.body() : result;
            audit.recordOutcome(request, target(request, action, details(body)), status, null);
        }
        return result;
    }

    /** The action {@link Audited} names for this request: its {@code json} one for a JSON body, if it has one. */
    static String actionOf(io.micronaut.core.annotation.AnnotationMetadataProvider endpoint, HttpRequest<?> request) {
        var metadata = endpoint.getAnnotationMetadata();
        boolean json = request.getContentType().map(t -> t.matches(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE))
                .orElse(false);
        return metadata.stringValue(Audited.class, "json").filter(a -> json && !a.isEmpty())
                .or(() -> metadata.stringValue(Audited.class)).orElse(null);
    }

    /** What the record names: the image (by the answer's id, else what the caller named) or the other object. */
    static AuditLog.Target target(HttpRequest<?> request, String action, Map<?, ?> details) {
        Map<String, Object> vars = RouteAttributes.getRouteMatch(request).map(RouteMatch::getVariableValues)
                .orElse(Map.of());
        Object named = vars.getOrDefault("idOrName", vars.getOrDefault("name",
                vars.getOrDefault("fingerprint", vars.get("id"))));
        String item = named == null ? null : named.toString();
        Object version = vars.get("version");
        Integer v = version != null && version.toString().matches("[0-9]{1,9}") ? Integer.valueOf(version.toString()) : null;
        if (!action.startsWith("image.")) {
            return new AuditLog.Target(action, null, null, v, item, false, false);
        }
        String imageName = text(details.get("name"));
        return new AuditLog.Target(action, text(details.get("image")), imageName != null ? imageName : item, v, null,
                false, false);
    }

    private static Map<?, ?> details(Object body) {
        return body instanceof Response<?> r && r.metadata() instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
