package io.amsfleet.server.image;

import io.amsfleet.model.BatchDelete;
import io.amsfleet.model.BatchDeleteResult;
import io.amsfleet.model.DeletionReport;
import io.amsfleet.model.Image;
import io.amsfleet.model.ImageDelete;
import io.amsfleet.model.ImagePatch;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Response;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.ClientConnection;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.api.Params;
import io.amsfleet.server.api.Responses;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.auth.Access;
import io.amsfleet.server.auth.Role;
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
    private final io.amsfleet.server.remote.RemoteImageService remote;

    public ImageController(ImageService images, UploadService uploads, DeletionService deletions, JsonBodies bodies,
                           Access access, io.amsfleet.server.remote.RemoteImageService remote) {
        this.access = access;
        this.remote = remote;
        this.images = images;
        this.uploads = uploads;
        this.deletions = deletions;
        this.bodies = bodies;
    }

    @Get
    public HttpResponse<Response<Object>> list(HttpRequest<?> request, @Nullable @QueryValue String recursion, @Nullable @QueryValue String offset,
                                               @Nullable @QueryValue String limit, @Nullable @QueryValue String type,
                                               @Nullable @QueryValue String name,
                                               @Nullable @QueryValue("name_prefix") String namePrefix,
                                               @Nullable @QueryValue("default") String isDefault,
                                               @Nullable @QueryValue String entitlements) {
        int rec = Params.integer("recursion", recursion, 0, 0);
        ImageFilter filter = new ImageFilter(type == null || type.isEmpty() ? null : ImageTypes.checkType(type),
                name == null || name.isEmpty() ? null : name, Params.bool("default", isDefault),
                namePrefix == null || namePrefix.isEmpty() ? null : namePrefix);
        int from = Params.integer("offset", offset, 0, 0);
        int max = Params.integer("limit", limit, -1, -1);
        if (rec == 0) {
            ImageService.Page page = images.listIds(filter, from, max);
            List<String> urls = page.images().stream().map(i -> "/1.0/images/" + i.id()).toList();
            return HttpResponse.ok(Response.collection(urls, page.total()));
        }
        ImageService.Page page = images.list(filter, from, max, access.entitlements(request, entitlements));
        return HttpResponse.ok(Response.collection(page.images(), page.total()));
    }

    @Get("/{idOrName}")
    public HttpResponse<Response<Image>> get(HttpRequest<?> request, @PathVariable String idOrName,
                                             @Nullable @QueryValue String type,
                                             @Nullable @QueryValue String entitlements) {
        ImageService.Tagged tagged = images.get(idOrName, type, access.entitlements(request, entitlements));
        return HttpResponse.ok(Response.sync(tagged.image())).header(HttpHeaders.ETAG, tagged.etag());
    }

    @Post(value = "/", consumes = MediaType.APPLICATION_OCTET_STREAM)
    public HttpResponse<Response<Operation>> upload(HttpRequest<?> http,
                                                    @Nullable @Header("X-AMS-Request") String request,
                                                    @Nullable @Header("X-AMS-Fingerprint") String fingerprint,
                                                    @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length,
                                                    @Body InputStream body) {
        access.require(http, Role.OPERATOR, "upload images");
        return Responses.async(uploads.createImage(request, fingerprint, length, body,
                ClientConnection.gone(http)));
    }

    /** Imports one release from the image server (AMS {@code ImagesPost}, {@code source.type=import}). */
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Response<Operation>> importImage(HttpRequest<?> request, @Nullable @Body String body) {
        access.require(request, Role.OPERATOR, "import images");
        return Responses.async(remote.importImage(bodies.read(body, io.amsfleet.model.ImagesPost.class)));
    }

    @Patch(value = "/{idOrName}", consumes = MediaType.APPLICATION_OCTET_STREAM)
    public HttpResponse<Response<Operation>> uploadVersion(HttpRequest<?> http, @PathVariable String idOrName,
                                                           @Nullable @QueryValue String type,
                                                           @Nullable @Header("X-AMS-Request") String request,
                                                           @Nullable @Header("X-AMS-Fingerprint") String fingerprint,
                                                           @Nullable @Header(HttpHeaders.CONTENT_LENGTH) Long length,
                                                           @Body InputStream body) {
        access.require(http, Role.OPERATOR, "update images");
        return Responses.async(uploads.addVersion(idOrName, type, request, fingerprint, length, body,
                ClientConnection.gone(http)));
    }

    @Patch(value = "/{idOrName}", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Response<Operation>> patch(HttpRequest<?> request, @PathVariable String idOrName,
                                                   @Nullable @QueryValue String type, @Nullable @Body String body) {
        access.require(request, Role.OPERATOR, "change images");
        ImagePatch patch = bodies.read(body, ImagePatch.class);
        if (patch == null || patch.makeDefault() == null && patch.forceSync() == null) {
            throw ApiException.badRequest("nothing to change: send {\"default\": true} or {\"force_sync\": true}");
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

    @Delete(value = "/{idOrName}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<?> delete(HttpRequest<?> request, @PathVariable String idOrName, @Nullable @QueryValue String type,
                                  @Nullable @QueryValue("dry_run") String dryRun, @Nullable @QueryValue String force,
                                  @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch, @Nullable @Body String body) {
        return deleteOne(request, idOrName, type, null, dryRun, force, ifMatch, body);
    }

    @Delete(value = "/{idOrName}/{version}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<?> deleteVersion(HttpRequest<?> request, @PathVariable String idOrName,
                                         @PathVariable String version,
                                         @Nullable @QueryValue String type,
                                         @Nullable @QueryValue("dry_run") String dryRun, @Nullable @QueryValue String force,
                                         @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                         @Nullable @Body String body) {
        return deleteOne(request, idOrName, type, Params.version(version), dryRun, force, ifMatch, body);
    }

    @Delete(consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<BatchDeleteResult>> batch(HttpRequest<?> http, @Nullable @Body String body) {
        BatchDelete request = bodies.read(body, BatchDelete.class);
        boolean dryRun = request != null && Boolean.TRUE.equals(request.dryRun());
        AuditLog.note(http, request != null && Boolean.TRUE.equals(request.force()), dryRun);
        access.require(http, dryRun ? Role.VIEWER : Role.ADMIN, dryRun ? "ask for a dry run" : "delete images");
        return HttpResponse.ok(Response.sync(deletions.batch(request)));
    }

    private HttpResponse<?> deleteOne(HttpRequest<?> http, String idOrName, String type, Integer version, String dryRun,
                                      String forceParam, String ifMatch, String body) {
        ImageDelete options = bodies.read(body, ImageDelete.class);
        boolean force = Boolean.TRUE.equals(Params.bool("force", forceParam))
                || options != null && Boolean.TRUE.equals(options.force());
        boolean simulate = Boolean.TRUE.equals(Params.bool("dry_run", dryRun));
        AuditLog.note(http, force, simulate);
        access.require(http, simulate ? Role.VIEWER : Role.ADMIN, simulate ? "ask for a dry run"
                : version == null ? "delete images" : "delete image versions");
        DeletionService.Request request = new DeletionService.Request(idOrName, type, version, force, ifMatch);
        if (simulate) {
            DeletionReport report = deletions.dryRun(request);
            return HttpResponse.ok(Response.sync(report));
        }
        return Responses.async(deletions.delete(request));
    }
}
