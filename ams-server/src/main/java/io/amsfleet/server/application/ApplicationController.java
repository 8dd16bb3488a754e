package io.amsfleet.server.application;

import io.amsfleet.model.Application;
import io.amsfleet.model.ApplicationPatch;
import io.amsfleet.model.ApplicationVersionPatch;
import io.amsfleet.model.ApplicationsDelete;
import io.amsfleet.model.ApplicationsPost;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Response;
import io.amsfleet.model.RoleNames;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.ClientConnection;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.api.Params;
import io.amsfleet.server.api.RequestBody;
import io.amsfleet.server.api.Responses;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.amsfleet.server.auth.Access;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.io.InputStream;
import java.util.List;

/** {@code /1.0/applications} (docs/applications.md). */
@Controller("/1.0/applications")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApplicationController {
    private final ApplicationService applications;
    private final PackageReceiver packages;
    private final JsonBodies bodies;
    private final Access access;

    ApplicationController(ApplicationService applications, PackageReceiver packages, JsonBodies bodies,
                          Access access) {
        this.access = access;
        this.applications = applications;
        this.packages = packages;
        this.bodies = bodies;
    }

    @Secured(RoleNames.VIEWER)
    @Get
    public HttpResponse<Response<Object>> list(HttpRequest<?> request, @Nullable @QueryValue String recursion,
                                               @Nullable @QueryValue String offset, @Nullable @QueryValue String limit,
                                               @Nullable @QueryValue String id, @Nullable @QueryValue String name,
                                               @Nullable @QueryValue String status,
                                               @Nullable @QueryValue("instance_type") String instanceType,
                                               @Nullable @QueryValue("boot_package") String bootPackage,
                                               @Nullable @QueryValue String published,
                                               @Nullable @QueryValue String immutable, @Nullable @QueryValue String abi,
                                               @Nullable @QueryValue String addons,
                                               @Nullable @QueryValue("inhibit_auto_updates") String inhibitAutoUpdates,
                                               @Nullable @QueryValue String tags,
                                               @Nullable @QueryValue("parent_image_variant") String parentImageVariant) {
        int rec = Params.integer("recursion", recursion, 0, 0);
        ApplicationFilter filter = ApplicationFilter.of(id, name, status, instanceType, bootPackage, published,
                immutable, abi, addons, inhibitAutoUpdates, tags, parentImageVariant);
        List<Application> apps = applications.list(filter, Params.integer("offset", offset, 0, 0),
                Params.integer("limit", limit, -1, -1), access.caller(request).role());
        Object metadata = rec == 0 ? apps.stream().map(a -> "/1.0/applications/" + a.id()).toList() : apps;
        return HttpResponse.ok(Response.collection(metadata, applications.count(filter)));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/{idOrName}")
    public HttpResponse<Response<Application>> get(HttpRequest<?> request, @PathVariable String idOrName) {
        return HttpResponse.ok(Response.sync(applications.get(idOrName, access.caller(request).role())));
    }

    /**
     * A package ({@code application/octet-stream}, AMS's way) or, beyond AMS, JSON naming an image.
     * One route for both, so that another content type is answered after authentication.
     */
    @Secured(RoleNames.OPERATOR)
    @Audited(AuditAction.APPLICATION_CREATE)
    @Post(consumes = MediaType.ALL)
    public HttpResponse<Response<Operation>> create(HttpRequest<?> http, @Nullable @QueryValue String vm,
                                                    @Nullable @Header("X-AMS-Request") String request,
                                                    @Nullable @Header("X-AMS-Fingerprint") String fingerprint,
                                                    @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length) {
        InputStream body = RequestBody.of(http);
        Boolean inVm = Params.bool("vm", vm);
        if (isJson(http)) {
            ApplicationsPost post = bodies.read(JsonBodies.text(body), ApplicationsPost.class);
            if (inVm != null && post != null && post.vm() != null && !inVm.equals(post.vm())) {
                throw ApiException.badRequest("vm is " + inVm + " in the query but " + post.vm() + " in the body");
            }
            return Responses.async(applications.create(post != null && post.vm() == null && inVm != null
                    ? new ApplicationsPost(post.name(), post.image(), post.imageVersion(), inVm) : post));
        }
        requireOctetStream(http);
        return Responses.async(applications.create(Boolean.TRUE.equals(inVm),
                packages.receive(body, fingerprint, request, length, ClientConnection.gone(http))));
    }

    /** A package makes the next version; JSON ({@code ApplicationPatch}, or none at all) changes it. */
    @Secured(RoleNames.OPERATOR)
    @Audited(AuditAction.APPLICATION_UPDATE)
    @Patch(value = "/{idOrName}", consumes = MediaType.ALL)
    public HttpResponse<Response<Operation>> update(HttpRequest<?> http, @PathVariable String idOrName,
                                                    @Nullable @Header("X-AMS-Request") String request,
                                                    @Nullable @Header("X-AMS-Fingerprint") String fingerprint,
                                                    @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length) {
        InputStream body = RequestBody.of(http);
        if (http.getContentType().map(t -> t.matches(MediaType.APPLICATION_OCTET_STREAM_TYPE)).orElse(false)) {
            return Responses.async(applications.update(idOrName,
                    packages.receive(body, fingerprint, request, length, ClientConnection.gone(http))));
        }
        if (http.getContentType().isPresent() && !isJson(http)) {
            throw unsupported(http);
        }
        return Responses.async(applications.update(idOrName, bodies.read(JsonBodies.text(body),
                ApplicationPatch.class)));
    }

    /** Publish or revoke; the SDK sends its JSON without a Content-Type. */
    @Secured(RoleNames.OPERATOR)
    @Audited(AuditAction.APPLICATION_PUBLISH)
    @Patch(value = "/{idOrName}/{version}", consumes = MediaType.ALL)
    public HttpResponse<Response<Operation>> publish(@PathVariable String idOrName, @PathVariable String version,
                                                     @Nullable @Body InputStream body) {
        ApplicationVersionPatch patch = bodies.read(JsonBodies.text(body), ApplicationVersionPatch.class);
        if (patch == null || patch.published() == null) {
            throw ApiException.badRequest("send {\"published\": true} to publish or {\"published\": false} to revoke");
        }
        return Responses.async(applications.setPublished(idOrName, Params.version(version), patch.published()));
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.APPLICATION_DELETE)
    @Delete(value = "/{idOrName}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "*/*"})
    public HttpResponse<Response<Operation>> delete(HttpRequest<?> request, @PathVariable String idOrName,
                                                    @Nullable @Body String body) {
        boolean force = force(body);
        return Responses.async(applications.delete(idOrName, force, access.require(request,
                ApplicationPolicy.ROLE, "delete applications")));
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.APPLICATION_VERSION_DELETE)
    @Delete(value = "/{idOrName}/{version}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "*/*"})
    public HttpResponse<Response<Operation>> deleteVersion(HttpRequest<?> request, @PathVariable String idOrName,
                                                           @PathVariable String version, @Nullable @Body String body) {
        boolean force = force(body);
        return Responses.async(applications.deleteVersion(idOrName, Params.version(version), force,
                access.require(request, ApplicationPolicy.ROLE, "delete application versions")));
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.APPLICATION_BATCH_DELETE)
    @Delete(consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "*/*"})
    public HttpResponse<Response<Operation>> deleteMany(HttpRequest<?> request, @Nullable @Body String body) {
        ApplicationsDelete batch = bodies.read(body, ApplicationsDelete.class);
        if (batch == null) {
            throw ApiException.badRequest("send {\"ids\": [\"my-app\"], \"force\": false}");
        }
        return Responses.async(applications.deleteAll(batch.ids(), Boolean.TRUE.equals(batch.force()),
                access.require(request, ApplicationPolicy.ROLE, "delete applications")));
    }

    private boolean force(String body) {
        ApplicationsDelete options = bodies.read(body, ApplicationsDelete.class);
        if (options != null && options.ids() != null) {
            throw ApiException.badRequest("ids belongs to DELETE /1.0/applications, not to one application");
        }
        return options != null && Boolean.TRUE.equals(options.force());
    }

    private static boolean isJson(HttpRequest<?> http) {
        return http.getContentType().map(t -> t.matches(MediaType.APPLICATION_JSON_TYPE)).orElse(false);
    }

    private static void requireOctetStream(HttpRequest<?> http) {
        if (!http.getContentType().map(t -> t.matches(MediaType.APPLICATION_OCTET_STREAM_TYPE)).orElse(false)) {
            throw unsupported(http);
        }
    }

    private static ApiException unsupported(HttpRequest<?> http) {
        return new ApiException(ReasonCode.UNSUPPORTED_MEDIA_TYPE, "send an application package (a tarball or a"
                + " zip) as application/octet-stream, or JSON as application/json"
                + http.getContentType().map(t -> " (not " + t + ")").orElse(" (the request has no Content-Type)"));
    }
}
