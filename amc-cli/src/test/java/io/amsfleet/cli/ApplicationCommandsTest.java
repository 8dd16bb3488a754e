package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.CsvRecords;
import io.amsfleet.cli.support.Tarballs;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
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
    void listQuietPrintsTheApplicationIdsAlone() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", app).status());
        String id = JSON.readTree(amc().run("application", "show", app, "--format", "json").out()).path("id").asText();
        assertTrue(amc().run("application", "list", "-q").out().lines().anyMatch(id::equals));
        assertEquals(id + "\n", amc().run("application", "list", "--quiet", "--filter", "name=" + app).out());
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
    void showWithFormatYamlPrintsTheServersDocument() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", app).status());
        Result r = amc().run("application", "show", app, "--format", "yaml");
        assertEquals(0, r.status(), r.toString());
        assertEquals(app, new YAMLMapper().readTree(r.out()).path("name").asText());
    }

    // ---- packages ----

    /** An application directory as AMS's amc takes it: manifest.yaml at its top, and its files. */
    private static Path appDir(String name, String... manifestLines) throws Exception {
        Path dir = Files.createTempDirectory(SERVER.scratch(), "appdir");
        Files.writeString(dir.resolve("manifest.yaml"), "name: " + name + "\n" + String.join("\n", manifestLines)
                + "\n");
        Files.writeString(dir.resolve("app.apk"), "not really an apk " + UUID.randomUUID());
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("hooks/pre-start"), "#!/bin/sh\n");
        return dir;
    }

    private static Path tarball(String name) throws Exception {
        Path file = Files.createTempFile(SERVER.scratch(), "package", ".tar.bz2");
        Files.write(file, TestTarballs.tar(TestTarballs.Compression.BZIP2, List.of(
                TestTarballs.Entry.file("manifest.yaml", "name: " + name + "\n"),
                TestTarballs.Entry.file("app.apk", "apk " + UUID.randomUUID()))));
        return file;
    }

    private static JsonNode shown(String app) throws Exception {
        return JSON.readTree(amc().run("application", "show", app, "--format", "json").out());
    }

    @Test
    void createFromADirectoryPacksItAndTheManifestNamesTheApplication() throws Exception {
        String app = unique();
        Result r = amc().run("application", "create", appDir(app, "instance-type: a4.3", "tags: [game]").toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().matches("application " + app + " created \\(id [0-9a-v]{20}, image " + imageId
                + " version 1\\)\n"), r.out());
        JsonNode a = shown(app);
        assertEquals("a4.3", a.path("instance_type").asText());
        assertEquals("game", a.path("tags").get(0).asText());
        assertEquals(0, a.path("versions").get(0).path("number").asInt());
    }

    @Test
    void createFromATarballSendsItAsItIs() throws Exception {
        String app = unique();
        Result r = amc().run("application", "create", tarball(app).toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals(app, shown(app).path("name").asText());
    }

    @Test
    void aDirectoryWithoutAManifestIsAUsageErrorAndNothingIsSent() throws Exception {
        Path dir = Files.createTempDirectory(SERVER.scratch(), "empty");
        Result r = amc().run("application", "create", dir.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("has no manifest.yaml"), r.err());
    }

    @Test
    void aPackageThatIsNotThereIsSaidSoRatherThanTakenForAName() {
        Result r = amc().run("application", "create", "./nothing-here.tar.bz2");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("no such file or directory: ./nothing-here.tar.bz2"), r.err());
    }

    @Test
    void imageOptionsWithAPackageAreAUsageError() throws Exception {
        Result r = amc().run("application", "create", appDir(unique()).toString(), "--image", image);
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("manifest.yaml names its image"), r.err());
    }

    @Test
    void theServersRefusalOfAManifestIsShown() throws Exception {
        Result r = amc().run("application", "create", appDir(unique(), "resources:", "  cpus: 0").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: ") && r.err().contains("resources.cpus"), r.err());
    }

    // ---- update ----

    @Test
    void updateWithAPackageMakesTheNextVersion() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", appDir(app).toString()).status());
        Result r = amc().run("application", "update", app, appDir(app, "boot-activity: com.example.Main").toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals("application " + app + " updated: version 1 (image " + imageId + " version 1)\n", r.out());
        assertEquals("com.example.Main", shown(app).path("versions").get(1).path("boot_activity").asText());
    }

    @Test
    void updateWithDetailsLetsTheServerDecideWhetherItIsAVersion() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", appDir(app).toString()).status());
        Result tags = amc().run("application", "update", app, "--tags", "kids,game", "--inhibit-auto-updates");
        assertEquals(0, tags.status(), tags.toString());
        assertEquals("application " + app + " updated (no new version)\n", tags.out());
        JsonNode a = shown(app);
        assertEquals("[\"kids\",\"game\"]", a.path("tags").toString());
        assertTrue(a.path("inhibit_auto_updates").asBoolean());

        Result boot = amc().run("application", "update", app, "--boot-activity", "com.example.Other");
        assertEquals(0, boot.status(), boot.toString());
        assertTrue(boot.out().startsWith("application " + app + " updated: version 1 "), boot.out());
    }

    @Test
    void updateWithAPackageAndDetailsIsAUsageError() throws Exception {
        String app = unique();
        Result r = amc().run("application", "update", app, appDir(app).toString(), "--tags", "x");
        assertEquals(2, r.status(), r.toString());
    }

    // ---- publish, revoke, version deletes ----

    @Test
    void revokeAndPublishAVersion() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", appDir(app).toString()).status());
        Result revoke = amc().run("application", "revoke", app, "0");
        assertEquals(0, revoke.status(), revoke.toString());
        assertEquals("version 0 of application " + app + " revoked\n", revoke.out());
        assertTrue(!shown(app).path("versions").get(0).path("published").asBoolean());
        Result publish = amc().run("application", "publish", app, "0");
        assertEquals("version 0 of application " + app + " published\n", publish.out());
        assertTrue(shown(app).path("versions").get(0).path("published").asBoolean());
    }

    @Test
    void deletingAPublishedVersionIsRefusedWithTheServersReasonUntilForced() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", appDir(app).toString()).status());
        assertEquals(0, amc().run("application", "update", app, "--boot-activity", "com.example.B").status());
        Result refused = amc().run("application", "delete", app, "--version", "0", "-y");
        assertEquals(1, refused.status(), refused.toString());
        assertEquals("Error: version 0 of " + app + " is published; revoke it first or use force\n"
                + "  with --force it would go ahead\n", refused.err());
        Result forced = amc().run("application", "delete", app, "--version", "0", "--force", "-y");
        assertEquals(0, forced.status(), forced.toString());
        assertEquals("version 0 of application " + app + " deleted\n", forced.out());
        assertEquals(1, shown(app).path("versions").size());
    }

    @Test
    void theLastVersionCannotBeDeletedEvenWithForceAndEveryBlockerIsNamed() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", appDir(app).toString()).status());
        Result r = amc().run("application", "delete", app, "--version", "0", "--force", "-y");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: version 0 is the last version of " + app
                + "; delete the application instead\n  also blocked by: version_published (amc application show"
                + " explains each)\n"), r.err());
    }

    @Test
    void showListsVersionsWithTheirPinPublishedStatusAndBlockers() throws Exception {
        String app = unique();
        assertEquals(0, amc().run("application", "create", appDir(app).toString()).status());
        Result r = amc().run("application", "show", app);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("name: " + app + "\n"), r.out());
        assertTrue(r.out().contains("delete: allowed\n"), r.out());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.contains("VERSION") && l.contains("PUBLISHED"))
                .findFirst().orElseThrow());
        assertTrue(lines.get(header).matches("\\| VERSION \\| +IMAGE +\\| IMAGE VERSION \\| PUBLISHED \\| STATUS \\|"
                + " +CREATED +\\| +DELETE BLOCKED BY +\\|"), lines.get(header));
        String row = lines.get(header + 2);
        assertTrue(row.matches("\\| 0 +\\| " + imageId + " \\| 1 +\\| true +\\| active \\| \\S+Z \\|"
                + " last_version, version_published \\(--force lifts it\\) +\\|"), row);
        assertTrue(r.out().contains("  version 0: version 0 of " + app + " is published; revoke it first or use force"),
                r.out());
    }

    // ---- list filters ----

    @Test
    void listPassesFiltersToTheServer() throws Exception {
        String tagged = unique();
        String other = unique();
        assertEquals(0, amc().run("application", "create", appDir(tagged, "tags: [" + tagged + ", kids]").toString())
                .status());
        assertEquals(0, amc().run("application", "create", appDir(other, "tags: [kids]").toString()).status());
        Result r = amc().run("application", "list", "--filter", "tags=" + tagged + ",kids", "--filter",
                "published=true", "--format", "csv");
        assertEquals(0, r.status(), r.toString());
        List<List<String>> rows = CsvRecords.parse(r.out());
        assertEquals(List.of(tagged), rows.stream().map(row -> row.get(1)).toList());
    }

    @Test
    void anUnknownFilterIsTheServersRefusal() {
        Result r = amc().run("application", "list", "--filter", "colour=red");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("colour"), r.err());
    }

    @Test
    void aFilterWithoutAValueIsAUsageError() {
        Result r = amc().run("application", "list", "--filter", "published");
        assertEquals(2, r.status(), r.toString());
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
