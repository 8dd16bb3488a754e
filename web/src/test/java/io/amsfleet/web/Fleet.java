package io.amsfleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsfleet.server.support.TestSql;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.remote.ImageSync;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * The server under test as an operator's tools see it: images and applications are set up and
 * checked through the REST API, so that a test sees what the dashboard did on the server.
 */
final class Fleet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EmbeddedServer server;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    Fleet(EmbeddedServer server, String token) {
        this.server = server;
        this.token = token;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** A name no other test uses, so that tests share one server without seeing each other's data. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Uploads an image with one version; returns its id. */
    String image(String name) {
        return image(name, "container");
    }

    String image(String name, String type) {
        JsonNode op = send("POST", "/1.0/images/", tarball(name), "application/octet-stream",
                "{\"name\":\"" + name + "\",\"type\":\"" + type + "\"}");
        return op.path("metadata").path("metadata").path("image_id").asText();
    }

    /** Uploads an image with `count` versions (0 to count - 1); returns its id. */
    String imageWithVersions(String name, int count) {
        String id = image(name);
        for (int i = 1; i < count; i++) {
            newVersion(id);
        }
        return id;
    }

    /** Uploads the image's next version; returns its number. */
    int newVersion(String imageId) {
        JsonNode op = send("PATCH", "/1.0/images/" + imageId, tarball(UUID.randomUUID().toString()), "application/octet-stream", null);
        return op.path("metadata").path("metadata").path("version").asInt();
    }

    String application(String name, String imageId, Integer version) {
        String body = "{\"name\":\"" + name + "\",\"image\":\"" + imageId + "\""
                + (version == null ? "" : ",\"image_version\":" + version) + "}";
        JsonNode op = send("POST", "/1.0/applications", body.getBytes(StandardCharsets.UTF_8), "application/json", null);
        return op.path("metadata").path("metadata").path("application_id").asText();
    }

