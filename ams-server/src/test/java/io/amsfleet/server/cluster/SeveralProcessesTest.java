package io.amsfleet.server.cluster;

import io.amsfleet.server.support.TestSql;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.EventClient;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.S3TestServer;
import io.amsfleet.server.support.ServerProcess;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: two real server processes on one PostgreSQL database and one S3 bucket are
 * interchangeable: whatever one does, the other sees at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
        disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
class SeveralProcessesTest {
    private static final String TOKEN = "cluster-admin-token";
    private ServerProcess first;
    private ServerProcess second;
    private Api a;
    private Api b;

    @BeforeAll
    void startTwoServers() throws Exception {
        String db = System.getenv("AMS_TEST_DB_URL");
        TestSql.resetPostgres(db);
        S3TestServer s3 = S3TestServer.get();
        Map<String, String> env = Map.of(
                "AMS_DB_URL", db,
                "AMS_CONTENT_URL", s3.newContentUrl(),
                "AMS_CONTENT_ACCESS_KEY", S3TestServer.ACCESS_KEY,
                "AMS_CONTENT_SECRET_KEY", S3TestServer.SECRET_KEY);
        Path root = Files.createTempDirectory("ams-cluster-");
        first = new ServerProcess("first", root.resolve("first"), TOKEN, env);
        second = new ServerProcess("second", root.resolve("second"), TOKEN, env);
        a = first.start();
        b = second.start();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (first != null) {
            first.kill();
        }
        if (second != null) {
            second.kill();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String upload(Api api, String name) {
        Api.Reply r = api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request",
                "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as("upload: %s", r).isEqualTo(202);
        return r.metadata().path("id").asText();
    }

    @Test
    void anOperationStartedOnOneProcessIsReadAndAwaitedOnTheOther() {
        String operation = upload(a, unique("op"));
        Api.Reply waited = b.get("/1.0/operations/" + operation + "/wait?timeout=30");
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.metadata().path("status").asText()).isEqualTo("Success");
    }

    private static int port(ServerProcess process) {
        return java.net.URI.create(process.url()).getPort();
    }

    @Test
    void anEventRaisedOnOneProcessReachesAListenerOnTheOther() throws Exception {
        try (EventClient listener = EventClient.connect(port(second), TOKEN, "")) {
            Thread.sleep(300);
            String name = unique("evented");
            String operation = upload(a, name);
            JsonNode created = listener.next(EventClient.lifecycle("image-created"), 20);
            assertThat(created.path("metadata").path("context").path("name").asText()).isEqualTo(name);
            JsonNode op = listener.next(EventClient.operation(operation), 20);
            assertThat(op.path("metadata")).isEqualTo(b.get("/1.0/operations/" + operation).metadata());
        }
    }

    @Test
    void anImportRunningOnOneProcessIsCancelledThroughTheOther() throws Exception {
        try (FixtureImageServer images = new FixtureImageServer();
             EventClient listener = EventClient.connect(port(second), TOKEN, "?type=operation")) {
            byte[] release = TestTarballs.image();
            String product = unique("jammy") + ":android13:amd64";
            images.publish(product, "20261101", release);
            images.slowDownloads(Math.max(1, release.length / 50), 100);
            assertThat(a.patchJson("/1.0/config", "{\"name\":\"images.url\",\"value\":\"" + images.url() + "\"}")
                    .status()).isEqualTo(202);
            Api.Reply started = a.postJson("/1.0/images", "{\"name\":\"" + product + "\",\"source\":{\"type\":"
                    + "\"import\",\"remote\":\"" + product + "\"}}");
            assertThat(started.status()).as("%s", started).isEqualTo(202);
            String operation = started.metadata().path("id").asText();
            listener.next(m -> EventClient.operation(operation).test(m)
                    && m.path("metadata").path("status_code").asInt() == 103, 20);
            Api.Reply cancel = b.delete("/1.0/operations/" + operation);
            assertThat(cancel.status()).as("%s", cancel).isEqualTo(200);
            JsonNode end = listener.next(m -> EventClient.operation(operation).test(m)
                    && m.path("metadata").path("status_code").asInt() >= 200, 30);
            assertThat(end.path("metadata").path("status").asText()).as("%s", end).isEqualTo("Cancelled");
            assertThat(a.get("/1.0/images/" + product).metadata().path("versions").get(0).path("status").asText())
                    .isEqualTo("available");
        }
    }

    @Test
    void anImageUploadedThroughOneProcessIsListedAndDeletedThroughTheOther() {
        String name = unique("shared");
        String operation = upload(a, name);
        a.get("/1.0/operations/" + operation + "/wait?timeout=30");
        assertThat(a.upload("PATCH", "/1.0/images/" + name, TestTarballs.image()).status()).isEqualTo(202);
        assertThat(b.get("/1.0/images/" + name).metadata().path("versions")).hasSize(2);
        assertThat(b.delete("/1.0/images/" + name + "/0").status()).isEqualTo(202);
        assertThat(a.get("/1.0/images/" + name).metadata().path("versions")).hasSize(1);
    }

    @Test
    void aVersionDeletedThroughOneProcessIsRestoredThroughTheOther() {
        String name = unique("undo");
        a.get("/1.0/operations/" + upload(a, name) + "/wait?timeout=30");
        assertThat(a.upload("PATCH", "/1.0/images/" + name, TestTarballs.image()).status()).isEqualTo(202);
        Api.Reply deleted = a.delete("/1.0/images/" + name + "/1");
        String trash = deleted.metadata().path("metadata").path("trash_id").asText();
        assertThat(b.get("/1.0/trash/" + trash).status()).isEqualTo(200);
        Api.Reply restored = b.postJson("/1.0/trash/" + trash + "/restore", "{}");
        assertThat(restored.status()).as("%s", restored).isEqualTo(202);
        assertThat(a.get("/1.0/images/" + name).metadata().path("versions")).hasSize(2);
        assertThat(a.get("/1.0/trash/" + trash).status()).isEqualTo(404);
    }

    @Test
    void contentUploadedThroughOneProcessServesAnApplicationCreatedOnTheOther() {
        String image = unique("base");
        a.get("/1.0/operations/" + upload(a, image) + "/wait?timeout=30");
        String app = unique("app");
        Api.Reply created = b.postJson("/1.0/applications", "{\"name\":\"" + app + "\",\"image\":\"" + image + "\"}");
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        b.get("/1.0/operations/" + created.metadata().path("id").asText() + "/wait?timeout=30");
        Api.Reply shown = a.get("/1.0/applications/" + app);
        assertThat(shown.status()).isEqualTo(200);
        Api.Reply refused = a.delete("/1.0/images/" + image);
        assertThat(refused.reason()).as("the pin made on the other process holds here").isEqualTo("image_in_use");
    }

    @Test
    void aTokenRevokedOnOneProcessIsRefusedByTheOtherOnItsNextRequest() {
        String name = unique("viewer");
        Api.Reply made = a.postJson("/1.0/tokens", "{\"name\":\"" + name + "\",\"role\":\"viewer\"}");
        assertThat(made.status()).as("%s", made).isEqualTo(200);
        Api viewer = b.withToken(made.metadata().path("token").asText());
        assertThat(viewer.get("/1.0/images").status()).isEqualTo(200);
        assertThat(a.delete("/1.0/tokens/" + name).status()).isEqualTo(200);
        assertThat(viewer.get("/1.0/images").status()).isEqualTo(401);
    }

    @Test
    void aDefaultSwitchedOnOneProcessIsTheDefaultOnTheOther() {
        String one = unique("one");
        String two = unique("two");
        a.get("/1.0/operations/" + upload(a, one) + "/wait?timeout=30");
        a.get("/1.0/operations/" + upload(a, two) + "/wait?timeout=30");
        assertThat(a.patchJson("/1.0/images/" + two, "{\"default\":true}").status()).isEqualTo(202);
        assertThat(b.get("/1.0/images/" + two).metadata().path("default").asBoolean()).isTrue();
        assertThat(b.delete("/1.0/images/" + two).reason()).isEqualTo("image_is_default");
    }

    @Test
    void everyBackgroundJobHasRunOnSomeProcess() throws Exception {
        String db = System.getenv("AMS_TEST_DB_URL");
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT name, holder, last_started_at FROM cluster_jobs")) {
            int jobs = 0;
            while (rs.next()) {
                jobs++;
                assertThat(rs.getLong("last_started_at")).as("%s ran", rs.getString("name")).isPositive();
            }
            // content-sweep, image-sync, operation-expiry, audit-expiry, trash-purge, retention
            assertThat(jobs).isEqualTo(6);
        }
    }
}
