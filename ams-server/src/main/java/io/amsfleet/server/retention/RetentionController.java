package io.amsfleet.server.retention;

import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.model.RetentionPlan;
import io.amsfleet.model.RetentionPolicy;
import io.amsfleet.model.RetentionRequest;
import io.amsfleet.model.RetentionRun;
import io.amsfleet.model.RoleNames;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.api.Params;
import io.amsfleet.server.api.Responses;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.amsfleet.server.auth.Access;
import io.amsfleet.server.image.DeletionPolicy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.util.List;
import java.util.Map;

/**
 * {@code /1.0/retention}: policies, previews, applies and run reports (docs/retention.md). Reading
 * is a viewer's; a preview an operator's; whatever removes versions — a policy (its schedule
 * removes later), a policy's removal, an apply — needs the role deletes need.
 */
@Controller("/1.0/retention")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RetentionController {
    private static final String ALL = "*/*";
    private final RetentionService retention;
    private final JsonBodies bodies;
    private final Access access;

    public RetentionController(RetentionService retention, JsonBodies bodies, Access access) {
        this.retention = retention;
        this.bodies = bodies;
        this.access = access;
    }

    @Secured(RoleNames.VIEWER)
    @Get("/policies")
    public HttpResponse<Response<Object>> policies(@Nullable @QueryValue String recursion) {
        List<RetentionPolicy> all = retention.policies();
        if (Params.integer("recursion", recursion, 0, 0) == 0) {
            return HttpResponse.ok(Response.collection(all.stream()
                    .map(p -> "/1.0/retention/policies/" + p.id()).toList(), all.size()));
        }
        return HttpResponse.ok(Response.collection(all, all.size()));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/policies/{id}")
    public HttpResponse<Response<RetentionPolicy>> policy(@PathVariable String id) {
        return HttpResponse.ok(Response.sync(retention.policy(id)));
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.RETENTION_POLICY_SET)
    @Put(value = "/policies/{id}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<RetentionPolicy>> put(HttpRequest<?> http, @PathVariable String id,
                                                       @Nullable @Body String body) {
        access.require(http, DeletionPolicy.DELETE_ROLE, "set a retention policy");
        return HttpResponse.ok(Response.sync(retention.put(id, bodies.read(body, RetentionPolicy.class))));
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.RETENTION_POLICY_DELETE)
    @Delete(value = "/policies/{id}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<Map<String, Object>>> delete(HttpRequest<?> http, @PathVariable String id) {
        access.require(http, DeletionPolicy.DELETE_ROLE, "delete a retention policy");
        retention.delete(id);
        return HttpResponse.ok(Response.sync(Map.of()));
    }

    @Secured(RoleNames.OPERATOR)
    @Audited(AuditAction.RETENTION_PREVIEW)
    @Post(value = "/preview", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<RetentionPlan>> preview(HttpRequest<?> http, @Nullable @Body String body) {
        return HttpResponse.ok(Response.sync(retention.preview(bodies.read(body, RetentionRequest.class),
                access.caller(http).name())));
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.RETENTION_APPLY)
    @Post(value = "/apply", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<Operation>> apply(HttpRequest<?> http, @Nullable @Body String body) {
        String caller = access.require(http, DeletionPolicy.DELETE_ROLE, "apply a retention plan").name();
        return Responses.async(retention.apply(bodies.read(body, RetentionRequest.class), caller));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/runs")
    public HttpResponse<Response<Object>> runs(@Nullable @QueryValue String recursion,
                                               @Nullable @QueryValue String policy,
                                               @Nullable @QueryValue String offset,
                                               @Nullable @QueryValue String limit) {
        RetentionService.Page page = retention.runs(policy, Params.integer("offset", offset, 0, 0),
                Math.min(Params.integer("limit", limit, 100, 0), 1000));
        if (Params.integer("recursion", recursion, 0, 0) == 0) {
            return HttpResponse.ok(Response.collection(page.runs().stream()
                    .map(r -> "/1.0/retention/runs/" + r.id()).toList(), page.total()));
        }
        return HttpResponse.ok(Response.collection(page.runs(), page.total()));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/runs/{id}")
    public HttpResponse<Response<RetentionRun>> run(@PathVariable String id) {
        return HttpResponse.ok(Response.sync(retention.run(id)));
    }
}
