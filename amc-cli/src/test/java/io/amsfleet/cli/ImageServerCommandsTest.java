package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.CsvRecords;
import io.amsfleet.cli.support.Tarballs;
import io.amsfleet.server.remote.ImageSync;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synced, immutable images from a simplestreams image server (the server's fixture, on loopback):
 * {@code amc config set images.url}, {@code amc config server}, {@code amc image sync},
 * {@code amc image add <name> <remote>@<release>} and what list and show say about them.
 */
class ImageServerCommandsTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RELEASE = "20261101";

    private FixtureImageServer images;
    /** This test's image-server product: a fresh name, so tests do not see each other's images. */
    private String product;

    @BeforeEach
    void imageServer() throws Exception {
        images = new FixtureImageServer();
        product = "jammy-" + UUID.randomUUID().toString().substring(0, 8) + ":android13:amd64";
        images.publish(product, RELEASE, TestTarballs.image());
        Result set = SERVER.amc().run("config", "set", "images.url", images.url());
        assertEquals(0, set.status(), set.toString());
    }

    @AfterEach
    void stopImageServer() {
        images.close();
    }

    /** What the server's scheduler does every images.update_interval. */
    private static void syncRound() {
        SERVER.bean(ImageSync.class).syncAll();
    }

    private static JsonNode shown(String image) throws Exception {
        Result r = SERVER.amc().run("image", "show", image, "--format", "json");
        assertEquals(0, r.status(), r.toString());
        return JSON.readTree(r.out());
    }

    private static List<String> listed(String image) {
        Result r = SERVER.amc().run("image", "list", "--format", "csv");
        assertEquals(0, r.status(), r.toString());
        return CsvRecords.parse(r.out()).stream().filter(row -> row.get(1).equals(image)).findFirst().orElseThrow();
    }

    @Test
    void configSetOfImagesUrlChangesTheServersSetting() throws Exception {
        Result r = SERVER.amc().run("config", "set", "images.url", images.url());
        assertEquals(0, r.status(), r.toString());
        assertEquals("images.url set on the server at " + SERVER.url() + "\n", r.out());
        JsonNode config = JSON.readTree(SERVER.amc().run("config", "server", "--format", "json").out());
        assertEquals(images.url(), config.path("config").path("images.url").asText());
    }

    @Test
    void configServerPrintsTheServersSettingsAsYaml() {
        Result r = SERVER.amc().run("config", "server");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("config:\n"), r.out());
        assertTrue(r.out().contains("  images.update_interval: "), r.out());
    }

    @Test
    void aBadUpdateIntervalIsRefusedAndChangesNothing() throws Exception {
        String before = SERVER.amc().run("config", "server", "--format", "json").out();
        Result r = SERVER.amc().run("config", "set", "images.update_interval", "soon");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: images.update_interval must look like 30s, 5m or 1h\n", r.err());
        assertEquals(before, SERVER.amc().run("config", "server", "--format", "json").out());
    }

    @Test
    void listMarksSyncedImagesImmutableAndNotYetDownloaded() {
        syncRound();
        List<String> row = listed(product);
        assertEquals("available", row.get(2), row.toString());
        assertEquals("true", row.get(6), row.toString());
    }

    @Test
    void listMarksUploadedImagesMutable() {
        String name = "uploaded-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, SERVER.amc().run("image", "add", name, Tarballs.image(SERVER.scratch()).toString()).status());
        assertEquals("false", listed(name).get(6));
    }

    @Test
    void syncDownloadsEveryVersionNotYetHereAndWaitsForIt() throws Exception {
        syncRound();
        Result r = SERVER.amc().run("image", "sync", product);
        assertEquals(0, r.status(), r.toString());
        assertEquals("image " + product + " synced: downloaded version 0\n", r.out());
        JsonNode image = shown(product);
        assertEquals("active", image.path("status").asText());
        assertEquals("active", image.path("versions").get(0).path("status").asText());
        assertEquals(RELEASE, image.path("versions").get(0).path("remote_id").asText());
    }

    @Test
    void syncOfAnImageAlreadyDownloadedSaysSo() {
        syncRound();
        assertEquals(0, SERVER.amc().run("image", "sync", product).status());
        Result again = SERVER.amc().run("image", "sync", product);
        assertEquals(0, again.status(), again.toString());
        assertEquals("image " + product + " synced: every version was already downloaded\n", again.out());
    }

    @Test
    void aDownloadThatFailsItsChecksumFailsTheSyncAndShowSaysWhy() throws Exception {
        images.lieAbout(product);
        syncRound();
        Result r = SERVER.amc().run("image", "sync", product);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: \"Sync image " + product + "\" failed: "), r.err());
        assertTrue(r.err().contains("sha256"), r.err());
        JsonNode version = shown(product).path("versions").get(0);
        assertEquals("error", version.path("status").asText());
        assertTrue(version.path("error_message").asText().contains("sha256"), version.toString());
        Result yaml = SERVER.amc().run("image", "show", product);
        assertTrue(yaml.out().contains("  error_message: "), yaml.out());
    }

    @Test
    void syncOfAnUploadedImageIsRefused() {
        String name = "local-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, SERVER.amc().run("image", "add", name, Tarballs.image(SERVER.scratch()).toString()).status());
        Result r = SERVER.amc().run("image", "sync", name);
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: image " + name + " was uploaded, not synced from an image server; there is nothing to"
                + " sync\n", r.err());
    }

    @Test
    void addOfRemoteAtReleaseImportsAndWaitsForTheDownload() throws Exception {
        String name = "imported-" + UUID.randomUUID().toString().substring(0, 8);
        Result r = SERVER.amc().run("image", "add", name, product + "@" + RELEASE);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("image " + name + " imported from " + product + "@" + RELEASE + " (id "), r.out());
        assertTrue(r.out().endsWith(", version 0)\n"), r.out());
        JsonNode image = shown(name);
        assertTrue(image.path("immutable").asBoolean());
        assertEquals("active", image.path("versions").get(0).path("status").asText());
    }

    @Test
    void addOfAReleaseTheImageServerDoesNotHaveFailsNamingThoseItHas() {
        String name = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        Result r = SERVER.amc().run("image", "add", name, product + "@19990101");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: " + product + " has no release 19990101 (it has " + RELEASE + ")\n", r.err());
        assertEquals(1, SERVER.amc().run("image", "show", name).status());
    }

    @Test
    void addOfAnImportWithUploadOptionsIsUsageErrorAndImportsNothing() {
        String name = "typed-" + UUID.randomUUID().toString().substring(0, 8);
        Result r = SERVER.amc().run("image", "add", name, product + "@" + RELEASE, "--type", "vm");
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: --type, --architecture and --variant describe an uploaded tarball; an imported image"
                + " takes them from the image server\n", r.err());
        assertEquals(1, SERVER.amc().run("image", "show", name).status());
    }

    @Test
    void addOfAnImportWithoutAReleaseIsUsageError() {
        Result r = SERVER.amc().run("image", "add", "norelease", product + "@");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: '" + product + "@' is neither a file nor <remote>@<release>"), r.err());
    }

    @Test
    void aMissingPathWithAnAtIsRefusedAsARemoteNameNotSent() {
        Result r = SERVER.amc().run("image", "add", "lost", "builds/jammy@2.tar.gz");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: image-server image name 'builds/jammy' may only hold"), r.err());
    }

    @Test
    void anExistingFileWhoseNameHasAnAtIsUploaded() throws Exception {
        Path file = Files.move(Tarballs.image(SERVER.scratch()), SERVER.scratch().resolve("jammy@2.tar.gz"));
        String name = "at-file-" + UUID.randomUUID().toString().substring(0, 8);
        Result r = SERVER.amc().run("image", "add", name, file.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("image " + name + " added (id "), r.out());
        assertEquals("false", listed(name).get(6));
    }
}
