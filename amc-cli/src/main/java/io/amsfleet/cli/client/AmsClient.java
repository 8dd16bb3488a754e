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
import java.net.NoRouteToHostException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

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
    /** A cancel at a timeout or Ctrl-C is one short request: amc is on its way out. */
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);

    private final Connection connection;
    /** Plain http://: JSON requests go over PlainHttp, and the JDK client is built only to stream or listen. */
    private final boolean plain;
    private final PrintStream debug;
    /** The JDK's client, built at its first use (http()): uploads, the event websocket, https. */
    private HttpClient http;
    private PrintStream notices;
    private WaitProgress progress;

    /**
     * @param debug where to trace requests ({@code --debug}), or null
     */
    public AmsClient(Connection connection, PrintStream debug) {
        this.connection = connection;
        this.debug = debug;
        this.plain = "http".equals(connection.url().getScheme());
    }

    /** The JDK's HTTP client: for a plain http:// server the one built ahead, if any (prepare). */
    private synchronized HttpClient http() {
        if (http == null) {
            HttpClient prepared = plain ? takePrepared() : null;
            if (prepared != null) {
                http = prepared;
            } else if (plain) {
                http = plainHttp();
            } else if (connection.tls().hasClientCertificate() || connection.tls().serverCertificate() != null) {
                http = builder().sslContext(TlsContext.of(connection.tls())).build();
            } else {
                http = builder().build();
            }
        }
        return http;
    }

    /** HTTP/1.1: the default (HTTP/2) would try an h2c upgrade on every plain-http request. */
    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT);
    }

    private static HttpClient plainHttp() {
        return builder().sslContext(PlainHttpOnly.context()).build();
    }

    /*
     * The JDK client for a plain http:// server, built ahead on another thread (prepare) for a
     * command that streams an upload or waits on operations, while the process's main thread is
     * still reading its command line: building one takes some 20 ms of a run, and it depends on
     * nothing but the scheme. Taken by the first AmsClient that needs it, else closed at exit
     * (discardPrepared), since its selector thread would hold up the JVM's exit. States: 0 not
     * asked for, 1 being built, 2 built, 3 taken or discarded.
     */
    private static final Object PREPARED_LOCK = new Object();
    private static int preparedState;
    private static HttpClient preparedClient;

    /** Builds the plain-http client ahead, unless it was already taken (or discarded). */
    public static void prepare() {
        synchronized (PREPARED_LOCK) {
            if (preparedState != 0) {
                return;
            }
            preparedState = 1;
        }
        HttpClient built = plainHttp();
        synchronized (PREPARED_LOCK) {
            if (preparedState == 1) {
                preparedClient = built;
                preparedState = 2;
                PREPARED_LOCK.notifyAll();
                return;
            }
        }
        close(built);
    }

    /** The client prepare built (waiting for it while it is being built), or null; never twice. */
    private static HttpClient takePrepared() {
        synchronized (PREPARED_LOCK) {
            boolean interrupted = false;
            while (preparedState == 1) {
                try {
                    PREPARED_LOCK.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            HttpClient taken = preparedClient;
            preparedClient = null;
            preparedState = 3;
            return taken;
        }
    }

    /** Closes the prepared client if nothing took it (a run that made no request, or an https one). */
    public static void discardPrepared() {
        HttpClient unused = takePrepared();
        if (unused != null) {
            close(unused);
        }
    }

    /**
     * Where waits say what amc did on its own (cancelled an operation at a timeout or Ctrl-C), and
     * what draws an operation's progress while amc waits (null: nothing is drawn).
     */
    public void waitingOutput(PrintStream notices, WaitProgress progress) {
        this.notices = notices;
        this.progress = progress;
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
    public synchronized void close() {
        if (http != null) {
            close(http);
        }
    }

    private static void close(HttpClient http) {
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
        return metadata(send(new Call("GET", path, null, REQUEST_TIMEOUT)));
    }

    public <T> T get(String path, Class<T> type) {
        return Json.read(get(path), type);
    }

    /** A request answered synchronously (dry runs, batch deletes): its {@code metadata}. */
    public JsonNode sync(String method, String path, Object body, Duration timeout) {
        return metadata(send(call(method, path, body, positive(timeout))));
    }

    /**
     * A request that starts an operation; returns the operation once it has finished.
     * {@code timeout} bounds the whole: the request and then the wait.
     */
    public Operation async(String method, String path, Object body, Duration timeout) {
        long start = System.nanoTime();
        // Listening starts before the request, as the SDK does, without delaying it: the handshake
        // runs while the request is sent, and is dropped unused when the answer is already final.
        CompletableFuture<OperationEvents> events = OperationEvents.open(http(), connection.url(), connection.token(),
                debug);
        Operation op;
        try {
            op = operation(send(call(method, path, body, positive(timeout))));
        } catch (RuntimeException e) {
            discard(events);
            throw e;
        }
        return awaitUntil(op, start + timeout.toNanos(), timeout, events);
    }

    /** The JDK refuses a zero request timeout: even {@code --timeout 0} gives the server a second to answer. */
    private static Duration positive(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }

    /** The size from which an upload asks before sending: curl's threshold. */
    private static final long EXPECT_CONTINUE_FROM = 1L << 20;

    /**
     * Streams a body ({@code application/octet-stream}) and waits for the operation it starts.
     * The upload itself has no time limit (a multi-GiB image on a slow link takes what it takes);
     * {@code timeout} bounds the wait for the server to process it.
     */
    public Operation upload(String method, String path, Map<String, String> headers, HttpRequest.BodyPublisher body,
                            Duration timeout) {
        // Expect: 100-continue on a large file, as curl does, so that an upload the server refuses
        // (too large, a taken name, an immutable image) is answered before the file is sent; a small
        // one is sent at once, without the extra round trip.
        HttpRequest.Builder request = request(path, false).method(method, body)
                .expectContinue(body.contentLength() > EXPECT_CONTINUE_FROM)
                .header("Content-Type", "application/octet-stream");
        headers.forEach(request::header);
        // The stream is opened once the upload is answered, not during it: a websocket idle through
        // a long upload buys nothing, since the wait reads the operation once listening anyway.
        return await(operation(send(request.build())), timeout);
    }

    /**
     * Waits until the operation is final: on the server's event stream when it has one (no polling,
     * and its progress shown), else on its {@code /wait}. Fails when it ends in failure or is still
     * running after {@code timeout} — cancelling it first when it can be cancelled, as at Ctrl-C.
     */
    public Operation await(Operation started, Duration timeout) {
        return awaitUntil(started, System.nanoTime() + timeout.toNanos(), timeout, null);
    }

    private Operation awaitUntil(Operation started, long deadline, Duration timeout,
                                 CompletableFuture<OperationEvents> pending) {
        if (started.isFinal()) {
            discard(pending);
            return settled(started);
        }
        CompletableFuture<OperationEvents> listening = pending != null ? pending
                : OperationEvents.open(http(), connection.url(), connection.token(), debug);
        AtomicReference<Operation> current = new AtomicReference<>(started);
        Thread onInterrupt = new Thread(() -> cancelAtExit(current.get()), "amc-cancel-on-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            OperationEvents events = joined(listening, deadline);
            if (events != null) {
                try {
                    onEvents(events, current, deadline);
                } finally {
                    events.close();
                }
            }
            if (!current.get().isFinal() && System.nanoTime() < deadline) {
                onWait(current, deadline);
            }
            if (!current.get().isFinal()) {
                throw timedOut(current.get(), timeout);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException exiting) {
                // Ctrl-C: the hook is running and says what it did.
            }
            if (progress != null) {
                progress.close();
            }
        }
        return settled(current.get());
    }

    /** The listener once its handshake is answered, or null when the server refused it (an older server) or is slow. */
    private OperationEvents joined(CompletableFuture<OperationEvents> listening, long deadline) {
        try {
            return listening.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (debug != null) {
                debug.println("< no event stream (" + rootMessage(e) + "); waiting on /wait");
            }
            discard(listening);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(listening);
            return null;
        }
    }

    private static void discard(CompletableFuture<OperationEvents> listening) {
        if (listening == null) {
            return;
        }
        listening.whenComplete((events, failure) -> {
            if (events != null) {
                events.close();
            }
        });
        // The handshake ran beside the request and has nearly always finished. Waiting a moment for
        // it lets the socket close now: once close() has stopped the client's selector, a handshake
        // still under way never ends, and the server would hold its half of the stream until the
        // socket is collected (in an embedding JVM, as the tests are; a real amc exits).
        try {
            listening.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Refused or slow: closed by whenComplete if it ever opens.
        }
    }

    /**
     * Reads the operation once listening — what it did before the stream was open is not sent
     * again — then takes its events until it is final, the deadline passes or the stream ends.
     */
    private void onEvents(OperationEvents events, AtomicReference<Operation> current, long deadline) {
        String id = current.get().id();
        show(current, get("/1.0/operations/" + segment(id), Operation.class));
        try {
            while (!current.get().isFinal()) {
                long left = deadline - System.nanoTime();
                JsonNode event = left <= 0 ? null : events.next(left);
                if (event == null) {
                    return;
                }
                if (event == OperationEvents.CLOSED) {
                    if (debug != null) {
                        debug.println("< the event stream ended; waiting on /wait");
                    }
                    return;
                }
                if (id.equals(event.path("id").asText())) {
                    show(current, Json.read(event, Operation.class));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(AtomicReference<Operation> current, Operation op) {
        current.set(op);
        if (progress != null && !op.isFinal()) {
            progress.update(op);
        }
    }

    /** The server's long poll, for a server without the event stream: no loop of requests runs here. */
    private void onWait(AtomicReference<Operation> current, long deadline) {
        while (!current.get().isFinal() && System.nanoTime() < deadline) {
            long left = Math.max(0, deadline - System.nanoTime());
            long seconds = (left + 999_999_999L) / 1_000_000_000L;
            String wait = "/1.0/operations/" + segment(current.get().id()) + "/wait?timeout=" + seconds;
            Duration patience = Duration.ofSeconds(seconds).plus(WAIT_SLACK);
            show(current, Json.read(metadata(send(new Call("GET", wait, null, patience))), Operation.class));
        }
    }

    private CommandFailure timedOut(Operation op, Duration timeout) {
        String gaveUp = "gave up waiting after " + DurationConverter.format(timeout) + ": " + describe(op) + " is still "
                + op.status().toLowerCase(java.util.Locale.ROOT) + " on the server";
        if (!op.mayCancel()) {
            return new CommandFailure(gaveUp + " (/1.0/operations/" + op.id() + "); raise --timeout to wait longer");
        }
        return new CommandFailure(gaveUp + "; " + cancel(op) + "; raise --timeout to wait longer");
    }

    /** Ctrl-C while waiting: a cancellable operation is cancelled rather than left running unwatched. */
    private void cancelAtExit(Operation op) {
        if (op == null || op.isFinal() || !op.mayCancel()) {
            return;
        }
        String said = cancel(op);
        if (notices != null) {
            notices.println();
            notices.println("Interrupted: " + said);
        }
    }

    /** Sends the cancel; says what came of it, in words for the person waiting. */
    private String cancel(Operation op) {
        try {
            send(new Call("DELETE", "/1.0/operations/" + segment(op.id()), null, CANCEL_TIMEOUT));
            return "asked the server to cancel it (DELETE /1.0/operations/" + op.id() + ")";
        } catch (CommandFailure e) {
            return "could not cancel it: " + e.getMessage();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static Operation settled(Operation op) {
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

    /** A request whose body, if any, is JSON in memory. */
    private record Call(String method, String path, byte[] json, Duration timeout) {
    }

    private static Call call(String method, String path, Object body, Duration timeout) {
        return new Call(method, path, body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8), timeout);
    }

    /** The headers of every request, both transports alike; {@code Content-Type} for a JSON body. */
    private Map<String, String> headers(boolean json) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Accept", JSON);
        headers.put("User-Agent", "amc");
        if (connection.token() != null) {
            headers.put("Authorization", "Bearer " + connection.token());
        }
        if (json) {
            headers.put("Content-Type", JSON);
        }
        return headers;
    }

    private HttpRequest.Builder request(String path, boolean json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(connection.url() + path));
        headers(json).forEach(b::header);
        return b;
    }

    /** Over PlainHttp to a plain http:// server, else with the JDK's client; failures in words. */
    private Exchange send(Call call) {
        boolean json = call.json() != null;
        if (!plain) {
            return send(request(call.path(), json).timeout(call.timeout()).method(call.method(), json
                    ? HttpRequest.BodyPublishers.ofByteArray(call.json()) : HttpRequest.BodyPublishers.noBody()).build());
        }
        URI uri = URI.create(connection.url() + call.path());
        long start = traceRequest(call.method(), uri);
        try {
            PlainHttp.Answer answer = PlainHttp.exchange(uri, call.method(), headers(json), call.json(),
                    CONNECT_TIMEOUT, call.timeout());
            traceAnswer(start, answer.status(), answer.body().length);
            return new Exchange(answer.status(), answer.body());
        } catch (IOException e) {
            throw failure(e, call.timeout());
        }
    }

    private Exchange send(HttpRequest request) {
        long start = traceRequest(request.method(), request.uri());
        try {
            HttpResponse<byte[]> response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
            traceAnswer(start, response.statusCode(), response.body().length);
            return new Exchange(response.statusCode(), response.body());
        } catch (IOException e) {
            throw failure(e, request.timeout().orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while talking to " + connection.url(), e);
        }
    }

    private long traceRequest(String method, URI uri) {
        if (debug != null) {
            debug.println("> " + method + " " + uri);
        }
        return System.nanoTime();
    }

    private void traceAnswer(long start, int status, int bytes) {
        if (debug != null) {
            debug.printf("< %d (%d ms, %d bytes)%n", status, (System.nanoTime() - start) / 1_000_000, bytes);
        }
    }

    /** Every way of not getting an answer, as one line for a person. */
    private CommandFailure failure(IOException e, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return new CommandFailure("timed out connecting to the AMS server at " + connection.url() + " after "
                    + DurationConverter.format(CONNECT_TIMEOUT) + " (" + sourceOfUrl() + ")", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new CommandFailure("the AMS server at " + connection.url() + " did not answer within "
                    + (timeout == null ? "the time allowed" : DurationConverter.format(timeout)), e);
        }
        if (e instanceof UnknownHostException || causedBy(e, UnresolvedAddressException.class)) {
            return new CommandFailure("cannot resolve the host of " + connection.url() + " (" + sourceOfUrl() + ")", e);
        }
        if (e instanceof ConnectException) {
            return new CommandFailure("cannot connect to the AMS server at " + connection.url()
                    + ": connection refused; is ams running there? (" + sourceOfUrl() + ")", e);
        }
        if (e instanceof NoRouteToHostException) {
            return new CommandFailure("cannot connect to the AMS server at " + connection.url()
                    + ": no route to host (" + sourceOfUrl() + ")", e);
        }
        if (causedBy(e, SSLException.class)) {
            return new CommandFailure(tlsFailure(e), e);
        }
        return new CommandFailure("lost the connection to the AMS server at " + connection.url() + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
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
            root = JsonTree.read(exchange.body());
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
