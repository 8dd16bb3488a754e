package io.amsfleet.server.audit;

import io.amsfleet.model.RoleNames;
import io.micronaut.security.annotation.Secured;
import io.amsfleet.model.AuditEvent;
import io.amsfleet.model.Response;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.Params;
import io.amsfleet.model.Outcome;
import io.amsfleet.model.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

/** {@code GET /1.0/audit}: who changed what, newest first; admin only. */
@Controller("/1.0/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {
    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @Secured(RoleNames.ADMIN)
    @Get
    public HttpResponse<Response<List<AuditEvent>>> list(HttpRequest<?> request, @Nullable @QueryValue String image,
                                                        @Nullable @QueryValue String actor,
                                                        @Nullable @QueryValue String action,
                                                        @Nullable @QueryValue String outcome,
                                                        @Nullable @QueryValue String previews,
                                                        @Nullable @QueryValue String since,
                                                        @Nullable @QueryValue String until,
                                                        @Nullable @QueryValue String offset,
                                                        @Nullable @QueryValue String limit) {
        Outcome wanted = Outcome.fromLabel(outcome);
        if (outcome != null && wanted == null) {
            throw ApiException.badRequest("outcome must be success, preview, refused or failed");
        }
        AuditLog.Query q = new AuditLog.Query(blank(image), blank(actor), blank(action), wanted,
                !Boolean.FALSE.equals(Params.bool("previews", previews)), epochMillis("since", since),
                epochMillis("until", until), Params.integer("offset", offset, 0, 0),
                Math.min(Params.integer("limit", limit, 100, 1), 1000));
        return HttpResponse.ok(Response.sync(audit.find(q)));
    }

    /** A time as Unix seconds, or an ISO-8601 instant. */
    private static Long epochMillis(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.matches("[0-9]{1,12}")) {
            return Long.parseLong(value) * 1000;
        }
        try {
            return java.time.Instant.parse(value).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be Unix seconds or an ISO-8601 time such as 2026-11-24T10:00:00Z");
        }
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
