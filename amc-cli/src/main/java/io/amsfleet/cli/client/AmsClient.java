package io.amsfleet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.DurationConverter;
import io.amsfleet.cli.config.Connection;
import io.amsfleet.model.Operation;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to an AMS server with the JDK's HTTP client: sends a request, unwraps the AMS envelope,
 * turns an error envelope into an {@link ApiError} and a transport failure into one
 * {@link CommandFailure} line, and waits on operations as AMS clients do.
 */
public final class AmsClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** For requests that answer at once (reads, batch deletes): a server that says nothing for this long is stuck. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Extra time for a {@code /wait} request to come back after its own server-side timeout. */
    private static final Duration WAIT_SLACK = Duration.ofSeconds(15);
    private static final String JSON = "application/json";

    private final Connection connection;
    private final HttpClient http;
    private final PrintStream debug;

    /**
     * @param debug where to trace requests ({@code --debug}), or null
     */
    public AmsClient(Connection connection, PrintStream debug) {
        this.connection = connection;
        this.debug = debug;
        // HTTP/1.1: the default (HTTP/2) would try an h2c upgrade on every plain-http request.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if ("http".equals(connection.url().getScheme())) {
            builder.sslContext(PlainHttpOnly.context());
        } else if (connection.tls().hasClientCertificate() || connection.tls().serverCertificate() != null) {
            builder.sslContext(TlsContext.of(connection.tls()));
        }
        this.http = builder.build();
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Ends the HTTP client's selector thread. While it waits in native code, HotSpot's exit
     * waits up to 300 ms for it to come back — longer than the rest of {@code amc image list}.
     * JDK 21 has {@code HttpClient.close()}; on 17 the thread is interrupted, which ends its loop.
     * Only this client's thread: the JDK names it {@code HttpClient-<id>-SelectorManager} and
     * the client's {@code toString()} ends with {@code (<id>)}. Other clients in the same JVM (an
     * embedded server's, in the tests) keep theirs.
     */
    public void close() {
        String client = http.toString();
        int open = client.lastIndexOf('(');
        if (open < 0 || !client.endsWith(")")) {
            return;
        }
        String selector = "HttpClient-" + client.substring(open + 1, client.length() - 1) + "-SelectorManager";
        Thread[] threads = new Thread[Thread.activeCount() + 16];
        int n = Thread.enumerate(threads);
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().equals(selector)) {
                threads[i].interrupt();
            }
        }
    }

    /** A path segment, percent-encoded ({@code :} kept, as in {@code jammy:android13:arm64}). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    /** {@code GET} a sync resource: its {@code metadata}. */
    public JsonNode get(String path) {
        return metadata(send(json("GET", path, null).timeout(REQUEST_TIMEOUT)));
    }

    public <T> T get(String path, Class<T> type) {
        return Json.read(get(path), type);
    }

    /** A request answered synchronously (dry runs, batch deletes): its {@code metadata}. */
    public JsonNode sync(String method, String path, Object body, Duration timeout) {
        return metadata(send(json(method, path, body).timeout(positive(timeout))));
    }

    /**
     * A request that starts an operation; returns the operation once it has finished.
     * {@code timeout} bounds the whole: the request and then the wait.
     */
    public Operation async(String method, String path, Object body, Duration timeout) {
        long start = System.nanoTime();
        Operation op = operation(send(json(method, path, body).timeout(positive(timeout))));
        return awaitUntil(op, start + timeout.toNanos(), timeout);
    }

    /** The JDK refuses a zero request timeout: even {@code --timeout 0} gives the server a second to answer. */
    private static Duration positive(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }

    /**
     * Streams a body ({@code application/octet-stream}) and waits for the operation it starts.
     * The upload itself has no time limit (a multi-GiB image on a slow link takes what it takes);
     * {@code timeout} bounds the wait for the server to process it.
     */
    public Operation upload(String method, String path, Map<String, String> headers, HttpRequest.BodyPublisher body,
                            Duration timeout) {
        HttpRequest.Builder request = request(path).method(method, body)
                .header("Content-Type", "application/octet-stream");
        headers.forEach(request::header);
        return await(operation(send(request)), timeout);
    }

    /**
     * Waits until the operation is final, using the server's {@code /wait} so that no polling
     * loop runs here. Fails when it ends in failure or is still running after {@code timeout}.
     */
    public Operation await(Operation started, Duration timeout) {
        return awaitUntil(started, System.nanoTime() + timeout.toNanos(), timeout);
    }

    private Operation awaitUntil(Operation started, long deadline, Duration timeout) {
        Operation op = started;
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            long seconds = (left + 999_999_999L) / 1_000_000_000L;
            String wait = "/1.0/operations/" + segment(op.id()) + "/wait?timeout=" + seconds;
            Duration patience = Duration.ofSeconds(seconds).plus(WAIT_SLACK);
            JsonNode node = metadata(send(json("GET", wait, null).timeout(patience)));
            op = Json.read(node, Operation.class);
            if (op.isFinal()) {
                break;
            }
            if (System.nanoTime() >= deadline) {
                throw new CommandFailure("gave up waiting after " + DurationConverter.format(timeout) + ": "
                        + describe(op) + " is still " + op.status().toLowerCase(java.util.Locale.ROOT)
                        + " on the server (/1.0/operations/" + op.id() + "); raise --timeout to wait longer");
            }
        }
        if (op.statusCode() != Operation.SUCCESS) {
            String why = op.err() == null || op.err().isBlank() ? op.status() : op.err();
            throw new CommandFailure(describe(op) + " failed: " + why);
        }
        return op;
    }

    private static String describe(Operation op) {
        return op.description() == null || op.description().isBlank() ? "operation " + op.id()
                : "\"" + op.description() + "\"";
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(connection.url() + path))
                .header("Accept", JSON)
                .header("User-Agent", "amc");
        if (connection.token() != null) {
            b.header("Authorization", "Bearer " + connection.token());
        }
        return b;
    }

    private HttpRequest.Builder json(String method, String path, Object body) {
        HttpRequest.Builder b = request(path);
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body))).header("Content-Type", JSON);
    }

    /** Sends, and turns every way of not getting an answer into one line for a person. */
    private Exchange send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        long start = System.nanoTime();
        if (debug != null) {
            debug.println("> " + request.method() + " " + request.uri());
        }
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (debug != null) {
                debug.printf("< %d (%d ms, %d bytes)%n", response.statusCode(), (System.nanoTime() - start) / 1_000_000,
                        response.body().length);
            }
            return new Exchange(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new CommandFailure("timed out connecting to the AMS server at " + connection.url() + " after "
                    + DurationConverter.format(CONNECT_TIMEOUT) + " (" + sourceOfUrl() + ")", e);
        } catch (HttpTimeoutException e) {
            throw new CommandFailure("the AMS server at " + connection.url() + " did not answer within "
                    + request.timeout().map(DurationConverter::format).orElse("the time allowed"), e);
        } catch (ConnectException e) {
            if (causedBy(e, UnresolvedAddressException.class)) {
                throw new CommandFailure("cannot resolve the host of " + connection.url() + " (" + sourceOfUrl() + ")",
                        e);
            }
            throw new CommandFailure("cannot connect to the AMS server at " + connection.url()
                    + ": connection refused; is ams running there? (" + sourceOfUrl() + ")", e);
        } catch (IOException e) {
            if (causedBy(e, SSLException.class)) {
                throw new CommandFailure(tlsFailure(e), e);
            }
            throw new CommandFailure("lost the connection to the AMS server at " + connection.url() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while talking to " + connection.url(), e);
        }
    }

    /** A failed handshake, in words; an untrusted server certificate says how to trust it. */
    private String tlsFailure(IOException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        boolean untrusted = causedBy(e, java.security.cert.CertPathValidatorException.class)
                || causedBy(e, java.security.cert.CertPathBuilderException.class);
        return "TLS with the AMS server at " + connection.url() + " failed: " + (untrusted
                ? "its certificate is not trusted" + (connection.tls().serverCertificate() == null
                ? "; if it is self-signed (the AMS server generates $AMS_DATA_DIR/server.crt), trust it with"
                + " --server-cert, AMC_SERVER_CERT or amc config set server-cert"
                : " (not the server certificate " + connection.tls().serverCertificate().path() + " from "
                + connection.tls().serverCertificate().source() + ")")
                : why);
    }

    private String sourceOfUrl() {
        return "default".equals(connection.urlSource())
                ? "the default address; set another with --url, AMC_URL or amc config set url"
                : "address from " + connection.urlSource();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A response, before its envelope is opened. */
    private record Exchange(int status, byte[] body) {
    }

    private JsonNode envelope(Exchange exchange) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(exchange.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("type")) {
            String reason = exchange.status() == 401 ? "unauthorized" : "unknown";
            throw new ApiError(connection.url(), exchange.status(), reason, "the server at " + connection.url()
                    + " answered HTTP " + exchange.status() + " without an AMS envelope; is this an AMS server?", null);
        }
        if ("error".equals(root.path("type").asText()) || exchange.status() >= 400) {
            JsonNode metadata = root.path("metadata");
            String reason = metadata.path("reason").asText("");
            throw new ApiError(connection.url(), exchange.status(), reason.isEmpty() ? "unknown" : reason,
                    root.path("error").asText("HTTP " + exchange.status()), metadata);
        }
        return root;
    }

    private JsonNode metadata(Exchange exchange) {
        return envelope(exchange).path("metadata");
    }

    private Operation operation(Exchange exchange) {
        JsonNode root = envelope(exchange);
        if (!"async".equals(root.path("type").asText())) {
            throw new CommandFailure("the server answered a " + root.path("type").asText() + " response where an"
                    + " operation was expected");
        }
        return Json.read(root.path("metadata"), Operation.class);
    }
}
