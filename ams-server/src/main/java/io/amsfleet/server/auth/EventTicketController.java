package io.amsfleet.server.auth;

import io.amsfleet.model.RoleNames;
import io.amsfleet.model.Response;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.util.Map;

/** {@code POST /1.0/events/auth}: AMS's EventAuth, a ticket for opening the event stream without headers. */
@Controller("/1.0/events/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventTicketController {
    private final EventTickets tickets;

    public EventTicketController(EventTickets tickets) {
        this.tickets = tickets;
    }

    @Secured(RoleNames.VIEWER)
    @Audited(AuditAction.EVENTS_TICKET)
    @Post
    public HttpResponse<Response<Map<String, String>>> issue(HttpRequest<?> request) {
        Identity caller = Identity.of(request).orElseThrow(() -> new ApiException(
                io.amsfleet.model.ReasonCode.UNAUTHORIZED, "no credentials"));
        return HttpResponse.ok(Response.sync(Map.of("token", tickets.issue(caller))));
    }
}
