package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A listener on {@code /1.0/events} over the JDK's WebSocket client: collects each message as
 * JSON, as the official SDK reads them, and how the server closed the connection.
 */
public final class EventClient implements AutoCloseable {
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    /** Every message received so far, in order, whether or not {@link #next} skipped it. */
    public final java.util.List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private EventClient(WebSocket.Builder builder, URI uri) {
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode m = Api.JSON.readTree(partial.toString());
                        seen.add(m);
                        messages.add(m);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete("error " + error);
            }
        }).join();
    }

    /** Connects as the bearer token's holder; {@code query} is appended to the path (say "?type=lifecycle"). */
    public static EventClient connect(int port, String token, String query) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return new EventClient(b, URI.create("ws://127.0.0.1:" + port + "/1.0/events" + query));
    }

    /** The next message that matches, skipping the others; fails after the timeout. */
    public JsonNode next(Predicate<JsonNode> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching event within " + seconds + "s");
            }
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** Every message received within the wait, none removed from view before. */
    public java.util.List<JsonNode> drain(long millis) throws InterruptedException {
        Thread.sleep(millis);
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    public static Predicate<JsonNode> lifecycle(String action) {
        return m -> m.path("type").asText().equals("lifecycle") && m.path("metadata").path("action").asText().equals(action);
    }

    public static Predicate<JsonNode> operation(String id) {
        return m -> m.path("type").asText().equals("operation") && m.path("metadata").path("id").asText().equals(id);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            socket.abort();
        }
    }
}
