package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.CsvRecords;
import io.amsfleet.cli.support.Tarballs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code amc audit list} against a real server. */
class AuditCommandsTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An image added and then deleted: two records about it, the delete the newer. */
    private static String addedAndDeleted() {
        String name = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        Result add = SERVER.amc().run("image", "add", name, Tarballs.image(SERVER.scratch()).toString());
        assertEquals(0, add.status(), add.toString());
        // a second image, so that the first is not the default and may go
        Result other = SERVER.amc().run("image", "add", name + "-2", Tarballs.image(SERVER.scratch()).toString());
        assertEquals(0, other.status(), other.toString());
        Result switched = SERVER.amc().run("image", "switch", name + "-2");
        assertEquals(0, switched.status(), switched.toString());
        Result delete = SERVER.amc().run("image", "delete", name, "--yes");
        assertEquals(0, delete.status(), delete.toString());
        return name;
    }

    private static List<List<String>> csv(String... filters) {
        String[] args = new String[filters.length + 4];
        args[0] = "audit";
        args[1] = "list";
        args[2] = "--format";
        args[3] = "csv";
        System.arraycopy(filters, 0, args, 4, filters.length);
        Result r = SERVER.amc().run(args);
        assertEquals(0, r.status(), r.toString());
        return CsvRecords.parse(r.out());
    }

    @Test
    void listShowsWhoDidWhatToWhichImageNewestFirst() {
        String name = addedAndDeleted();
        List<List<String>> rows = csv("--image", name);
        assertEquals(List.of("image.delete", "image.upload"), rows.stream().map(r -> r.get(2)).toList(),
                rows.toString());
        assertEquals(List.of("admin", name, "success", ""), List.of(rows.get(0).get(1), rows.get(0).get(3),
                rows.get(0).get(4), rows.get(0).get(5)));
    }

    @Test
    void theTableHasItsHeaders() {
        Result r = SERVER.amc().run("audit", "list", "--limit", "1");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("|         TIME         | ACTOR |"), r.out());
    }

    @Test
    void outcomeFilterKeepsOnlyRefusals() {
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(1, SERVER.amc().run("image", "delete", ghost, "--yes").status());
        List<List<String>> refused = csv("--outcome", "refused", "--action", "image.delete");
        assertTrue(refused.stream().anyMatch(r -> r.get(4).equals("refused") && r.get(5).equals("not_found")),
                refused.toString());
        assertTrue(refused.stream().allMatch(r -> r.get(4).equals("refused")), refused.toString());
    }

    @Test
    void dryRunsAreMarkedAsSuch() {
        String name = "dry-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, SERVER.amc().run("image", "add", name, Tarballs.image(SERVER.scratch()).toString()).status());
        SERVER.amc().run("image", "delete", name, "--dry-run", "--force");
        List<List<String>> rows = csv("--image", name, "--action", "image.delete");
        assertEquals("image.delete (force, dry run)", rows.get(0).get(2), rows.toString());
    }

    @Test
    void sinceAndUntilTakeHowLongAgo() {
        String name = addedAndDeleted();
        assertEquals(2, csv("--image", name, "--since", "1h").size());
        assertEquals(0, csv("--image", name, "--until", "1h").size());
        assertEquals(2, csv("--image", name, "--since", "2000-01-01").size());
    }

    @Test
    void limitAndOffsetPage() {
        String name = addedAndDeleted();
        assertEquals("image.delete", csv("--image", name, "--limit", "1").get(0).get(2));
        assertEquals("image.upload", csv("--image", name, "--limit", "1", "--offset", "1").get(0).get(2));
    }

    @Test
    void jsonGivesTheServersRecords() throws Exception {
        String name = addedAndDeleted();
        Result r = SERVER.amc().run("audit", "list", "--image", name, "--format", "json");
        JsonNode records = JSON.readTree(r.out());
        assertEquals(2, records.size(), r.out());
        assertEquals("image.delete", records.get(0).path("action").asText());
        assertEquals(202, records.get(0).path("status").asInt());
        long seconds = records.get(0).path("time").asLong();
        assertTrue(Math.abs(seconds - java.time.Instant.now().getEpochSecond()) < 600, r.out());
    }

    @Test
    void aTimeThatIsNoTimeIsUsageError() {
        Result r = SERVER.amc().run("audit", "list", "--since", "yesterday");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: --since 'yesterday' is not a time: give Unix seconds,"), r.err());
    }

    @Test
    void aLimitBeyondTheServersPageIsUsageError() {
        Result r = SERVER.amc().run("audit", "list", "--limit", "5000");
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: --limit must be 1 to 1000, not 5000\n", r.err());
    }

    @Test
    void anUnknownOutcomeIsUsageError() {
        Result r = SERVER.amc().run("audit", "list", "--outcome", "maybe");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("expected one of [success, preview, refused, failed]"), r.err());
    }
}