    /** PATCH /1.0/applications/{id} with JSON (the SDK's UpdateApplicationWithDetails). */
    void updateApplication(String id, String json) {
        send("PATCH", "/1.0/applications/" + id, json.getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    void makeDefault(String imageId) {
        send("PATCH", "/1.0/images/" + imageId, "{\"default\":true}".getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    /** A new bearer token with the given role (viewer, operator or admin); returns its secret. */
    String token(String name, String role) {
        JsonNode reply = sendSync("POST", "/1.0/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        return reply.path("metadata").path("token").asText();
    }

    /** Marks an image as synced from an image server: no API does that without an image server. */
    void makeImmutable(String imageId) {
        Transactions tx = server.getApplicationContext().getBean(Transactions.class);
        TestSql sql = new TestSql(server.getApplicationContext().getBean(
                io.micronaut.data.jdbc.runtime.JdbcOperations.class));
        tx.write(() -> sql.update("UPDATE images SET immutable = TRUE WHERE id = ?", imageId));
    }

    /**
     * Points the server at an image server (PATCH /1.0/config images.url, "" for none) and syncs
     * its catalogue now. Setting the address also starts a sync in the background, which may be
     * the one that creates the images: the images are waited for, not this sync's report.
     */
    void syncFrom(String imageServerUrl, String... products) {
        send("PATCH", "/1.0/config", ("{\"name\":\"images.url\",\"value\":\"" + imageServerUrl + "\"}")
                .getBytes(StandardCharsets.UTF_8), "application/json", null);
        if (imageServerUrl.isEmpty()) {
            return;
        }
        server.getApplicationContext().getBean(ImageSync.class).syncAll();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (String product : products) {
            while (!imageExists(product)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(product + " was not synced from " + imageServerUrl);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * Deletes an image (version null) or one version through the API, as amc or a script would;
     * returns the operation's trash_id, where the recycle bin keeps it.
     */
    String delete(String imageId, Integer version, boolean force) {
        JsonNode op = send("DELETE", "/1.0/images/" + imageId + (version == null ? "" : "/" + version),
                ("{\"force\":" + force + "}").getBytes(StandardCharsets.UTF_8), "application/json", null);
        return op.path("metadata").path("metadata").path("trash_id").asText();
    }

    /** PATCH {"protected": value}: protects, or asks for the protection to end after the cooldown. */
    void protect(String imageId, boolean value) {
        send("PATCH", "/1.0/images/" + imageId, ("{\"protected\":" + value + "}").getBytes(StandardCharsets.UTF_8),
                "application/json", null);
    }

    /** The recycle bin's entries, newest first (its first page). */
    List<String> trashIds() {
        List<String> out = new ArrayList<>();
        metadata(get("/1.0/trash?recursion=1")).forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    /** The versions of the image named `name` that the recycle bin holds as entries of their own (its first page). */
    List<Integer> versionsInTrash(String name) {
        List<Integer> out = new ArrayList<>();
        metadata(get("/1.0/trash?recursion=1")).forEach(e -> {
            if (e.path("name").asText().equals(name) && e.hasNonNull("version")) {
                out.add(e.path("version").asInt());
            }
        });
        out.sort(null);
        return out;
    }

    /** The reports of one retention policy's runs, newest first (counts only). */
    List<JsonNode> retentionRuns(String policy) {
        List<JsonNode> out = new ArrayList<>();
        metadata(get("/1.0/retention/runs?recursion=1&policy=" + policy)).forEach(out::add);
        return out;
    }

    boolean inTrash(String trashId) {
        return get("/1.0/trash/" + trashId).statusCode() == 200;
    }

    boolean imageExists(String id) {
        return get("/1.0/images/" + id).statusCode() == 200;
    }

    JsonNode imageJson(String id) {
        return metadata(get("/1.0/images/" + id));
    }

    List<Integer> versions(String imageId) {
        List<Integer> out = new ArrayList<>();
        imageJson(imageId).path("versions").forEach(v -> out.add(v.path("version").asInt()));
        return out;
    }

    boolean isDefault(String imageId) {
        return imageJson(imageId).path("default").asBoolean();
    }

    boolean applicationExists(String id) {
        return get("/1.0/applications/" + id).statusCode() == 200;
    }

    JsonNode applicationJson(String id) {
        return metadata(get("/1.0/applications/" + id));
    }

    /** Application ids by name, from the first page of the list. */
    String applicationId(String name) {
        for (JsonNode app : metadata(get("/1.0/applications?recursion=1&name=" + name))) {
            if (app.path("name").asText().equals(name)) {
                return app.path("id").asText();
            }
        }
        return null;
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(String method, String path, byte[] body, String contentType, String amsRequest) {
        HttpResponse<String> response = raw(method, path, body, contentType, amsRequest);
        JsonNode envelope = json(response);
        if (response.statusCode() != 202 || !"Success".equals(envelope.path("metadata").path("status").asText())) {
            throw new IllegalStateException(method + " " + path + " failed: " + response.statusCode() + " " + response.body());
        }
        return envelope;
    }

    /**
     * Deletes an image (`/1.0/images/<id>`) or one version (`…/<id>/<version>`); forced, the
     * applications pinning it keep their copy and show parent_image_deleted.
     */
    void delete(String path, boolean force) {
        send("DELETE", path, ("{\"force\":" + force + "}").getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    /**
     * The error envelope the server answers to an upload it refuses, sent as the dashboard and amc
     * send it: what the dashboard should show word for word.
     */
    JsonNode uploadRefusal(String method, String path, byte[] body, String amsRequest) {
        HttpResponse<String> response = raw(method, path, body, "application/octet-stream", amsRequest);
        JsonNode envelope = json(response);
        if (!"error".equals(envelope.path("type").asText())) {
            throw new IllegalStateException(method + " " + path + " was not refused: " + response.body());
        }
        return envelope;
    }

    private HttpResponse<String> raw(String method, String path, byte[] body, String contentType, String amsRequest) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (amsRequest != null) {
            request.header("X-AMS-Request", amsRequest);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode sendSync(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " failed: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request with another token; returns the HTTP status and waits for any operation it starts. */
    int sendAs(String otherToken, String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + otherToken)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String operation = JSON.readTree(response.body()).path("operation").asText("");
            if (response.statusCode() == 202 && !operation.isEmpty()) {
                http.send(HttpRequest.newBuilder(URI.create(url(operation + "/wait?timeout=30")))
                        .header("Authorization", "Bearer " + otherToken).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode metadata(HttpResponse<String> response) {
        return json(response).path("metadata");
    }

    /** A small image tarball; `salt` makes its content (and so its fingerprint) distinct. */
    static byte[] tarball(String salt) {
        return tarball(salt, 0);
    }

    /** An image tarball with `filler` random (so incompressible) bytes beside its metadata.yaml. */
    static byte[] tarball(String salt, int filler) {
        byte[] metadata = ("architecture: x86_64\nsalt: " + salt + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            TarArchiveEntry entry = new TarArchiveEntry("metadata.yaml");
            entry.setSize(metadata.length);
            tar.putArchiveEntry(entry);
            tar.write(metadata);
            tar.closeArchiveEntry();
            if (filler > 0) {
                byte[] random = new byte[filler];
                new java.util.Random(salt.hashCode()).nextBytes(random);
                TarArchiveEntry data = new TarArchiveEntry("filler.bin");
                data.setSize(random.length);
                tar.putArchiveEntry(data);
                tar.write(random);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
