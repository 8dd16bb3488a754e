package io.amsfleet.server.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import io.amsfleet.server.support.TestTarballs.Compression;
import io.amsfleet.server.support.TestTarballs.Entry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications as the official AMS SDK drives them: each request here is what its client sends
 * (method, path, query, headers, body), read from its source, and the answers are read by the
 * SDK's field names.
 */
public abstract class ApplicationsContract extends ServerTestBase {
    private String image;

    @BeforeEach
    void anImage() {
        sql("DELETE FROM config");
        image = upload(unique("base"));
    }

    // ---- what the SDK sends ----

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SDK's upload: octet-stream, the package's sha256, an empty X-AMS-Request. */
    private Api.Reply sdkUpload(String method, String path, byte[] pkg) {
        return api.upload(method, path, pkg, "X-AMS-Fingerprint", sha256(pkg), "X-AMS-Request", "");
    }

    /** CreateApplicationWithArgs. */
    private Api.Reply sdkCreate(byte[] pkg) {
        return sdkUpload("POST", "/1.0/applications?vm=false", pkg);
    }

    /** A JSON body without a Content-Type, as the SDK's DELETE and version PATCH send it. */
    private Api.Reply bare(String method, String path, String json) {
        return api.send(method, path, HttpRequest.BodyPublishers.ofString(json));
    }

    private static String manifest(String name, String... more) {
        StringBuilder m = new StringBuilder("name: " + name + "\n");
        for (String line : more) {
            m.append(line).append('\n');
        }
        return m.toString();
    }

    private static byte[] tarball(String manifest) {
        return TestTarballs.tar(Compression.BZIP2, List.of(Entry.file("manifest.yaml", manifest),
                Entry.file("app.apk", "not really an apk " + java.util.UUID.randomUUID())));
    }

    private static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private String created(Api.Reply r) {
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        return r.metadata().path("metadata").path("application_id").asText();
    }

    private JsonNode app(String idOrName) {
        Api.Reply r = api.get("/1.0/applications/" + idOrName);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.metadata();
    }

    private static List<Integer> numbers(JsonNode app) {
        List<Integer> out = new ArrayList<>();
        app.path("versions").forEach(v -> out.add(v.path("number").asInt()));
        return out;
    }

