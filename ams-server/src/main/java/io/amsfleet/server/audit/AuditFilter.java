package io.amsfleet.server.audit;

import io.amsfleet.model.Response;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;

/**
 * Makes sure every mutating API request leaves an audit record: if the request's own
 * transaction did not write one (it was refused, failed, rejected before reaching a service, or
 * was a dry run), one is written here from the answer. Runs before authentication, so that
 * requests without valid credentials are recorded too.
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

    @RequestFilter
    public void assignRequestId(HttpRequest<?> request) {
        if (isAudited(request)) {
            AuditLog.requestId(request);
        }
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void recordOutcome(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!isAudited(request)) {
            return;
        }
        try {
            if (audit.recordedFor(request)) {
                return;
            }
            audit.recordOutcome(request, target(request, response), response.getStatus().getCode(), reason(response));
        } catch (RuntimeException e) {
            LOG.error("could not write the audit record of {} {}", request.getMethodName(), request.getPath(), e);
        }
    }

    private static boolean isAudited(HttpRequest<?> request) {
        String path = request.getPath();
        return MUTATING.contains(request.getMethod()) && (path.equals("/1.0") || path.startsWith("/1.0/"));
    }

    /** The action and target, read from the path and from the answer's details. */
    static AuditLog.Target target(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String[] parts = request.getPath().substring(1).split("/");
        String collection = parts.length > 1 ? parts[1] : "";
        String item = parts.length > 2 ? parts[2] : null;
        String sub = parts.length > 3 ? parts[3] : null;
        String method = request.getMethodName();
        boolean octet = request.getContentType().map(t -> t.equals(MediaType.APPLICATION_OCTET_STREAM_TYPE)).orElse(false);
        String action = switch (collection) {
            case "images" -> switch (method) {
                case "POST" -> octet ? "image.upload" : "image.import";
                case "PATCH" -> octet ? "image.update" : "image.patch";
                case "DELETE" -> item == null ? "image.batch_delete" : sub == null ? "image.delete" : "image.version.delete";
                default -> "image." + method.toLowerCase();
            };
            case "applications" -> "application." + (method.equals("POST") ? "create" : method.equals("DELETE")
                    ? "delete" : method.toLowerCase());
            case "tokens" -> "token." + (method.equals("POST") ? "create" : method.equals("DELETE") ? "revoke"
                    : method.toLowerCase());
            case "certificates" -> "certificate." + (method.equals("POST") ? "add" : method.equals("DELETE") ? "remove"
                    : method.toLowerCase());
            default -> method.toLowerCase() + " " + request.getPath();
        };
        Map<?, ?> details = details(response);
        String imageId = collection.equals("images") ? text(details.get("image")) : null;
        String imageName = collection.equals("images") ? text(details.get("name")) : null;
        if (collection.equals("images") && imageId == null && item != null) {
            imageName = item;
        }
        Integer version = null;
        if (sub != null && sub.matches("[0-9]{1,9}")) {
            version = Integer.parseInt(sub);
        }
        String other = collection.equals("images") ? null : item;
        boolean force = "true".equals(request.getParameters().get("force"));
        boolean dryRun = "true".equals(request.getParameters().get("dry_run"));
        return new AuditLog.Target(action, imageId, imageName, version, other, force, dryRun);
    }

    private static Map<?, ?> details(MutableHttpResponse<?> response) {
        Object body = response.getBody().orElse(null);
        if (body instanceof Response<?> r && r.metadata() instanceof Map<?, ?> m) {
            return m;
        }
        return Map.of();
    }

    private static String reason(MutableHttpResponse<?> response) {
        return text(details(response).get("reason"));
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
