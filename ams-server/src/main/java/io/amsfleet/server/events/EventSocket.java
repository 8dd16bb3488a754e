package io.amsfleet.server.events;

import io.amsfleet.model.RoleNames;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;


/**
 * {@code GET /1.0/events}: the AMS event stream, as the official SDK dials it (docs/events.md).
 * What a listener sends is read and dropped; a frame over 4 KiB closes the connection (1009).
 */
@Secured(RoleNames.VIEWER)
@ServerWebSocket("/1.0/events")
public class EventSocket {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventSocket.class);
    private static final int MAX_FRAME = 4096;
    private final EventHub hub;

    public EventSocket(EventHub hub) {
        this.hub = hub;
    }

    /**
     * {@code type} is read by {@link EventHandshake} before the upgrade and {@code token} by
     * {@code auth.CredentialsFetcher}; both are declared here so that {@code api.DeclaredParameters}
     * knows the handshake takes them.
     */
    @OnOpen
    public void open(WebSocketSession session, HttpRequest<?> request, @Nullable @QueryValue String type,
                     @Nullable @QueryValue String token) {
        EventHub.Listener place = request.getAttribute(EventHandshake.PLACE, EventHub.Listener.class).orElse(null);
        if (place == null) {
            session.close(CloseReason.INTERNAL_ERROR);
            return;
        }
        hub.attach(place, session);
    }

    @OnMessage(maxPayloadLength = MAX_FRAME)
    public void ignore(String message, WebSocketSession session) {
        // Listeners have nothing to say; AMS ignores what they send, and so does this server.
    }

    @OnClose
    public void close(WebSocketSession session) {
        hub.closed(session);
    }

    /**
     * A listener's bad frame (too large, not UTF-8…) is its own mistake, not the server's: noted at
     * debug level, not logged as an error with a stack a stranger could fill the log with.
     */
    @OnError
    public void error(WebSocketSession session, Throwable failure) {
        LOG.debug("event listener {}: {}", session.getId(), failure.toString());
        hub.closed(session);
        // Closed here whatever its state: with this handler, closing is no longer Micronaut's.
        session.close(failure instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException
                ? CloseReason.MESSAGE_TO_BIG : CloseReason.PROTOCOL_ERROR);
    }
}
