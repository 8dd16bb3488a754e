package io.amsfleet.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.EventClient;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: the AMS event stream, operation events, cancel and the operations list, as the official SDK uses them. */
public abstract class EventStreamContract extends ServerTestBase {
    static final int PER_CALLER = 4;
    static final int BUFFER_MESSAGES = 40;
    private static final String PRODUCT = "jammy:android13:amd64";
    @Inject
    EventHub hub;
    @Inject
    Events events;
    @Inject
    io.amsfleet.server.remote.ImageSync sync;
    private final List<EventClient> clients = new ArrayList<>();
    private FixtureImageServer images;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = new java.util.HashMap<>(super.getProperties());
        props.put("ams.events.connections-per-caller", String.valueOf(PER_CALLER));
        props.put("ams.events.buffer-messages", String.valueOf(BUFFER_MESSAGES));
        props.put("ams.events.buffer-bytes", "64KB");
        return props;
    }

    @BeforeEach
    void noListenersLeft() throws InterruptedException {
        sql("DELETE FROM remote_tombstones", "DELETE FROM config", "DELETE FROM event_tickets");
        // A place reserved at a handshake whose upgrade never completed (the client gone in
        // between, which a loaded machine makes likely) is given back by the hub after its 30 s
        // bound, not at once: wait for that bound rather than fail every following test.
        for (int i = 0; i < 700 && hub.size() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(hub.size()).as("listeners of the previous test are gone").isZero();
    }

    @AfterEach
    void closeListeners() {
        clients.forEach(EventClient::close);
        clients.clear();
        if (images != null) {
            images.close();
            images = null;
        }
    }

    private EventClient listen(String query) {
        EventClient c = EventClient.connect(server.getPort(), ADMIN_TOKEN, query);
        clients.add(c);
        return c;
    }

    // ---- the handshake, byte for byte as gorilla/websocket sends it ----

    /** A handshake as the SDK's dialer writes it: no type query, Go's User-Agent, a random key. */
    private Socket handshake(String path, String authorization, StringBuilder answer) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", server.getPort()), 5000);
        s.setSoTimeout(10_000);
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        String k = Base64.getEncoder().encodeToString(key);
        String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.getPort() + "\r\n"
                + "User-Agent: Go-http-client/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + k + "\r\nSec-WebSocket-Version: 13\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        answer.append(head.toString(StandardCharsets.ISO_8859_1));
        answer.append("\nexpected-accept: ").append(accept(k));
        return s;
    }

    private static String accept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(StringBuilder answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** One server frame: [opcode, payload]; the server never masks. */
    private static Object[] frame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.readUnsignedByte();
        int b1 = d.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = d.readUnsignedShort();
        } else if (len == 127) {
            len = d.readLong();
        }
        byte[] payload = new byte[(int) len];
        d.readFully(payload);
        return new Object[]{b0 & 0x0f, payload};
    }

    /** The next text message; pings are skipped. */
    private static JsonNode textMessage(InputStream in) throws IOException {
        while (true) {
            Object[] f = frame(in);
            if ((int) f[0] == 1) {
                return Api.JSON.readTree((byte[]) f[1]);
            }
            if ((int) f[0] == 8) {
                throw new AssertionError("closed: " + new String((byte[]) f[1], StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theSdksHandshakeIsUpgradedAndOperationEventsArriveAsItReadsThem() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (Socket s = handshake("/1.0/events", "Bearer " + ADMIN_TOKEN, answer)) {
            assertThat(status(answer)).as(answer.toString()).isEqualTo(101);
            String expected = answer.substring(answer.indexOf("expected-accept: ") + 17);
            assertThat(answer.toString().toLowerCase()).contains("upgrade: websocket")
                    .contains("sec-websocket-accept: " + expected.toLowerCase());
            String id = upload(unique("ws"));
            JsonNode m;
            do {
                m = textMessage(s.getInputStream());
            } while (!m.path("type").asText().equals("operation"));
            assertThat(m.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            JsonNode op = m.path("metadata");
            JsonNode shown = api.get("/1.0/operations/" + op.path("id").asText()).metadata();
            assertThat(op).as("the event's operation is the one GET shows").isEqualTo(shown);
            assertThat(op.path("status_code").asInt()).isEqualTo(200);
            assertThat(op.path("metadata").path("image_id").asText()).isEqualTo(id);
        }
    }

    @Test
    void anUnauthenticatedHandshakeIsRefusedWith401AndNotUpgraded() throws Exception {
        for (String auth : new String[]{null, "Bearer not-a-token"}) {
            StringBuilder answer = new StringBuilder();
            try (Socket s = handshake("/1.0/events", auth, answer)) {
                assertThat(status(answer)).as(answer.toString()).isEqualTo(401);
            }
        }
    }

    @Test
    void anUnknownTypeIsA400NamingIt() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (Socket s = handshake("/1.0/events?type=operation,logging", "Bearer " + ADMIN_TOKEN, answer)) {
            assertThat(status(answer)).as(answer.toString()).isEqualTo(400);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
                    .matcher(answer);
            assertThat(length.find()).as(answer.toString()).isTrue();
            byte[] body = s.getInputStream().readNBytes(Integer.parseInt(length.group(1)));
            assertThat(new String(body, StandardCharsets.UTF_8)).contains("unknown event type \\\"logging\\\"");
        }
    }

    @Test
    void whatAListenerSendsIsIgnoredAndAnOversizedFrameClosesTheConnection() throws Exception {
        try (Socket s = listening()) {
            OutputStream out = s.getOutputStream();
            out.write(clientFrame("hello".getBytes(StandardCharsets.UTF_8)));
            String id = upload(unique("chatty"));
            JsonNode m;
            do {
                m = textMessage(s.getInputStream());
            } while (!m.path("type").asText().equals("lifecycle"));
            assertThat(m.path("metadata").path("context").path("id").asText()).as("still listening").isEqualTo(id);
            out.write(clientFrame(new byte[8192]));
            assertThat(closing(s.getInputStream())).startsWith("1009 ");
        }
    }

    /**
     * The server answers 101 before its websocket handler is in place (Micronaut's order; a frame a
     * client sends in that moment is dropped): wait for it to be listening.
     */
    private void awaitListeners(int n) throws InterruptedException {
        for (int i = 0; i < 250 && hub.attached() != n; i++) {
            Thread.sleep(20);
        }
        assertThat(hub.attached()).as("listening").isEqualTo(n);
    }

    /** An upgraded connection as the SDK opens it, once the server is listening on it. */
    private Socket listening() throws IOException, InterruptedException {
        StringBuilder answer = new StringBuilder();
        Socket s = handshake("/1.0/events", "Bearer " + ADMIN_TOKEN, answer);
        assertThat(status(answer)).as(answer.toString()).isEqualTo(101);
        awaitListeners(1);
        return s;
    }

    /** Reads up to the server's close frame: "<code> <reason>". */
    private static String closing(InputStream in) throws IOException {
        Object[] f;
        do {
            f = frame(in);
        } while ((int) f[0] != 8);
        byte[] close = (byte[]) f[1];
        return (((close[0] & 0xff) << 8) | (close[1] & 0xff)) + " "
                + new String(close, 2, close.length - 2, StandardCharsets.UTF_8);
    }

    /** A masked text frame, as a client must send it. */
    private static byte[] clientFrame(byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x81);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        return f.toByteArray();
    }

    @Test
    void applicationsAndTheirVersionsRaiseLifecycleEvents() throws Exception {
        String image = upload(unique("base"));
        String name = unique("app");
        EventClient listener = listen("?type=lifecycle");
        Api.Reply created = api.postJson("/1.0/applications", "{\"name\":\"" + name + "\",\"image\":\"" + image + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String app = created.metadata().path("metadata").path("application_id").asText();
        assertThat(listener.next(EventClient.lifecycle("application-created"), 10).path("metadata").path("source")
                .asText()).isEqualTo("/1.0/applications/" + app);
        JsonNode v0 = listener.next(EventClient.lifecycle("application-version-created"), 10).path("metadata");
        assertThat(v0.path("source").asText()).isEqualTo("/1.0/applications/" + app + "/0");
        assertThat(v0.path("context").path("image_id").asText()).isEqualTo(image);
        Api.Reply revoked = api.patchJson("/1.0/applications/" + app + "/0", "{\"published\":false}");
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(202);
        assertThat(listener.next(EventClient.lifecycle("application-version-updated"), 10).path("metadata")
                .path("context").path("published").asBoolean()).isFalse();
        Api.Reply deleted = api.delete("/1.0/applications/" + app);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        assertThat(listener.next(EventClient.lifecycle("application-deleted"), 10).path("metadata").path("context")
                .path("name").asText()).isEqualTo(name);
    }

    @Test
    void typeFiltersTheMessages() throws Exception {
        EventClient lifecycleOnly = listen("?type=lifecycle");
        EventClient operationOnly = listen("?type=operation");
        EventClient all = listen("?type=all");
        String id = upload(unique("filter"));
        JsonNode created = lifecycleOnly.next(EventClient.lifecycle("image-created"), 10);
        assertThat(created.path("metadata").path("source").asText()).isEqualTo("/1.0/images/" + id);
        assertThat(created.path("metadata").path("context").path("id").asText()).isEqualTo(id);
        all.next(EventClient.lifecycle("image-version-created"), 10);
        all.next(m -> m.path("type").asText().equals("operation"), 10);
        operationOnly.next(m -> m.path("type").asText().equals("operation"), 10);
        assertThat(operationOnly.drain(300)).allMatch(m -> m.path("type").asText().equals("operation"));
        assertThat(lifecycleOnly.drain(0)).allMatch(m -> m.path("type").asText().equals("lifecycle"));
    }

    // ---- operations: the SDK's wait flow, cancel, the list ----

    /** An image-server image whose one version downloads slowly (some seconds). */
    private void slowImageServer() throws IOException {
        slowImageServer(40, 100);
    }

    /** As {@link #slowImageServer()}, the tarball sent in about {@code chunks} pieces, {@code pauseMillis} apart. */
    private void slowImageServer(int chunks, long pauseMillis) throws IOException {
        images = new FixtureImageServer();
        byte[] release = TestTarballs.image();
        images.publish(PRODUCT, "20261101", release);
        images.slowDownloads(Math.max(1, release.length / chunks), pauseMillis);
        Api.Reply set = api.patchJson("/1.0/config", "{\"name\":\"images.url\",\"value\":\"" + images.url() + "\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(202);
        sync.syncAll();
    }

    private String startSync() {
        Api.Reply started = api.patchJson("/1.0/images/" + PRODUCT, "{\"force_sync\":true}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return started.metadata().path("id").asText();
    }

    @Test
    void theSdksWaitFlowSeesARunningSyncFinishThroughItsFinalEvent() throws Exception {
        slowImageServer();
        EventClient listener = listen("");
        String op = startSync();
        JsonNode refreshed = api.get("/1.0/operations/" + op).metadata();
        assertThat(refreshed.path("status").asText()).isEqualTo("Running");
        assertThat(refreshed.path("may_cancel").asBoolean()).isTrue();
        JsonNode done = listener.next(m -> EventClient.operation(op).test(m)
                && m.path("metadata").path("status_code").asInt() >= 200, 60);
        assertThat(done.path("metadata").path("status").asText()).as(done.toString()).isEqualTo("Success");
        assertThat(done.path("metadata").path("may_cancel").asBoolean()).isFalse();
        assertThat(done.path("metadata")).isEqualTo(api.get("/1.0/operations/" + op).metadata());
        JsonNode downloaded = listener.seen.stream().filter(EventClient.lifecycle("image-version-updated")).findFirst()
                .orElseThrow(() -> new AssertionError("no image-version-updated before the operation's end"));
        assertThat(downloaded.path("metadata").path("context").path("status").asText()).isEqualTo("active");
    }

    /** An event of the operation that is not a progress report of its running state. */
    private static java.util.function.Predicate<JsonNode> statusChange(String op) {
        return m -> EventClient.operation(op).test(m) && m.path("metadata").path("status_code").asInt() != 103;
    }

    @Test
    void aRunningSyncReportsItsProgressInOperationEventsBeforeItsEnd() throws Exception {
        slowImageServer(200, 20);
        EventClient listener = listen("?type=operation");
        String op = startSync();
        JsonNode done = listener.next(m -> EventClient.operation(op).test(m)
                && m.path("metadata").path("status_code").asInt() >= 200, 60);
        assertThat(done.path("metadata").path("status").asText()).as(done.toString()).isEqualTo("Success");
        assertThat(done.path("metadata").path("metadata").has("progress")).as("progress is for running operations")
                .isFalse();
        List<JsonNode> progress = listener.seen.stream().filter(EventClient.operation(op))
                .map(m -> m.path("metadata")).filter(m -> m.path("metadata").has("progress")).toList();
        assertThat(progress).as("progress events before the final one").hasSizeGreaterThanOrEqualTo(3);
        String imageId = done.path("metadata").path("metadata").path("image_id").asText();
        long lastPercent = -1;
        for (JsonNode m : progress) {
            assertThat(m.path("status_code").asInt()).as("status unchanged").isEqualTo(103);
            JsonNode p = m.path("metadata").path("progress");
            assertThat(p.path("stage").asText()).isEqualTo("download");
            assertThat(p.path("image_id").asText()).isEqualTo(imageId);
            assertThat(p.path("version").asInt()).isZero();
            assertThat(p.path("bytes").asLong()).isBetween(0L, p.path("total").asLong());
            assertThat(p.path("percent").asLong()).isEqualTo(p.path("bytes").asLong() * 100 / p.path("total").asLong())
                    .isGreaterThanOrEqualTo(lastPercent);
            lastPercent = p.path("percent").asLong();
        }
        assertThat(lastPercent).as("the last report is near the end").isGreaterThanOrEqualTo(90);
    }

    @Test
    void progressIsReportedAtMostEveryHalfSecondOrFivePercentNeverPerChunk() throws Exception {
        slowImageServer(200, 20);
        EventClient listener = listen("?type=operation");
        String op = startSync();
        listener.next(m -> EventClient.operation(op).test(m) && m.path("metadata").path("status_code").asInt() >= 200, 60);
        List<JsonNode> progress = listener.seen.stream().filter(EventClient.operation(op))
                .map(m -> m.path("metadata")).filter(m -> m.path("metadata").has("progress")).toList();
        for (int i = 1; i < progress.size(); i++) {
            long gapMillis = java.time.Instant.parse(progress.get(i).path("updated_at").asText()).toEpochMilli()
                    - java.time.Instant.parse(progress.get(i - 1).path("updated_at").asText()).toEpochMilli();
            long gained = progress.get(i).path("metadata").path("progress").path("percent").asLong()
                    - progress.get(i - 1).path("metadata").path("progress").path("percent").asLong();
            assertThat(gapMillis >= 400 || gained >= 5).as("report %d came %d ms and %d points after the one before",
                    i, gapMillis, gained).isTrue();
        }
        assertThat(progress.size()).as("about 200 pieces arrived; reports are bounded, not one per piece")
                .isLessThanOrEqualTo(45);
        assertThat(images.requests.get()).isPositive();
    }

    @Test
    void cancellingARunningSyncStopsItAndLeavesTheVersionAvailable() throws Exception {
        slowImageServer();
        EventClient listener = listen("?type=operation");
        String op = startSync();
        listener.next(m -> EventClient.operation(op).test(m) && m.path("metadata").path("status_code").asInt() == 103, 10);
        Thread.sleep(300);
        Api.Reply cancel = api.delete("/1.0/operations/" + op);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        JsonNode cancelling = listener.next(statusChange(op), 10);
        assertThat(cancelling.path("metadata").path("status_code").asInt()).isEqualTo(104);
        assertThat(cancelling.path("metadata").path("status").asText()).isEqualTo("Cancelling");
        JsonNode cancelled = listener.next(statusChange(op), 30);
        assertThat(cancelled.path("metadata").path("status_code").asInt()).as(cancelled.toString()).isEqualTo(401);
        assertThat(cancelled.path("metadata").path("status").asText()).isEqualTo("Cancelled");
        assertThat(cancelled.path("metadata").path("err").asText()).contains("cancelled");
        JsonNode version = api.get("/1.0/images/" + PRODUCT).metadata().path("versions").get(0);
        assertThat(version.path("status").asText()).as("nothing half-made").isEqualTo("available");
        assertThat(blobs()).as("no content kept").isEmpty();
        assertThat(sqlCount("SELECT COUNT(*) FROM images WHERE busy_operation IS NOT NULL")).as("hold released").isZero();
        Api.Reply again = api.delete("/1.0/operations/" + op);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.reason()).isEqualTo("operation_final");
        assertThat(sqlCount("SELECT COUNT(*) FROM audit_events WHERE action = 'operation.cancel' AND target = '"
                + op + "'")).as("the cancel and the refusal, naming the operation").isEqualTo(2);
    }

    @Test
    void cancellingAnApplicationCreateWaitingOnItsDownloadCreatesNothing() throws Exception {
        slowImageServer();
        String name = unique("app");
        Api.Reply started = api.postJson("/1.0/applications", "{\"name\":\"" + name + "\",\"image\":\""
                + PRODUCT + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String op = started.metadata().path("id").asText();
        assertThat(api.get("/1.0/operations/" + op).metadata().path("may_cancel").asBoolean()).isTrue();
        Api.Reply cancel = api.delete("/1.0/operations/" + op);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        JsonNode done = api.get("/1.0/operations/" + op + "/wait?timeout=60").metadata();
        assertThat(done.path("status_code").asInt()).as(done.toString()).isEqualTo(401);
        assertThat(api.get("/1.0/applications/" + name).status()).isEqualTo(404);
        assertThat(blobs()).as("no content kept").isEmpty();
    }

    @Test
    void aRunningOperationThatCannotBeCancelledIsRefusedWithItsReason() {
        // Every running operation of this build is cancellable; one recorded without may_cancel
        // (by an older process of a rolling upgrade) is refused, never half-stopped.
        String op = java.util.UUID.randomUUID().toString();
        sql("INSERT INTO operations (id, class, description, status_code, err, resources, metadata,"
                + " created_at, updated_at, may_cancel) VALUES ('" + op + "', 'task', 'an old run', 103, '', '{}',"
                + " '{}', 0, 0, FALSE)");
        Api.Reply cancel = api.delete("/1.0/operations/" + op);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(400);
        assertThat(cancel.reason()).isEqualTo("operation_not_cancellable");
        assertThat(api.delete("/1.0/operations/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        sql("DELETE FROM operations WHERE id = '" + op + "'");
    }

    @Test
    void theOperationsListHasTheShapesTheSdkDecodes() throws IOException {
        upload(unique("list"));
        Api.Reply plain = api.get("/1.0/operations");
        assertThat(plain.metadata().isArray()).as(plain.toString()).isTrue();
        assertThat(plain.metadata().get(0).asText()).startsWith("/1.0/operations/");
        Api.Reply expanded = api.get("/1.0/operations?recursion=1");
        JsonNode byStatus = expanded.metadata();
        assertThat(byStatus.isObject()).as(expanded.toString()).isTrue();
        assertThat(byStatus.path("success").isArray()).isTrue();
        assertThat(byStatus.path("success").get(0).path("status_code").asInt()).isEqualTo(200);
        byStatus.fieldNames().forEachRemaining(k -> assertThat(k).isLowerCase());
    }

    // ---- delivery: after commit only ----

    @Test
    void anEventOfARolledBackChangeNeverAppears() throws Exception {
        EventClient listener = listen("?type=lifecycle");
        try {
            tx.write(() -> {
                events.lifecycle(LifecycleAction.IMAGE_DELETED, "/1.0/images/rolled-back", Map.of());
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the change did not happen
        }
        tx.write(() -> {
            events.lifecycle(LifecycleAction.IMAGE_DELETED, "/1.0/images/committed", Map.of());
            return null;
        });
        JsonNode first = listener.next(m -> true, 10);
        assertThat(first.path("metadata").path("source").asText()).isEqualTo("/1.0/images/committed");
    }

    @Test
    void anEventLargerThanANotifyPayloadArrivesWhole() throws Exception {
        EventClient listener = listen("?type=lifecycle");
        String big = "x".repeat(20_000);
        tx.write(() -> {
            events.lifecycle(LifecycleAction.IMAGE_UPDATED, "/1.0/images/big", Map.of("note", big));
            return null;
        });
        JsonNode m = listener.next(EventClient.lifecycle("image-updated"), 10);
        assertThat(m.path("metadata").path("context").path("note").asText()).isEqualTo(big);
    }

    // ---- tickets ----

    private String ticket() {
        Api.Reply r = api.postJson("/1.0/events/auth", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.metadata().path("token").asText();
    }

    @Test
    void aTicketOpensTheStreamWithoutHeadersOnce() throws Exception {
        String ticket = ticket();
        assertThat(ticket).hasSize(43);
        EventClient c = EventClient.connect(server.getPort(), null, "?token=" + ticket);
        clients.add(c);
        String id = upload(unique("ticket"));
        assertThat(c.next(EventClient.lifecycle("image-created"), 10).path("metadata").path("context").path("id")
                .asText()).isEqualTo(id);
        StringBuilder answer = new StringBuilder();
        try (Socket s = handshake("/1.0/events?token=" + ticket, null, answer)) {
            assertThat(status(answer)).as("used once already: " + answer).isEqualTo(401);
        }
    }

    @Test
    void anExpiredTicketIsRefused() throws Exception {
        String ticket = ticket();
        sql("UPDATE event_tickets SET expires_at = 0");
        StringBuilder answer = new StringBuilder();
        try (Socket s = handshake("/1.0/events?token=" + ticket, null, answer)) {
            assertThat(status(answer)).as(answer.toString()).isEqualTo(401);
        }
        assertThat(sqlCount("SELECT COUNT(*) FROM event_tickets")).as("gone once tried").isZero();
    }

    @Test
    void aTicketIsNoCredentialAnywhereElse() {
        String ticket = ticket();
        assertThat(api.withToken("").get("/1.0/images?token=" + ticket).status()).isEqualTo(401);
    }

    // ---- bounds ----

    @Test
    void aCallerHoldsABoundedNumberOfEventConnections() throws Exception {
        for (int i = 0; i < PER_CALLER; i++) {
            listen("");
        }
        awaitListeners(PER_CALLER);
        StringBuilder answer = new StringBuilder();
        try (Socket s = handshake("/1.0/events", "Bearer " + ADMIN_TOKEN, answer)) {
            assertThat(status(answer)).as(answer.toString()).isEqualTo(429);
        }
        clients.remove(0).close();
        for (int i = 0; i < 100 && hub.size() >= PER_CALLER; i++) {
            Thread.sleep(20);
        }
        EventClient again = listen("");
        assertThat(again.closed).as("a slot is free again").isNotDone();
    }

    @Test
    void aStalledListenerIsDisconnectedNamingWhyWhileRequestsStayFast() throws Exception {
        try (Socket stalled = listening()) {
            String context = "y".repeat(4000);
            long slowest = 0;
            for (int i = 0; i < 5000 && hub.size() > 0; i++) {
                long t0 = System.nanoTime();
                tx.write(() -> {
                    events.lifecycle(LifecycleAction.IMAGE_UPDATED, "/1.0/images/flood", Map.of("pad", context));
                    return null;
                });
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            long t0 = System.nanoTime();
            assertThat(api.get("/1.0/images").status()).isEqualTo(200);
            long request = System.nanoTime() - t0;
            assertThat(hub.size()).as("the stalled listener was let go").isZero();
            assertThat(slowest / 1_000_000).as("no change waited for the listener").isLessThan(2000);
            assertThat(request / 1_000_000).isLessThan(2000);
            assertThat(closing(stalled.getInputStream())).startsWith("1008 too slow");
        }
    }
}
