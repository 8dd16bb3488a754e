package io.amsfleet.server.application;

import io.amsfleet.model.RoleNames;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.micronaut.security.annotation.Secured;
import io.amsfleet.model.Application;
import io.amsfleet.model.ApplicationsPost;
import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.api.Params;
import io.amsfleet.server.api.Responses;
import io.amsfleet.server.auth.Access;
import io.amsfleet.server.auth.Identity;
import io.amsfleet.model.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

/** {@code /1.0/applications}. */
@Controller("/1.0/applications")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApplicationController {
    private final ApplicationService applications;
    private final JsonBodies bodies;
    private final Access access;

    public ApplicationController(ApplicationService applications, JsonBodies bodies, Access access) {
        this.access = access;
        this.applications = applications;
        this.bodies = bodies;
    }

    @Secured(RoleNames.VIEWER)
    @Get
    public HttpResponse<Response<Object>> list(@Nullable @QueryValue String recursion, @Nullable @QueryValue String offset,
                                               @Nullable @QueryValue String limit, @Nullable @QueryValue String name) {
        int rec = Params.integer("recursion", recursion, 0, 0);
        List<Application> apps = applications.list(name == null || name.isEmpty() ? null : name,
                Params.integer("offset", offset, 0, 0), Params.integer("limit", limit, -1, -1));
        Object metadata = rec == 0 ? apps.stream().map(a -> "/1.0/applications/" + a.id()).toList() : apps;
        return HttpResponse.ok(Response.collection(metadata, applications.count(name == null || name.isEmpty() ? null
                : name)));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/{idOrName}")
    public HttpResponse<Response<Application>> get(@PathVariable String idOrName) {
        return HttpResponse.ok(Response.sync(applications.get(idOrName)));
    }

    @Secured(RoleNames.OPERATOR)
    @Audited(AuditAction.APPLICATION_CREATE)
    @Post(consumes = {MediaType.APPLICATION_JSON})
    public HttpResponse<Response<Operation>> create(HttpRequest<?> request, @Nullable @Body String body) {
        return Responses.async(applications.create(bodies.read(body, ApplicationsPost.class)));
    }

    @Secured(RoleNames.OPERATOR)
    @Audited(AuditAction.APPLICATION_DELETE)
    @Delete(value = "/{idOrName}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "*/*"})
    public HttpResponse<Response<Operation>> delete(HttpRequest<?> request, @PathVariable String idOrName) {
        Identity who = access.caller(request);
        return Responses.async(applications.delete(idOrName, who));
    }
}
