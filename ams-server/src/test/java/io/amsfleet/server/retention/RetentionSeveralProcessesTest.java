package io.amsfleet.server.retention;

import io.amsfleet.server.support.TestSql;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.Race;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention with two real server processes on one PostgreSQL database (docs/retention.md): a
 * schedule runs once across them, and a plan applies once whichever process is asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
        disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
class RetentionSeveralProcessesTest {
    private static final String TOKEN = "retention-cluster-token";
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
                "AMS_CONTENT_SECRET_KEY", S3TestServer.SECRET_KEY,
                "AMS_RETENTION_CHECK_INTERVAL", "200ms",
                "AMS_CLUSTER_POLL_INTERVAL", "100ms");
        Path root = Files.createTempDirectory("ams-retention-");
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

    /** An image with versions 0 to count - 1, uploaded through {@code api}. */
    private static String imageWith(Api api, int count) {
        String name = "ret-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Reply r = api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request",
                "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as("upload: %s", r).isEqualTo(202);
        String id = r.metadata().path("metadata").path("image_id").asText();
        for (int i = 1; i < count; i++) {
            assertThat(api.upload("PATCH", "/1.0/images/" + id, TestTarballs.image()).status()).isEqualTo(202);
        }
        return id;
    }

    private static List<Integer> versions(Api api, String image) {
        List<Integer> out = new ArrayList<>();
        api.get("/1.0/images/" + image).metadata().path("versions").forEach(v -> out.add(v.path("version").asInt()));
        return out;
    }

    @Test
    void aScheduleRunsOnceAcrossProcesses() throws InterruptedException {
        String id = imageWith(a, 4);
        Api.Reply put = a.putJson("/1.0/retention/policies/hourly", "{\"scope\":\"image\",\"target\":\"" + id
                + "\",\"keep_last\":1,\"schedule\":\"1h\"}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 30_000;
        while (b.get("/1.0/retention/runs?policy=hourly").metadata().isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        // Both processes poll every 100 ms and look every 200 ms: long enough for a second run, were there one.
        Thread.sleep(2_000);
        JsonNode runs = a.get("/1.0/retention/runs?recursion=1&policy=hourly").metadata();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("removed_count").asInt()).isEqualTo(3);
        assertThat(versions(b, id)).containsExactly(3);
    }

    @Test
    void aPlanAppliesOnceWhicheverProcessIsAsked() throws Exception {
        String id = imageWith(a, 3);
        Api.Reply plan = a.postJson("/1.0/retention/preview", "{\"scope\":\"image\",\"target\":\"" + id
                + "\",\"keep_last\":1}");
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        String body = "{\"plan_id\":\"" + plan.metadata().path("plan_id").asText() + "\"}";
        List<Api.Reply> replies = Race.of(List.of(() -> a.postJson("/1.0/retention/apply", body),
                () -> b.postJson("/1.0/retention/apply", body)));
        assertThat(replies.stream().map(Api.Reply::status).sorted().toList()).containsExactly(202, 412);
        assertThat(versions(b, id)).containsExactly(2);
        assertThat(a.get("/1.0/trash").metadata()).hasSizeGreaterThanOrEqualTo(2);
    }
}
