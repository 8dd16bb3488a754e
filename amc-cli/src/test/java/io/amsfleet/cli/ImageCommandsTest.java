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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code amc image list|show|add|update|switch} against a real server. */
class ImageCommandsTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static String first;

    @BeforeAll
    static void firstImageIsTheDefault() {
        dir = SERVER.scratch();
        first = "base-" + shortId();
        Result r = SERVER.amc().run("image", "add", first, Tarballs.image(dir).toString());
        assertEquals(0, r.status(), r.toString());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Amc amc() {
        return SERVER.amc();
    }

    private static String added() {
        String name = "img-" + shortId();
        Result r = amc().run("image", "add", name, Tarballs.image(dir).toString());
        assertEquals(0, r.status(), r.toString());
        return name;
    }

    @Test
    void addUploadsVersionZeroAndSaysSo() throws Exception {
        String name = "new-" + shortId();
        Path tarball = Tarballs.image(dir, "aarch64");
        Result r = amc().run("image", "add", name, tarball.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("image " + name + " added (id "), r.out());
        assertTrue(r.out().contains("version 0"), r.out());
        assertEquals("", r.err(), "no progress bar when stderr is not a terminal");

        JsonNode image = JSON.readTree(amc().run("image", "show", name, "--format", "json").out());
        assertEquals("aarch64", image.path("architecture").asText());
        assertEquals(Files.size(tarball), image.path("versions").get(0).path("size").asLong());
    }

    @Test
    void addWithTakenNameFailsBeforeUploadingAndPointsToUpdate() {
        String name = added();
        Result r = amc().run("image", "add", name, Tarballs.image(dir).toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: a container image named " + name + " already exists; add a version to it"
                + " with amc image update " + name), r.err());
    }

    @Test
    void addOfMissingFileIsUsageErrorAndSendsNothing() {
        String name = "ghost-" + shortId();
        Result r = amc().run("image", "add", name, dir.resolve("nope.tar.gz").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("no such file"), r.err());
        assertEquals(1, amc().run("image", "show", name).status());
    }

    @Test
    void addWithInvalidNameIsUsageError() {
        Result r = amc().run("image", "add", "-bad name", Tarballs.image(dir).toString());
        assertEquals(2, r.status(), r.toString());
        Result spaces = amc().run("image", "add", "bad name", Tarballs.image(dir).toString());
        assertEquals(2, spaces.status(), spaces.toString());
        assertTrue(spaces.err().contains("may only hold letters, digits"), spaces.err());
    }

    @Test
    void addWithUnknownTypeIsUsageError() {
        Result r = amc().run("image", "add", "x-" + shortId(), Tarballs.image(dir).toString(), "--type", "lxc");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("'--type': expected one of [container, vm]"), r.err());
    }

    @Test
    void addOfNonTarballReportsTheServersReason() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk-" + shortId() + ".tar.gz"), "not a tarball");
        Result r = amc().run("image", "add", "junk-" + shortId(), junk.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void updateAddsTheNextVersion() throws Exception {
        String name = added();
        Result r = amc().run("image", "update", name, Tarballs.image(dir).toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("image " + name + " updated to version 1"), r.out());
        JsonNode image = JSON.readTree(amc().run("image", "show", name, "--format", "json").out());
        assertEquals(2, image.path("versions").size());
    }

    @Test
    void updateOfUnknownImageFailsWithNotFound() {
        Result r = amc().run("image", "update", "nothing-" + shortId(), Tarballs.image(dir).toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: image nothing-"), r.err());
        assertTrue(r.err().contains("not found"), r.err());
    }

    @Test
    void switchMakesAnotherImageTheDefault() throws Exception {
        String name = added();
        Result r = amc().run("image", "switch", name);
        assertEquals(0, r.status(), r.toString());
        assertEquals("image " + name + " is now the default container image\n", r.out());
        JsonNode image = JSON.readTree(amc().run("image", "show", name, "--format", "json").out());
        assertTrue(image.path("default").asBoolean());
        Result again = amc().run("image", "switch", name);
        assertEquals("image " + name + " was already the default container image\n", again.out());
        assertEquals(0, amc().run("image", "switch", first).status(), "back to the first default");
    }

    @Test
    void listPrintsAmcsTable() {
        String name = added();
        Result r = amc().run("image", "list");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("\\+(-+\\+){9}"), lines.get(0));
        assertTrue(lines.get(1).matches("\\| +ID +\\| +NAME +\\| STATUS \\| VERSIONS \\| ARCHITECTURE \\| DEFAULT \\|"
                + " IMMUTABLE \\| +SIZE +\\| +CREATED +\\|"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| [0-9a-v]{20} \\| " + name + " +\\| active +\\| 1 +\\|"
                + " x86_64 +\\| false +\\| false +\\| [0-9]+ bytes +\\| 20[0-9-]{8}T[0-9:]{8}Z \\|")), r.out());
        assertEquals(lines.get(0), lines.get(lines.size() - 1));
        assertEquals(r.out(), amc().run("image", "ls").out(), "ls is list");
    }

    @Test
    void listQuietPrintsTheIdsAloneForScripts() throws Exception {
        String name = added();
        JsonNode shown = JSON.readTree(amc().run("image", "show", name, "--format", "json").out());
        Result r = amc().run("image", "list", "-q", "--name", name);
        assertEquals(0, r.status(), r.toString());
        assertEquals(shown.path("id").asText() + "\n", r.out());
        assertTrue(amc().run("image", "list", "--quiet").out().lines().anyMatch(shown.path("id").asText()::equals));
    }

    @Test
    void listByNameAndTypeShowsOnlyWhatMatches() {
        String name = added();
        List<List<String>> rows = CsvRecords.parse(amc().run("image", "list", "--name", name, "--format", "csv").out());
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(name, rows.get(0).get(1));
        assertEquals("", amc().run("image", "list", "--name", name, "--type", "vm", "--format", "csv").out());
    }

    @Test
    void listAsJsonIsTheServersObjects() throws Exception {
        String name = added();
        Result r = amc().run("image", "list", "--format", "json");
        assertEquals(0, r.status(), r.toString());
        JsonNode images = JSON.readTree(r.out());
        assertTrue(images.isArray());
        JsonNode mine = null;
        for (JsonNode i : images) {
            if (i.path("name").asText().equals(name)) {
                mine = i;
            }
        }
        assertTrue(mine != null, r.out());
        assertEquals("container", mine.path("type").asText());
        assertEquals(3, mine.path("status_code").asInt());
        assertEquals(0, mine.path("versions").get(0).path("version").asInt());
        assertEquals(64, mine.path("versions").get(0).path("fingerprint").asText().length());
    }

    @Test
    void listAsCsvHasTheTableColumns() {
        String name = added();
        Result r = amc().run("image", "list", "--format", "csv");
        assertEquals(0, r.status(), r.toString());
        List<List<String>> records = CsvRecords.parse(r.out());
        List<String> mine = records.stream().filter(rec -> rec.get(1).equals(name)).findFirst().orElseThrow();
        assertEquals(List.of("active", "1", "x86_64", "false", "false"), mine.subList(2, 7));
        assertEquals(20, mine.get(0).length());
        List<String> base = records.stream().filter(rec -> rec.get(1).equals(first)).findFirst().orElseThrow();
        assertEquals("true", base.get(5));
    }

    @Test
    void listAsYamlParsesToTheSameObjectsAsJson() throws Exception {
        added();
        JsonNode fromYaml = new YAMLMapper().readTree(amc().run("image", "list", "--format", "yaml").out());
        JsonNode fromJson = JSON.readTree(amc().run("image", "list", "--format", "json").out());
        assertEquals(fromJson, fromYaml);
    }

    @Test
    void listFiltersByType() throws Exception {
        String vm = "vm-" + shortId();
        assertEquals(0, amc().run("image", "add", vm, Tarballs.image(dir).toString(), "--type", "vm").status());
        JsonNode vms = JSON.readTree(amc().run("image", "list", "--type", "vm", "--format", "json").out());
        assertEquals(1, vms.size());
        assertEquals(vm, vms.get(0).path("name").asText());
    }

    @Test
    void listWithUnknownFormatIsUsageError() {
        Result r = amc().run("image", "list", "--format", "xml");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--format"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void showPrintsYamlByDefault() throws Exception {
        String name = added();
        Result r = amc().run("image", "show", name);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("id: "), r.out());
        assertTrue(r.out().contains("\nname: " + name + "\n"), r.out());
        JsonNode image = new YAMLMapper().readTree(r.out());
        assertEquals(name, image.path("name").asText());
    }

    @Test
    void showFindsAnImageById() throws Exception {
        String name = added();
        String id = JSON.readTree(amc().run("image", "show", name, "--format", "json").out()).path("id").asText();
        Result r = amc().run("image", "show", id, "--format", "json");
        assertEquals(0, r.status(), r.toString());
        assertEquals(name, JSON.readTree(r.out()).path("name").asText());
    }

    @Test
    void ambiguousIdPrefixListsTheMatches() throws Exception {
        String one = added();
        added();
        String id = JSON.readTree(amc().run("image", "show", one, "--format", "json").out()).path("id").asText();
        Result r = amc().run("image", "delete", id.substring(0, 4), "--yes");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: id prefix " + id.substring(0, 4) + " matches several images"), r.err());
        assertTrue(r.err().contains(id + " (" + one + ", container)"), r.err());
        assertEquals(0, amc().run("image", "show", one).status(), "nothing was deleted");
    }

    @Test
    void showOfUnknownImageFailsWithServersReason() {
        Result r = amc().run("image", "show", "missing-" + shortId());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().matches("Error: image missing-\\w+ not found\n"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void imageWithoutSubcommandIsUsageError() {
        Result r = amc().run("image");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("Commands:"), r.err());
    }
}
