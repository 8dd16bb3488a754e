package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.server.remote.ImageSync;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: amc waits on an operation through the server's event stream (docs/cli.md, "Waiting"),
 * draws the progress the server reports, falls back to {@code /wait} when the stream is refused,
 * and cancels what it gives up on.
 */
class OperationWaitTest {
    private static final int STREAMS_PER_CALLER = 2;
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer()
            .with("ams.events.connections-per-caller", String.valueOf(STREAMS_PER_CALLER));
    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureImageServer images;
    private String product;
    private final List<WebSocket> held = new ArrayList<>();

    /** A synced image whose one version takes the image server about {@code pieces} × {@code pauseMillis} to send. */
    private void slowImage(int pieces, long pauseMillis) throws Exception {
        byte[] release = TestTarballs.image();
        images.publish(product, "20261101", release);
        images.slowDownloads(Math.max(1, release.length / pieces), pauseMillis);
        assertEquals(0, SERVER.amc().run("config", "set", "images.url", images.url()).status());
        SERVER.bean(ImageSync.class).syncAll();
    }

    @BeforeEach
    void imageServer() throws Exception {
        // A connection amc dropped is released by the server once it has seen it close.
        io.amsfleet.server.events.EventHub hub = SERVER.bean(io.amsfleet.server.events.EventHub.class);
        for (int i = 0; i < 300 && hub.size() > 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, hub.size(), "the streams of the previous test are closed");
        images = new FixtureImageServer();
        product = "slow-" + UUID.randomUUID().toString().substring(0, 8) + ":android13:amd64";
    }

    @AfterEach
    void stop() {
        held.forEach(WebSocket::abort);
        held.clear();
        images.close();
    }

    private static String versionStatus(String image) throws Exception {
        Result r = SERVER.amc().run("image", "show", image, "--format", "json");
        assertEquals(0, r.status(), r.toString());
        JsonNode shown = JSON.readTree(r.out());
        return shown.path("versions").get(0).path("status").asText();
    }

    @Test
    void waitingOnASlowSyncDrawsItsProgressAndReturnsOnceDone() throws Exception {
        slowImage(200, 20);
        Result r = SERVER.amc().showingProgress().run("image", "sync", product);
        assertEquals(0, r.status(), r.toString());
        assertEquals("image " + product + " synced: downloaded version 0\n", r.out());
        assertTrue(r.err().contains("download " + product + " version 0"), r.err());
        assertTrue(r.err().contains("%"), r.err());
        assertEquals("active", versionStatus(product));
    }

    @Test
    void theWaitListensOnTheEventStreamAndNeverLongPolls() throws Exception {
        slowImage(40, 50);
        Result r = SERVER.amc().run("image", "sync", product, "--debug");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("/1.0/events?type=operation (websocket)"), r.err());
        assertTrue(r.err().contains("< 101"), r.err());
        assertFalse(r.err().contains("/wait"), r.err());
    }

    @Test
    void quietDrawsNoProgressEvenOnATerminal() throws Exception {
        slowImage(40, 50);
        Result r = SERVER.amc().showingProgress().run("image", "sync", product, "--quiet");
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void aServerThatRefusesTheStreamIsWaitedOnThroughWait() throws Exception {
        slowImage(40, 50);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < STREAMS_PER_CALLER; i++) {
            held.add(http.newWebSocketBuilder().header("Authorization", "Bearer " + AmsTestServer.TOKEN)
                    .buildAsync(URI.create(SERVER.url().replace("http", "ws") + "/1.0/events"),
                            new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        }
        Result r = SERVER.amc().showingProgress().run("image", "sync", product, "--debug");
        assertEquals(0, r.status(), r.toString());
        assertEquals("image " + product + " synced: downloaded version 0\n", r.out());
        assertTrue(r.err().contains("no event stream"), r.err());
        assertTrue(r.err().contains("/wait?timeout="), r.err());
        assertFalse(r.err().contains("Error"), r.err());
        assertEquals("active", versionStatus(product));
    }

    @Test
    void givingUpAtTheTimeoutCancelsTheSyncAndSaysSo() throws Exception {
        slowImage(200, 60);
        Result r = SERVER.amc().run("image", "sync", product, "--timeout", "1s");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: gave up waiting after 1s: \"Sync image " + product
                + "\" is still running on the server; asked the server to cancel it (DELETE /1.0/operations/"), r.err());
        String status = versionStatus(product);
        for (int i = 0; i < 100 && !status.equals("available"); i++) {
            Thread.sleep(100);
            status = versionStatus(product);
        }
        assertEquals("available", status, "the download was stopped and undone, not finished");
    }
}
