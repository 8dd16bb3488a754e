package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.content.ContentCollector;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server on a random port, on H2 or PostgreSQL, with an empty catalogue before each test.
 * Subclasses say which database; the behaviour they test is the same on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTestBase implements TestPropertyProvider {
    public static final String ADMIN_TOKEN = "test-admin-token";
    /** Small, so that the size limit can be tested without gigabytes. */
    public static final long MAX_IMAGE_SIZE = 256 * 1024;
    /** Deletes per token per minute in the tests (the bootstrap admin token is exempt). */
    public static final int DELETE_RATE_LIMIT = 30;

    @Inject
    protected EmbeddedServer server;
    @Inject
    protected io.amsfleet.server.db.Transactions tx;
    @Inject
    io.micronaut.data.jdbc.runtime.JdbcOperations jdbc;
    /** Raw SQL for seeds and checks; set before each test. */
    protected TestSql db;
    @Inject
    protected ContentCollector collector;
    @Inject
    protected io.amsfleet.server.content.BlobStore blobs;

    protected Api api;
    protected Path dataDir;

    /** The database under test: "h2" or "postgresql". */
    protected abstract String database();

    /**
     * Whether the server generates its bootstrap admin token into {@code admin.token}, as on a
     * first start without {@code AMS_ADMIN_TOKEN}, instead of being given {@link #ADMIN_TOKEN}.
     */
    protected boolean generatesAdminToken() {
        return false;
    }

    /**
     * {@code AMS_TRASH_RETENTION} for this server: "0" (deletes destroy at once, as before the
     * recycle bin) unless a contract about the bin says otherwise.
     */
    protected String trashRetention() {
        return "0";
    }

    /** Where content is kept: "local" (files under the data dir, the default) or "s3". */
    protected String contentStore() {
        return "local";
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            dataDir = Files.createTempDirectory("ams-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> props = new HashMap<>();
        props.put("micronaut.server.port", "-1");
        props.put("ams.data-dir", dataDir.toString());
        if (!generatesAdminToken()) {
            props.put("ams.admin-token", ADMIN_TOKEN);
        }
        props.put("ams.max-image-size", String.valueOf(MAX_IMAGE_SIZE));
        props.put("ams.delete-rate-limit", DELETE_RATE_LIMIT + "/60s");
        props.put("ams.trash.retention", trashRetention());
        // The contracts send many refused requests from one address on purpose; the limits on what
        // strangers and failing callers may cost are tested with their own settings.
        props.put("ams.auth-failure-limit", "100000/60s");
        props.put("ams.audit.refusals-per-caller", "off");
        if (database().equals("postgresql")) {
            String url = System.getenv("AMS_TEST_DB_URL");
            TestSql.resetPostgres(url);
            props.put("ams.db.url", url);
        }
        if (contentStore().equals("s3")) {
            props.put("ams.content.url", S3TestServer.get().newContentUrl());
            props.put("ams.content.access-key", S3TestServer.ACCESS_KEY);
            props.put("ams.content.secret-key", S3TestServer.SECRET_KEY);
        }
        return props;
    }

    private String adminToken() {
        if (!generatesAdminToken()) {
            return ADMIN_TOKEN;
        }
        try {
            return Files.readString(dataDir.resolve("admin.token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void emptyCatalogue() {
        db = new TestSql(jdbc);
        api = new Api("http://127.0.0.1:" + server.getPort(), adminToken());
        collector.drain();
        awaitRunningOperations();
        clearCatalogue();
        sql("DELETE FROM content");
        try {
            for (String sha : blobs()) {
                blobs.delete(sha);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (a while) for what an earlier test left running, such as an import it did not wait
     * for: one committing while the catalogue is cleared keeps its image but loses its count,
     * and the next test's first image of that type then takes a second default.
     */
    private void awaitRunningOperations() {
        long deadline = System.currentTimeMillis() + 15_000;
        while (sqlCount("SELECT COUNT(*) FROM operations WHERE status_code < 200") > 0
                && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The sha256 of every blob in the content store. */
    protected java.util.Set<String> blobs() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        try {
            blobs.forEach((sha, modified) -> out.add(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Removes every application, image and recycle bin entry (content rows and files stay). */
    protected void clearCatalogue() {
        sql("DELETE FROM trash_versions", "DELETE FROM trash_items",
                "DELETE FROM application_versions", "DELETE FROM applications", "DELETE FROM image_versions",
                "DELETE FROM images", "UPDATE image_types SET image_count = 0");
    }

    /** Runs statements directly on the catalogue, as a seed or a check no API offers. */
    protected void sql(String... statements) {
        tx.write(() -> {
            for (String st : statements) {
                db.update(st);
            }
            return null;
        });
    }

    protected long sqlCount(String query) {
        return tx.read(() -> db.count(query));
    }

    // ---- helpers that act as a client would ----

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Uploads a new image and returns its id. */
    protected String upload(String name, String... requestFields) {
        StringBuilder req = new StringBuilder("{\"name\":\"" + name + "\"");
        for (int i = 0; i + 1 < requestFields.length; i += 2) {
            req.append(",\"").append(requestFields[i]).append("\":").append(requestFields[i + 1]);
        }
        req.append('}');
        Api.Reply r = api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", req.toString());
        assertThat(r.status()).as("upload of %s: %s", name, r).isEqualTo(202);
        return r.metadata().path("metadata").path("image_id").asText();
    }

    /** Uploads the image's next version and returns its number. */
    protected int addVersion(String image) {
        Api.Reply r = api.upload("PATCH", "/1.0/images/" + image, TestTarballs.image());
        assertThat(r.status()).as("new version of %s: %s", image, r).isEqualTo(202);
        return r.metadata().path("metadata").path("version").asInt();
    }

    protected String createApp(String name, String image, Integer version) {
        String body = "{\"name\":\"" + name + "\",\"image\":\"" + image + "\""
                + (version == null ? "" : ",\"image_version\":" + version) + "}";
        Api.Reply r = api.postJson("/1.0/applications", body);
        assertThat(r.status()).as("create application %s: %s", name, r).isEqualTo(202);
        return r.metadata().path("metadata").path("application_id").asText();
    }

    protected JsonNode image(String idOrName) {
        Api.Reply r = api.get("/1.0/images/" + idOrName);
        assertThat(r.status()).as("get %s: %s", idOrName, r).isEqualTo(200);
        return r.metadata();
    }

    protected boolean imageExists(String idOrName) {
        return api.get("/1.0/images/" + idOrName).status() == 200;
    }

    protected java.util.List<Integer> versionNumbers(String image) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        image(image).path("versions").forEach(v -> out.add(v.path("version").asInt()));
        return out;
    }

    /** Marks an image as synced from an image server, as the image-server sync will. */
    protected void makeImmutable(String id) {
        sql("UPDATE images SET immutable = TRUE WHERE id = '" + id + "'");
    }

    protected long blobCount() {
        return blobs().size();
    }

    protected long tempFileCount() {
        try (Stream<Path> files = Files.list(dataDir.resolve("tmp"))) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected boolean blobExists(String sha256) {
        return blobs.exists(sha256);
    }
}
