package io.amsfleet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server's operation events ({@code GET /1.0/events?type=operation}, docs/events.md) over the
 * JDK's websocket, on the same HTTP client as every request — so the same TLS context and client
 * certificate — and with the same bearer token. A server without the stream (an older one: 404,
 * or any refused handshake) makes {@link #open} fail; the caller then waits on {@code /wait}.
 */
final class OperationEvents implements WebSocket.Listener {
    /** What {@link #next} answers once the stream has ended: the caller falls back to {@code /wait}. */
    static final JsonNode CLOSED = Json.MAPPER.getNodeFactory().textNode("closed");
    /** A message larger than this is not an operation the client waits on: the stream is given up, not buffered. */
    private static final int MAX_MESSAGE = 1 << 20;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> operations = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private OperationEvents() {
    }

    /** Starts the handshake; the future completes once the server has answered 101, or fails. */
    static CompletableFuture<OperationEvents> open(HttpClient http, URI api, String token, PrintStream debug) {
        URI uri = URI.create(("https".equals(api.getScheme()) ? "wss" : "ws") + api.toString()
                .substring(api.getScheme().length()) + "/1.0/events?type=operation");
        if (debug != null) {
            debug.println("> GET " + uri + " (websocket)");
        }
        OperationEvents events = new OperationEvents();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(HANDSHAKE_TIMEOUT)
                .header("User-Agent", "amc");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(uri, events).thenApply(ws -> {
            events.socket = ws;
            if (debug != null) {
                debug.println("< 101 (listening for operation events)");
            }
            return events;
        });
    }

    /**
     * The next operation event's {@code metadata} (an operation as {@code GET /1.0/operations/{id}}
     * shows it), {@link #CLOSED} once the stream has ended, or null when none came in time.
     */
    JsonNode next(long nanos) throws InterruptedException {
        JsonNode m = operations.poll(nanos, TimeUnit.NANOSECONDS);
        if (m == CLOSED) {
            operations.add(CLOSED);
        }
        return m;
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (partial.length() + data.length() > MAX_MESSAGE) {
            partial.setLength(0);
            ended();
            ws.abort();
            return null;
        }
        partial.append(data);
        if (last) {
            try {
                JsonNode message = Json.MAPPER.readTree(partial.toString());
                if (message != null && "operation".equals(message.path("type").asText())
                        && message.path("metadata").isObject()) {
                    operations.add(message.path("metadata"));
                }
            } catch (IOException e) {
                // Not JSON: not an event this client knows; the next one may be.
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        ended();
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        ended();
    }

    private void ended() {
        operations.add(CLOSED);
    }
}
