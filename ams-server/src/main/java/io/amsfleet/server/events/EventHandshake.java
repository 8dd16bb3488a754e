package io.amsfleet.server.events;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.ErrorEnvelopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.security.Principal;
import java.util.Map;

/**
 * Refuses a handshake on {@code /1.0/events} before it is upgraded: an unknown {@code type} (400)
 * or a caller, or the server, at its limit of event connections (429); else takes the connection's
 * place, which starts collecting events at once. After micronaut-security's
 * filter, so that a stranger gets its 401 first and the caller is known.
 */
@ServerFilter("/1.0/events")
public class EventHandshake implements Ordered {
    static final String PLACE = "ams.events.place";
    private final EventHub hub;

    public EventHandshake(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 1;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        java.util.Set<String> types;
        try {
            types = EventTypes.parse(request.getParameters().getAll("type"));
        } catch (ApiException e) {
            return ErrorEnvelopes.of(e);
        }
        if (!"websocket".equalsIgnoreCase(request.getHeaders().get("Upgrade"))) {
            return null; // not a handshake: answered as any other request to a websocket route
        }
        String caller = caller(request);
        EventHub.Listener place = hub.reserve(caller, types);
        if (place == null) {
            return ErrorEnvelopes.of(new ApiException(ReasonCode.TOO_MANY_REQUESTS, hub.refusal(caller)
                    + "; close one first", Map.of("retry_after", 1)));
        }
        request.setAttribute(PLACE, place);
        return null;
    }

    static String caller(HttpRequest<?> request) {
        return request.getUserPrincipal().map(Principal::getName).orElse("");
    }
}