    private static void assertRefused(Api.Reply r, int status, String reason, String text) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.reason()).as("%s", r).isEqualTo(reason);
        if (text != null) {
            assertThat(r.json().path("error").asText()).as("%s", r).contains(text);
        }
    }

    private void setConfig(String name, String value) {
        Api.Reply r = api.patchJson("/1.0/config", "{\"name\":\"" + name + "\",\"value\":\"" + value + "\"}");
        assertThat(r.status()).as("%s", r).isBetween(200, 202);
    }

    // ---- create ----

    @Test
    void createWithArgsMakesVersionZeroPinnedToTheDefaultImageFromItsManifest() {
        String id = created(sdkCreate(tarball(manifest("candy", "version: 1.0", "instance-type: a4.3",
                "boot-activity: com.canonical.candy.GameApp", "tags: [game, created_by=test]",
                "resources:", "  cpus: 4", "  memory: 4GB", "  disk-size: 8GB", "  gpu-slots: 0",
                "services:", "  - name: adb", "    port: 5559", "    protocols: [tcp]", "    expose: false",
                "addons: [ssh]"))));
        JsonNode app = app(id);
        assertThat(app.path("name").asText()).isEqualTo("candy");
        assertThat(app.path("status_code").asInt()).isEqualTo(2);
        assertThat(app.path("instance_type").asText()).isEqualTo("a4.3");
        assertThat(Api.texts(app.path("tags"))).containsExactly("game", "created_by=test");
        assertThat(app.path("resources").path("cpus").asInt()).isEqualTo(4);
        assertThat(app.path("resources").path("disk-size").asText()).isEqualTo("8GB");
        assertThat(app.path("vm").asBoolean()).isFalse();
        assertThat(app.path("published").asBoolean()).isTrue();
        JsonNode v0 = app.path("versions").get(0);
        assertThat(v0.path("number").asInt()).isZero();
        assertThat(v0.path("manifest_version").asText()).isEqualTo("1.0");
        assertThat(v0.path("parent_image_id").asText()).isEqualTo(image);
        assertThat(v0.path("parent_image_version").asInt()).isZero();
        assertThat(v0.path("status_code").asInt()).isEqualTo(3);
        assertThat(v0.path("status").asText()).isEqualTo("active");
        assertThat(v0.path("boot_activity").asText()).isEqualTo("com.canonical.candy.GameApp");
        assertThat(v0.path("services").get(0).path("port").asInt()).isEqualTo(5559);
        assertThat(v0.path("addons").get(0).path("name").asText()).isEqualTo("ssh");
    }

    @Test
    void aZipPackageIsAcceptedLikeATarball() {
        String id = created(sdkCreate(zip(Map.of("manifest.yaml", manifest("zipped"), "app.apk", "apk"))));
        assertThat(app(id).path("versions").size()).isEqualTo(1);
    }

    @Test
    void aWrongFingerprintIsRefusedAndNothingIsKept() {
        byte[] pkg = tarball(manifest("fp"));
        long blobs = blobCount();
        Api.Reply r = api.upload("POST", "/1.0/applications?vm=false", pkg, "X-AMS-Fingerprint", "0".repeat(64),
                "X-AMS-Request", "");
        assertRefused(r, 400, "fingerprint_mismatch", null);
        assertThat(api.get("/1.0/applications/fp").status()).isEqualTo(404);
        assertThat(blobCount()).isEqualTo(blobs);
        assertThat(tempFileCount()).isZero();
    }

    @Test
    void theJsonCreateStaysAsAnExtension() {
        String id = createApp(unique("json"), image, null);
        assertThat(app(id).path("versions").get(0).path("parent_image_id").asText()).isEqualTo(image);
    }

    // ---- hostile packages ----

    private void assertPackageRefused(byte[] pkg, String reason, String text) {
        long blobs = blobCount();
        assertRefused(sdkCreate(pkg), 400, reason, text);
        assertThat(api.get("/1.0/applications?recursion=1").metadata().size()).as("no application made").isZero();
        assertThat(blobCount()).as("no content kept").isEqualTo(blobs);
        assertThat(tempFileCount()).as("no temporary file left").isZero();
    }

    @Test
    void hostileTarballsAreRefusedNamingTheEntry() {
        String m = manifest("evil");
        assertPackageRefused(TestTarballs.tar(Compression.BZIP2, List.of(Entry.file("manifest.yaml", m),
                Entry.file("../escape", "x"))), "invalid_package", "climbs out of the package");
        assertPackageRefused(TestTarballs.tar(Compression.GZIP, List.of(Entry.file("manifest.yaml", m),
                Entry.file("/etc/passwd", "x"))), "invalid_package", "absolute path");
        assertPackageRefused(TestTarballs.tar(Compression.XZ, List.of(Entry.file("manifest.yaml", m),
                Entry.symlink("app.apk", "../../etc/shadow"))), "invalid_package", "points outside the package");
        assertPackageRefused(TestTarballs.tar(Compression.NONE, List.of(Entry.file("real.yaml", m),
                Entry.symlink("manifest.yaml", "real.yaml"))), "invalid_package", "must be a regular file");
        assertPackageRefused(TestTarballs.tar(Compression.BZIP2, List.of(Entry.file("manifest.yaml", m),
                Entry.file("manifest.yaml", m))), "invalid_package", "two manifest.yaml");
        assertPackageRefused(TestTarballs.tar(Compression.BZIP2, List.of(Entry.file("manifest.yaml", m),
                Entry.special("app.apk", org.apache.commons.compress.archivers.tar.TarConstants.LF_CHR))),
                "invalid_package", "device");
        assertPackageRefused(TestTarballs.tar(Compression.BZIP2, List.of(Entry.file("manifest.yaml", m),
                Entry.file("stray.bin", "x"))), "invalid_package", "stray.bin");
        assertPackageRefused(TestTarballs.tar(Compression.BZIP2, List.of(Entry.file("app.apk", "x"))),
                "invalid_package", "no manifest.yaml");
    }

    @Test
    void hostileZipsAreRefusedNamingTheEntry() {
        String m = manifest("evil");
        assertPackageRefused(zip(Map.of("manifest.yaml", m, "../../zip-slip", "x")), "invalid_package",
                "climbs out of the package");
        assertPackageRefused(zip(Map.of("manifest.yaml", m, "/abs", "x")), "invalid_package", "absolute path");
        assertPackageRefused(zip(Map.of("app.apk", "x")), "invalid_package", "no manifest.yaml");
    }

    @Test
    void bombsAreRefusedByTheExpansionLimits() {
        byte[] zeros = new byte[(int) (4 * MAX_IMAGE_SIZE + 1024)];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.putArchiveEntry(new ZipArchiveEntry("manifest.yaml"));
            zip.write(manifest("bomb").getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry("app.apk"));
            zip.write(zeros);
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertPackageRefused(bytes.toByteArray(), "invalid_package", "expands to more than");
        assertPackageRefused(TestTarballs.tar(Compression.GZIP, List.of(Entry.file("manifest.yaml", manifest("bomb")),
                new Entry("app.apk", org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL, null, zeros))),
                "invalid_package", "expands to more than");
    }

    @Test
    void hostileManifestsAreRefusedNamingTheField() {
        StringBuilder laughs = new StringBuilder("name: lol\nversion: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 0; i < 30; i++) {
            laughs.append("b").append(i).append(": &b").append(i).append(" [*").append(i == 0 ? "a" : "b" + (i - 1))
                    .append(", *").append(i == 0 ? "a" : "b" + (i - 1)).append("]\n");
        }
        assertPackageRefused(tarball(laughs.toString()), "invalid_package", "not valid YAML");
        assertPackageRefused(tarball("name: big\ntags: [" + "x,".repeat(40_000) + "x]\n"), "invalid_package",
                "larger than");
        assertPackageRefused(tarball("name: typed\nresources:\n  cpus: four\n"), "invalid_manifest",
                "resources.cpus");
        assertPackageRefused(tarball("name: typed\ntags: notalist\n"), "invalid_manifest", "tags");
        assertPackageRefused(tarball("name: tagged\n!!javax.script.ScriptEngineManager [x]: y\n"),
                "invalid_package", "not valid YAML");
        assertPackageRefused(tarball("version: 1\n"), "invalid_manifest", "name is required");
        assertPackageRefused(tarball("name: x\ninstance-typo: a2.3\n"), "invalid_manifest", "instance-typo");
        assertPackageRefused(tarball("name: x\nservices:\n  - name: s\n    port: 70000\n    protocols: [tcp]\n"),
                "invalid_manifest", "services[0].port");
        assertPackageRefused(tarball("name: x\nname: y\n"), "invalid_package", "not valid YAML");
    }

    // ---- updates and versions ----

    @Test
    void updateWithPackageMakesTheNextVersionOnTheNewestImageVersion() {
        String id = created(sdkCreate(tarball(manifest("upd", "version: a"))));
        api.patchJson("/1.0/applications/" + id, "{\"inhibit_auto_updates\":true}");
        int v1 = addVersion(image);
        assertThat(sdkUpload("PATCH", "/1.0/applications/" + id, tarball(manifest("upd", "version: b")))
                .status()).isEqualTo(202);
        JsonNode app = app(id);
        assertThat(numbers(app)).containsExactly(0, 1);
        assertThat(app.path("versions").get(1).path("parent_image_version").asInt()).isEqualTo(v1);
        assertThat(app.path("versions").get(1).path("manifest_version").asText()).isEqualTo("b");
    }

    @Test
    void updateWithDetailsChangesTagsInPlaceButBootActivityMakesAVersion() {
        String id = created(sdkCreate(tarball(manifest("det"))));
        assertThat(api.patchJson("/1.0/applications/" + id, "{\"tags\":[\"t1\"],\"inhibit_auto_updates\":true}")
                .status()).isEqualTo(202);
        JsonNode app = app(id);
        assertThat(numbers(app)).containsExactly(0);
        assertThat(Api.texts(app.path("tags"))).containsExactly("t1");
        assertThat(app.path("inhibit_auto_updates").asBoolean()).isTrue();
        assertThat(api.patchJson("/1.0/applications/" + id, "{\"boot_activity\":\"com.x.Main\"}").status())
                .isEqualTo(202);
        app = app(id);
        assertThat(numbers(app)).containsExactly(0, 1);
        assertThat(app.path("versions").get(1).path("boot_activity").asText()).isEqualTo("com.x.Main");
    }

    @Test
    void updateApplicationWithNoBodyFollowsANewerImageVersionOnly() {
        String id = created(sdkCreate(tarball(manifest("plain"))));
        HttpRequest.Builder noBody = api.request("/1.0/applications/" + id, "Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.noBody());
        assertThat(api.send(noBody).status()).isEqualTo(202);
        assertThat(numbers(app(id))).containsExactly(0);
        api.patchJson("/1.0/applications/" + id, "{\"inhibit_auto_updates\":true}");
        int v1 = addVersion(image);
        assertThat(api.send(api.request("/1.0/applications/" + id, "Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(202);
        JsonNode app = app(id);
        assertThat(numbers(app)).containsExactly(0, 1);
        assertThat(app.path("versions").get(1).path("parent_image_version").asInt()).isEqualTo(v1);
    }

    @Test
    void aNewImageVersionUpdatesApplicationsThatDoNotInhibitIt() {
        String follows = created(sdkCreate(tarball(manifest("follows"))));
        String stays = created(sdkCreate(tarball(manifest("stays"))));
        api.patchJson("/1.0/applications/" + stays, "{\"inhibit_auto_updates\":true}");
        int v1 = addVersion(image);
        assertThat(app(follows).path("versions").get(1).path("parent_image_version").asInt()).isEqualTo(v1);
        assertThat(numbers(app(stays))).containsExactly(0);
    }

    @Test
    void publishAndRevokeWithoutContentType() {
        setConfig("application.auto_publish", "false");
        String id = created(sdkCreate(tarball(manifest("pub"))));
        assertThat(app(id).path("versions").get(0).path("published").asBoolean()).isFalse();
        assertThat(bare("PATCH", "/1.0/applications/" + id + "/0", "{\"published\":true}").status()).isEqualTo(202);
        assertThat(app(id).path("versions").get(0).path("published").asBoolean()).isTrue();
        assertThat(app(id).path("published").asBoolean()).isTrue();
        assertThat(bare("PATCH", "/1.0/applications/" + id + "/0", "{\"published\":false}").status()).isEqualTo(202);
        assertThat(app(id).path("published").asBoolean()).isFalse();
    }

    @Test
    void maxPublishedVersionsDeletesTheOldestPublishedVersion() {
        setConfig("application.max_published_versions", "2");
        String id = created(sdkCreate(tarball(manifest("max"))));
        api.patchJson("/1.0/applications/" + id, "{\"features\":[\"a\"]}");
        api.patchJson("/1.0/applications/" + id, "{\"features\":[\"b\"]}");
        assertThat(numbers(app(id))).containsExactly(1, 2);
    }

    @Test
    void anAutomaticUpdateTrimsPublishedVersionsOnAnotherImageOnceItHasCommitted() throws Exception {
        setConfig("application.max_published_versions", "2");
        String other = upload(unique("other"));
        String id = created(api.postJson("/1.0/applications", "{\"name\":\"" + unique("moves")
                + "\",\"image\":\"" + other + "\"}"));
        assertThat(api.patchJson("/1.0/applications/" + id, "{\"image\":\"" + image + "\"}").status()).isEqualTo(202);
        assertThat(numbers(app(id))).containsExactly(0, 1);
        addVersion(image);
        // Version 0 pins the other image, whose row the upload may not lock after the application's.
        long deadline = System.currentTimeMillis() + 10_000;
        while (numbers(app(id)).size() > 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(numbers(app(id))).containsExactly(1, 2);
        assertThat(image(other).path("used_by").size()).as("pins left on %s", other).isZero();
    }

    // ---- deletion rules ----

    @Test
    void deletingAVersionFollowsThePolicyAndReleasesItsPin() {
        String id = created(sdkCreate(tarball(manifest("rules"))));
        api.patchJson("/1.0/applications/" + id, "{\"inhibit_auto_updates\":true}");
        int v1 = addVersion(image);
        sdkUpload("PATCH", "/1.0/applications/" + id, tarball(manifest("rules")));
        JsonNode versions = app(id).path("versions");
        assertThat(versions.get(0).path("blockers").get(0).path("reason").asText()).isEqualTo("version_published");
        assertRefused(bare("DELETE", "/1.0/applications/" + id + "/0", "{\"force\":false}"), 409,
                "version_published", "revoke it first");
        assertRefused(api.delete("/1.0/images/" + image + "/0"), 409, "version_in_use", "rules");
        assertThat(bare("DELETE", "/1.0/applications/" + id + "/0", "{\"force\":true}").status()).isEqualTo(202);
        assertThat(numbers(app(id))).containsExactly(1);
        assertThat(api.delete("/1.0/images/" + image + "/0").status()).as("the pin is released").isEqualTo(202);
        assertRefused(api.delete("/1.0/images/" + image + "/" + v1), 409, "last_version", null);
        assertRefused(bare("DELETE", "/1.0/applications/" + id + "/1", "{\"force\":true}"), 409, "last_version",
                "delete the application instead");
    }

    @Test
    void deleteApplicationByIdAndDeleteApplicationsAllOrNothing() {
        String a = created(sdkCreate(tarball(manifest("del-a"))));
        String b = created(sdkCreate(tarball(manifest("del-b"))));
        String c = created(sdkCreate(tarball(manifest("del-c"))));
        sql("UPDATE applications SET immutable = TRUE WHERE id = '" + c + "'");
        assertRefused(bare("DELETE", "/1.0/applications", "{\"ids\":[\"" + a + "\",\"del-c\"],\"force\":false}"), 409,
                "application_immutable", "none was");
        assertThat(api.get("/1.0/applications/" + a).status()).isEqualTo(200);
        assertThat(bare("DELETE", "/1.0/applications", "{\"ids\":[\"" + a + "\",\"del-c\"],\"force\":true}").status())
                .isEqualTo(202);
        assertThat(api.get("/1.0/applications/" + a).status()).isEqualTo(404);
        assertThat(api.get("/1.0/applications/" + c).status()).isEqualTo(404);
        assertThat(bare("DELETE", "/1.0/applications/" + b, "{\"force\":false}").status()).isEqualTo(202);
        assertThat(api.get("/1.0/applications/" + b).status()).isEqualTo(404);
    }

    // ---- filters ----

    @Test
    void listWithFiltersMatchesOnBoundValues() {
        created(sdkCreate(tarball(manifest("f-one", "tags: [a_b, c]", "instance-type: a2.3"))));
        created(sdkCreate(tarball(manifest("f-two", "tags: [axb]", "addons: [ssh]"))));
        assertThat(names(api.get("/1.0/applications?recursion=1&tags=a_b"))).containsExactly("f-one");
        assertThat(names(api.get("/1.0/applications?recursion=1&tags=a_b,c&instance_type=a2.3")))
                .containsExactly("f-one");
        assertThat(names(api.get("/1.0/applications?recursion=1&addons=ssh"))).containsExactly("f-two");
        assertThat(names(api.get("/1.0/applications?recursion=1&published=true&status=ready"))).hasSize(2);
        assertThat(names(api.get("/1.0/applications?recursion=1&name=f-two&inhibit_auto_updates=false")))
                .containsExactly("f-two");
        assertRefused(api.get("/1.0/applications?published=maybe"), 400, "bad_request", "published");
        assertRefused(api.get("/1.0/applications?status=sleepy"), 400, "bad_request", "status");
        assertRefused(api.get("/1.0/applications?colour=red"), 400, "bad_request", "colour");
    }

    private static List<String> names(Api.Reply r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.metadata().forEach(a -> out.add(a.path("name").asText()));
        return out;
    }
}
