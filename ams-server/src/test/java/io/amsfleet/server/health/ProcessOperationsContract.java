package io.amsfleet.server.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.ServerProcess;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestSql;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of a real server process (docs/operations.md): readiness during a
 * shutdown by SIGTERM, JSON log lines that join their audit records, and no secret in the log.
 */
abstract class ProcessOperationsContract {
    private static final String TOKEN = "admin-token-that-must-not-be-logged";
    private ServerProcess server;
    private FixtureImageServer images;

    /** "h2" or "postgresql". */
    protected abstract String database();

    private Api start(Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        if (database().equals("postgresql")) {
            String db = System.getenv("AMS_TEST_DB_URL");
            TestSql.resetPostgres(db);
            env.put("AMS_DB_URL", db);
        }
        Path root = Files.createTempDirectory("ams-ops-");
        server = new ServerProcess("ops", root.resolve("data"), TOKEN, env);
        return server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.kill();
        }
        if (images != null) {
            images.close();
        }
    }

    @Test
    void readinessIsFalseWhileAStoppingServerStillServesThenItExits() throws Exception {
        Api api = start(Map.of("AMS_SHUTDOWN_DRAIN", "3s"));
        Api.Reply ready = api.withToken(null).get("/health/readiness");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.json().path("checks").path("database").asText()).isEqualTo("up");
        assertThat(ready.json().path("checks").path("content").asText()).isEqualTo("up");

        server.terminate();
        Api.Reply draining = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            draining = api.withToken(null).get("/health/readiness");
            if (draining.status() == 503) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(draining.status()).as("readiness after SIGTERM: %s", draining).isEqualTo(503);
        assertThat(draining.json().path("status").asText()).isEqualTo("down");
        assertThat(draining.json().path("checks").path("shutdown").asText()).isEqualTo("draining");
        assertThat(api.withToken(null).get("/health/liveness").status()).isEqualTo(200);
        Api.Reply served = api.get("/1.0/images");
        assertThat(served.status()).as("a request during the drain is still answered: %s", served).isEqualTo(200);

        assertThat(server.waitForExit(30)).as("exit code after the drain").isEqualTo(0);
        assertThat(server.logText()).contains("readiness is false").contains("stopping");
    }

    @Test
    void aJsonLogLineCarriesTheRequestIdOfItsAuditRecord() throws Exception {
        Api api = start(Map.of("AMS_LOG_FORMAT", "json"));
        Api.Reply refused = api.delete("/1.0/images/no-such-image");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        Api.Reply audit = api.get("/1.0/audit?action=image.delete&outcome=refused");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        JsonNode record = audit.metadata().get(0);
        String requestId = record.path("request_id").asText();
        assertThat(requestId).isNotEmpty();

        JsonNode line = null;
        for (String text : server.logText().split("\n")) {
            if (!text.startsWith("{")) {
                continue;
            }
            JsonNode json = Api.JSON.readTree(text);
            assertThat(json.has("timestamp") && json.has("level") && json.has("formattedMessage")).as(text).isTrue();
            if (requestId.equals(json.path("mdc").path("request_id").asText())) {
                line = json;
            }
        }
        assertThat(line).as("a log line with mdc.request_id %s in %s", requestId, server.log()).isNotNull();
        assertThat(line.path("formattedMessage").asText()).isEqualTo("DELETE /1.0/images/{idOrName} 404 not_found");
    }

    @Test
    void noSecretReachesTheLog() throws Exception {
        String trustPassword = "trust-password-that-must-not-be-logged";
        String metricsToken = "metrics-token-that-must-not-be-logged";
        String imageServerPassword = "image-server-password-not-logged";
        images = new FixtureImageServer();
        images.publish("jammy:android13:amd64", "20261101", TestTarballs.image());
        images.requireBasicAuth("mirror:" + imageServerPassword);
        Api api = start(Map.of("AMS_TRUST_PASSWORD", trustPassword, "AMS_METRICS_TOKEN", metricsToken,
                "AMS_IMAGES_URL", images.url(), "AMS_IMAGES_AUTH", "mirror:" + imageServerPassword,
                "AMS_LOG_FORMAT", "json"));
        Api.Reply created = api.postJson("/1.0/tokens", "{\"name\":\"ops-viewer\",\"role\":\"viewer\"}");
        String viewerToken = created.metadata().path("token").asText();
        assertThat(viewerToken).isNotEmpty();

        api.withToken(viewerToken).get("/1.0/images");
        api.withToken(viewerToken).delete("/1.0/images/anything");
        api.withToken(metricsToken).get("/internal/1.0/metrics");
        api.withToken(metricsToken).get("/1.0/images");
        api.withToken(TOKEN + "-wrong").get("/1.0/images");
        api.withToken(null).postJson("/1.0/certificates", "{\"type\":\"client\",\"certificate\":\"not a certificate\","
                + "\"trust-password\":\"" + trustPassword + "\"}");
        api.withToken(null).postJson("/1.0/certificates", "{\"type\":\"client\",\"certificate\":\"x\","
                + "\"trust-password\":\"" + trustPassword + "-wrong\"}");
        api.patchJson("/1.0/config", "{\"config\":{\"images.auth\":\"mirror:" + imageServerPassword + "\"}}");
        Thread.sleep(1000);
        server.terminate();
        server.waitForExit(30);

        String log = server.logText();
        assertThat(log).as("the log has lines to look at").contains("Startup completed");
        for (String secret : new String[]{TOKEN, viewerToken, trustPassword, metricsToken, imageServerPassword}) {
            assertThat(log).as("the log of %s", server.log()).doesNotContain(secret);
        }
        if (database().equals("postgresql")) {
            String url = System.getenv("AMS_TEST_DB_URL");
            int at = url.indexOf("password=");
            if (at >= 0) {
                String password = url.substring(at + "password=".length()).split("&")[0];
                assertThat(log).doesNotContain("password=" + password);
            }
        }
    }
}
