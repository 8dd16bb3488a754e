package io.amsfleet.server.image;

import io.amsfleet.model.RoleNames;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.micronaut.security.annotation.Secured;
import io.amsfleet.model.BatchDelete;
import io.amsfleet.model.BatchDeleteResult;
import io.amsfleet.model.DeletionReport;
import io.amsfleet.model.Image;
import io.amsfleet.model.ImageDelete;
import io.amsfleet.model.ImagePatch;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Response;
import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.ClientConnection;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.api.Params;
import io.amsfleet.server.api.RequestBody;
import io.amsfleet.server.api.Responses;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.auth.Access;
import io.amsfleet.server.auth.Identity;
import io.micronaut.http.HttpRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
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

import java.io.InputStream;
import java.util.List;

/** {@code /1.0/images}: parses, calls one service method, maps the result to an envelope. */
@Controller("/1.0/images")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ImageController {
    private static final String ALL = "*/*";
    private final ImageService images;
    private final UploadService uploads;
    private final DeletionService deletions;
    private final JsonBodies bodies;
    private final Access access;
    private final RemoteImages remote;

    public ImageController(ImageService images, UploadService uploads, DeletionService deletions, JsonBodies bodies,
                           Access access, RemoteImages remote) {
        this.access = access;
        this.remote = remote;
        this.images = images;
        this.uploads = uploads;
        this.deletions = deletions;
        this.bodies = bodies;
    }

    @Secured(RoleNames.VIEWER)
    @Get
    public HttpResponse<Response<Object>> list(HttpRequest<?> request, @Nullable @QueryValue String recursion, @Nullable @QueryValue String offset,
                                               @Nullable @QueryValue String limit, @Nullable @QueryValue String type,
                                               @Nullable @QueryValue String name,
                                               @Nullable @QueryValue("name_prefix") String namePrefix,
                                               @Nullable @QueryValue("default") String isDefault,
                                               @Nullable @QueryValue String entitlements) {
        // The SDK's RetrieveDefaultImage asks ?default=true without recursion and decodes a list of
        // objects, so a default filter answers objects unless recursion=0 is said outright.
        int rec = Params.integer("recursion", recursion, isDefault == null || isDefault.isEmpty() ? 0 : 1, 0);
        Boolean defaults = Params.bool("default", isDefault);
        String onlyType = ImageTypes.isAny(type) ? null : ImageTypes.checkType(type);
        if (Boolean.TRUE.equals(defaults) && type == null && recursion == null) {
            // The SDK's RetrieveDefaultImage (default=true, nothing else) needs exactly one image,
            // where this server keeps a default per type: "the" default is the container one, as
            // an application is a container unless it says otherwise; the VM one when there is no
            // container default. Naming a type or a recursion lists every type's default.
            onlyType = images.listIds(new ImageFilter("container", null, true, null), 0, 1).total() > 0
                    ? "container" : "vm";
        }
        ImageFilter filter = new ImageFilter(onlyType,
                name == null || name.isEmpty() ? null : name, defaults,
                namePrefix == null || namePrefix.isEmpty() ? null : namePrefix);
        int from = Params.integer("offset", offset, 0, 0);
        int max = Params.integer("limit", limit, -1, -1);
        if (rec == 0) {
            ImageService.Page page = images.listIds(filter, from, max);
            List<String> urls = page.images().stream().map(i -> "/1.0/images/" + i.id()).toList();
            return HttpResponse.ok(Response.collection(urls, page.total()));
        }
        ImageService.Page page = images.list(filter, from, max, access.entitlements(request, entitlements),
                access.caller(request).role());
        return HttpResponse.ok(Response.collection(page.images(), page.total()));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/{idOrName}")
    public HttpResponse<Response<Image>> get(HttpRequest<?> request, @PathVariable String idOrName,
                                             @Nullable @QueryValue String type,
                                             @Nullable @QueryValue String entitlements) {
        ImageService.Tagged tagged = images.get(idOrName, type, access.entitlements(request, entitlements),
                access.caller(request).role());
        return HttpResponse.ok(Response.sync(tagged.image())).header(HttpHeaders.ETAG, tagged.etag());
    }

    /**
     * An upload ({@code application/octet-stream}: version 0 of a new image) or an import from the
     * image server (JSON, AMS {@code ImagesPost}). One route for both, so that a request with another
     * or no content type is answered like any other request — 401 before 415 — rather than by the
     * router before authentication.
     */
    @Secured(RoleNames.OPERATOR)
    @Audited(value = AuditAction.IMAGE_UPLOAD, json = AuditAction.IMAGE_IMPORT)
    @Post(value = "/", consumes = MediaType.ALL)
    public HttpResponse<Response<Operation>> create(HttpRequest<?> http,
                                                    @Nullable @Header("X-AMS-Request") String request,
                                                    @Nullable @Header("X-AMS-Fingerprint") String fingerprint,
                                                    @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length) {
        InputStream body = RequestBody.of(http);
        if (isJson(http)) {
            return Responses.async(remote.importImage(bodies.read(JsonBodies.text(body),
                    io.amsfleet.model.ImagesPost.class)));
        }
        requireOctetStream(http);
        return Responses.async(uploads.createImage(request, fingerprint, length, body,
                ClientConnection.gone(http)));
    }

    /** The image's next version (a tarball), or a change of the image itself (JSON). */
    @Secured(RoleNames.OPERATOR)
    @Audited(value = AuditAction.IMAGE_UPDATE, json = AuditAction.IMAGE_PATCH)
    @Patch(value = "/{idOrName}", consumes = MediaType.ALL)
    public HttpResponse<Response<Operation>> update(HttpRequest<?> http, @PathVariable String idOrName,
                                                    @Nullable @QueryValue String type,
                                                    @Nullable @Header("X-AMS-Request") String request,
                                                    @Nullable @Header("X-AMS-Fingerprint") String fingerprint,
                                                    @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length) {
        InputStream body = RequestBody.of(http);
        if (isJson(http)) {
            return patch(http, idOrName, type, JsonBodies.text(body));
        }
        requireOctetStream(http);
        return Responses.async(uploads.addVersion(idOrName, type, request, fingerprint, length, body,
                ClientConnection.gone(http)));
    }

    private HttpResponse<Response<Operation>> patch(HttpRequest<?> request, String idOrName, String type, String body) {
        ImagePatch patch = bodies.read(body, ImagePatch.class);
        if (patch == null || patch.makeDefault() == null && patch.forceSync() == null && patch.protect() == null) {
            throw ApiException.badRequest("nothing to change: send {\"default\": true}, {\"force_sync\": true}"
                    + " or {\"protected\": true|false}");
        }
        if (patch.protect() != null) {
            if (patch.makeDefault() != null || patch.forceSync() != null) {
                throw ApiException.badRequest("protected is changed on its own, without default or force_sync");
            }
            // Protecting is harmless (operator); ending protection needs the role deletes need,
            // since it is the step before a delete (docs/trash.md).
            if (!patch.protect()) {
                access.require(request, DeletionPolicy.DELETE_ROLE, "unprotect an image");
            }
            return Responses.async(images.setProtection(idOrName, type, patch.protect()));
        }
        if (Boolean.FALSE.equals(patch.makeDefault())) {
            throw ApiException.badRequest("a default cannot be unset; make another image of the type default instead");
        }
        if (Boolean.TRUE.equals(patch.forceSync())) {
            return Responses.async(remote.forceSync(idOrName, type));
        }
        access.require(request, Role.ADMIN, "switch the default image");
        return Responses.async(images.makeDefault(idOrName, type));
    }

    private static boolean isJson(HttpRequest<?> http) {
        return http.getContentType().map(t -> t.matches(MediaType.APPLICATION_JSON_TYPE)).orElse(false);
    }

    private static void requireOctetStream(HttpRequest<?> http) {
        if (!http.getContentType().map(t -> t.matches(MediaType.APPLICATION_OCTET_STREAM_TYPE)).orElse(false)) {
            throw new ApiException(ReasonCode.UNSUPPORTED_MEDIA_TYPE, "send an image tarball as"
                    + " application/octet-stream, or JSON as application/json"
                    + http.getContentType().map(t -> " (not " + t + ")").orElse(" (the request has no Content-Type)"));
        }
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.IMAGE_DELETE)
    @Delete(value = "/{idOrName}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<?> delete(HttpRequest<?> request, @PathVariable String idOrName, @Nullable @QueryValue String type,
                                  @Nullable @QueryValue("dry_run") String dryRun, @Nullable @QueryValue String force,
                                  @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch, @Nullable @Body String body) {
        return deleteOne(request, idOrName, type, null, dryRun, force, ifMatch, body);
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.IMAGE_VERSION_DELETE)
    @Delete(value = "/{idOrName}/{version}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<?> deleteVersion(HttpRequest<?> request, @PathVariable String idOrName,
                                         @PathVariable String version,
                                         @Nullable @QueryValue String type,
                                         @Nullable @QueryValue("dry_run") String dryRun, @Nullable @QueryValue String force,
                                         @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                         @Nullable @Body String body) {
        return deleteOne(request, idOrName, type, Params.version(version), dryRun, force, ifMatch, body);
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.IMAGE_BATCH_DELETE)
    @Delete(consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<BatchDeleteResult>> batch(HttpRequest<?> http, @Nullable @Body String body) {
        BatchDelete request = bodies.read(body, BatchDelete.class);
        boolean dryRun = request != null && Boolean.TRUE.equals(request.dryRun());
        AuditLog.note(http, request != null && Boolean.TRUE.equals(request.force()), dryRun);
        Identity who = access.require(http, dryRun ? Role.VIEWER : DeletionPolicy.DELETE_ROLE,
                dryRun ? "ask for a dry run" : "delete images");
        return HttpResponse.ok(Response.sync(deletions.batch(request, who)));
    }

    /**
     * {@code force} and {@code dry_run} are read here once, for the rules, the role check, the
     * delete allowance and the audit alike. {@code force} may come in the query or in the AMS body
     * ({@code ImageDelete}); saying it both ways differently is a 400, not a guess.
     */
    private HttpResponse<?> deleteOne(HttpRequest<?> http, String idOrName, String type, Integer version, String dryRun,
                                      String forceParam, String ifMatch, String body) {
        ImageDelete options = bodies.read(body, ImageDelete.class);
        Boolean queryForce = Params.bool("force", forceParam);
        Boolean bodyForce = options == null ? null : options.force();
        if (queryForce != null && bodyForce != null && !queryForce.equals(bodyForce)) {
            throw ApiException.badRequest("force is " + queryForce + " in the query but " + bodyForce + " in the body");
        }
        boolean force = Boolean.TRUE.equals(queryForce) || Boolean.TRUE.equals(bodyForce);
        boolean simulate = Boolean.TRUE.equals(Params.bool("dry_run", dryRun));
        AuditLog.note(http, force, simulate);
        Identity who = access.require(http, simulate ? Role.VIEWER : DeletionPolicy.DELETE_ROLE,
                simulate ? "ask for a dry run" : version == null ? "delete images" : "delete image versions");
        DeletionService.Request request = new DeletionService.Request(idOrName, type, version, force, ifMatch);
        if (simulate) {
            DeletionReport report = deletions.dryRun(request, who.role());
            return HttpResponse.ok(Response.sync(report));
        }
        return Responses.async(deletions.delete(request, who));
    }
}
