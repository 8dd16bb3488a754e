package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.CsvRecords;
import io.amsfleet.cli.support.Tarballs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code amc application list|show|create|delete} against a real server. */
class ApplicationCommandsTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String image;
    private static String imageId;

    @BeforeAll
    static void anImageWithTwoVersions() throws Exception {
        Path dir = SERVER.scratch();
        image = "base";
        assertEquals(0, amc().run("image", "add", image, Tarballs.image(dir).toString()).status());
        assertEquals(0, amc().run("image", "update", image, Tarballs.image(dir).toString()).status());
        imageId = JSON.readTree(amc().run("image", "show", image, "--format", "json").out()).path("id").asText();
    }

    private static Amc amc() {
        return SERVER.amc();
    }

    private static String unique() {
        return "app-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean exists(String app) {
        return amc().run("application", "show", app).status() == 0;
    }

    @Test
    void createUsesTheDefaultImagesLatestVersion() {
        String app = unique();
        Result r = amc().run("application", "create", app);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().matches("application " + app + " created \\(id [0-9a-v]{20}, image " + imageId
                + " version 1\\)\n"), r.out());
    }

    @Test
    void createPinsTheAskedImageVersion() throws Exception {
        String app = unique();
        Result r = amc().run("application", "create", app, "--image", image, "--image-version", "0");
        assertEquals(0, r.status(), r.toString());
        JsonNode shown = JSON.readTree(amc().run("application", "show", app, "--format", "json").out());
        assertEquals(0, shown.path("versions").get(0).path("parent_image_version").asInt());
        assertEquals(imageId, shown.path("versions").get(0).path("parent_image_id").asText());
    }

    @Test
    void createWithTakenNameFails() {
        String app = unique();
        assertEquals(0, amc().run("application", "create", app).status());
        Result r = amc().run("application", "create", app);
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: an application named " + app + " already exists\n", r.err());
    }

    @Test
    void createOnAnUnknownImageVersionFails() {
        Result r = amc().run("application", "create", unique(), "--image", image, "--image-version", "9");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: version 9 of image base not found\n", r.err());
    }

    @Test
    void createWithoutAVmImageSaysThereIsNoDefault() {
        Result r = amc().run("application", "create", unique(), "--vm");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("there is no default vm image"), r.err());
    }

    @Test
    void createWithBadNameIsUsageError() {
        Result r = amc().run("application", "create", "no spaces");
        assertEquals(2, r.status(), r.toString());
    }

    @Test
    void listShowsTheTableAndParsesBackAsJsonAndCsv() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", app, "--image-version", "0").status());
        Result table = amc().run("application", "list");
        assertEquals(0, table.status(), table.toString());
        assertTrue(table.out().lines().skip(1).findFirst().orElseThrow()
                .matches("\\| +ID +\\| +NAME +\\| STATUS \\| VERSIONS \\| +IMAGE +\\| IMAGE VERSION \\| +VM +\\|"),
                table.out());

        JsonNode apps = JSON.readTree(amc().run("application", "ls", "--format", "json").out());
        boolean found = false;
        for (JsonNode a : apps) {
            found |= a.path("name").asText().equals(app);
        }
        assertTrue(found, apps.toString());

        List<String> row = CsvRecords.parse(amc().run("application", "list", "--format", "csv").out()).stream()
                .filter(rec -> rec.get(1).equals(app)).findFirst().orElseThrow();
        assertEquals(List.of("ready", "1", imageId, "0", "false"), row.subList(2, 7));
    }

    @Test
    void showPrintsYamlByDefault() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", app).status());
        Result r = amc().run("application", "show", app);
        assertEquals(0, r.status(), r.toString());
        assertEquals(app, new YAMLMapper().readTree(r.out()).path("name").asText());
    }

    @Test
    void deleteAsksLikeImageDelete() {
        String app = unique();
        assertEquals(0, amc().run("application", "create", app).status());
        Result r = amc().typing("\n").run("application", "delete", app);
        assertEquals(0, r.status(), r.toString());
        assertEquals("The following application will be REMOVED:\n  - " + app + "\nDo you want to continue? [Y/n]: ",
                r.err());
        assertEquals("application " + app + " deleted\n", r.out());
        assertTrue(!exists(app));
    }

    @Test
    void deleteWithoutYesOnAPipeFailsNamingYes() {
        String app = unique();
        assertEquals(0, amc().run("application", "create", app).status());
        Result r = amc().piping("").run("application", "delete", app);
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--yes"), r.err());
        assertTrue(exists(app));
    }

    @Test
    void deleteSeveralReportsEachAndFailsIfAnyFailed() {
        String a = unique();
        String b = unique();
        assertEquals(0, amc().run("application", "create", a).status());
        assertEquals(0, amc().run("application", "create", b).status());
        Result r = amc().run("application", "delete", a, "ghost-app", b, "-y");
        assertEquals(1, r.status(), r.toString());
        assertEquals("application " + a + " deleted\napplication " + b + " deleted\n", r.out());
        assertEquals("Error: application ghost-app not found\n", r.err());
    }

    @Test
    void deletingTheApplicationLetsTheImageVersionGo() {
        Path dir = SERVER.scratch();
        String img = "img-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, amc().run("image", "add", img, Tarballs.image(dir).toString()).status());
        assertEquals(0, amc().run("image", "update", img, Tarballs.image(dir).toString()).status());
        String app = unique();
        assertEquals(0, amc().run("application", "create", app, "--image", img, "--image-version", "0").status());
        assertEquals(1, amc().run("image", "delete", img, "-v", "0", "-y").status());
        assertEquals(0, amc().run("application", "delete", app, "-y").status());
        Result r = amc().run("image", "delete", img, "-v", "0", "-y");
        assertEquals(0, r.status(), r.toString());
    }
}
