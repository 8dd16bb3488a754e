package io.amsfleet.server.trash;

import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.model.RoleNames;
import io.amsfleet.model.TrashItem;
import io.amsfleet.model.TrashRestore;
import io.amsfleet.server.api.ApiException;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code /1.0/trash}: the recycle bin (docs/trash.md). */
@Controller("/1.0/trash")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TrashController {
    private static final String ALL = "*/*";
    private final TrashService trash;
    private final JsonBodies bodies;
    private final Access access;

    public TrashController(TrashService trash, JsonBodies bodies, Access access) {
        this.trash = trash;
        this.bodies = bodies;
        this.access = access;
    }

    @Secured(RoleNames.VIEWER)
    @Get
    public HttpResponse<Response<Object>> list(@Nullable @QueryValue String recursion,
                                               @Nullable @QueryValue String offset,
                                               @Nullable @QueryValue String limit) {
        int rec = Params.integer("recursion", recursion, 0, 0);
        TrashService.Page page = trash.list(Params.integer("offset", offset, 0, 0),
                Params.integer("limit", limit, -1, -1));
        if (rec == 0) {
            List<String> urls = page.items().stream().map(i -> "/1.0/trash/" + i.id()).toList();
            return HttpResponse.ok(Response.collection(urls, page.total()));
        }
        return HttpResponse.ok(Response.collection(page.items(), page.total()));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/{id}")
    public HttpResponse<Response<TrashItem>> get(@PathVariable String id) {
        return HttpResponse.ok(Response.sync(trash.get(id)));
    }

    /** Restoring needs the role deleting needs: it is the delete's undo. */
    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.TRASH_RESTORE)
    @Post(value = "/{id}/restore", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<Operation>> restore(HttpRequest<?> http, @PathVariable String id,
                                                     @Nullable @Body String body) {
        access.require(http, DeletionPolicy.DELETE_ROLE, "restore from the recycle bin");
        TrashRestore options = bodies.read(body, TrashRestore.class);
        return Responses.async(trash.restore(id, options == null ? null : options.name(),
                options != null && Boolean.TRUE.equals(options.withImage())));
    }

    @Secured(RoleNames.ADMIN)
    @Audited(AuditAction.TRASH_PURGE)
    @Delete(value = "/{id}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<Operation>> purge(@PathVariable String id) {
        return Responses.async(trash.purge(id));
    }

    /** Everything deleted before a moment; {@code before} is required, so that no slip empties the bin. */
    @Secured(RoleNames.ADMIN)
    @Audited(AuditAction.TRASH_PURGE_BEFORE)
    @Delete(consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, ALL})
    public HttpResponse<Response<Operation>> purgeBefore(@Nullable @QueryValue String before) {
        if (before == null || before.isEmpty()) {
            throw ApiException.badRequest("before is required: DELETE /1.0/trash?before=<RFC 3339 time> purges what"
                    + " was deleted before then");
        }
        Instant cutoff;
        try {
            cutoff = java.time.OffsetDateTime.parse(before).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("before must be an RFC 3339 time such as 2026-11-24T10:00:00Z");
        }
        return Responses.async(trash.purgeBefore(cutoff));
    }
}
