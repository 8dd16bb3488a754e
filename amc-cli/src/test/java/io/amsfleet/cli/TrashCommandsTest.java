package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.Tarballs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code amc trash list|show|restore|purge} and {@code amc image protect|unprotect}, against a
 * real server with the default recycle bin window (7 days) and protection cooldown (24 hours).
 * The class's first image is the default container image, so that the others can be deleted.
 */
class TrashCommandsTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;

    @BeforeAll
    static void createTheDefaultImage() {
        dir = SERVER.scratch();
        added();
    }

    private static Amc amc() {
        return SERVER.amc();
    }

    private static Result ok(String... args) {
        Result r = amc().run(args);
        assertEquals(0, r.status(), r.toString());
        return r;
    }

    private static String added() {
        String name = "img-" + UUID.randomUUID().toString().substring(0, 8);
        ok("image", "add", name, Tarballs.image(dir).toString());
        return name;
    }

    private static JsonNode image(String name) throws Exception {
        return JSON.readTree(ok("image", "show", name, "--format", "json").out());
    }

    private static JsonNode entry(String id) throws Exception {
        return JSON.readTree(ok("trash", "show", id, "--format", "json").out());
    }

    /** Deletes with --yes and answers the entry's id, read from the undo line. */
    private static String deleted(String... target) {
        String[] args = new String[target.length + 3];
        args[0] = "image";
        args[1] = "delete";
        System.arraycopy(target, 0, args, 2, target.length);
        args[args.length - 1] = "--yes";
        String out = ok(args).out();
        int at = out.indexOf("amc trash restore ") + "amc trash restore ".length();
        return out.substring(at, out.indexOf(' ', at));
    }

    private static boolean listed(String trashId) throws Exception {
        for (JsonNode e : JSON.readTree(ok("trash", "list", "--format", "json").out())) {
            if (e.path("id").asText().equals(trashId)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void listQuietPrintsTheEntryIdsAlone() {
        String name = added();
        ok("image", "update", name, Tarballs.image(dir).toString());
        String id = deleted(name, "--version", "0");
        java.util.List<String> ids = ok("trash", "list", "-q").out().lines().toList();
        assertEquals(id, ids.get(0), "newest first");
        assertTrue(ids.stream().allMatch(l -> l.matches("[0-9a-v]{20}")), ids.toString());
    }

    @Test
    void listShowsAnEntryWithItsVersionShortFingerprintSizeAndWho() throws Exception {
        String name = added();
        ok("image", "update", name, Tarballs.image(dir).toString());
        JsonNode v1 = image(name).path("versions").get(1);
        String id = deleted(name, "--version", "1");
        Result r = ok("trash", "list");
        String header = r.out().lines().skip(1).findFirst().orElseThrow();
        assertEquals(java.util.List.of("ID", "KIND", "IMAGE", "VERSION", "FINGERPRINT", "SIZE", "DELETED AT", "BY",
                "FORCED", "PURGE AT"), java.util.Arrays.stream(header.substring(1, header.length() - 1).split("\\|"))
                .map(String::trim).toList());
        String row = r.out().lines().filter(l -> l.contains(id)).findFirst().orElseThrow();
        String[] cells = row.substring(1, row.length() - 1).split("\\|");
        assertEquals(10, cells.length, row);
        assertEquals("version", cells[1].trim());
        assertEquals(name, cells[2].trim());
        assertEquals("1", cells[3].trim());
        assertEquals(v1.path("fingerprint").asText().substring(0, 12), cells[4].trim());
        assertEquals(v1.path("size").asLong() + " bytes", cells[5].trim());
        assertTrue(cells[6].trim().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), row);
        assertEquals("admin", cells[7].trim());
        assertEquals("false", cells[8].trim());
        assertTrue(cells[9].trim().compareTo(cells[6].trim()) > 0, "purged after it was deleted: " + row);
    }

    @Test
    void listAsJsonIsTheServersObjectsNewestFirst() throws Exception {
        String older = deleted(added());
        String newer = deleted(added());
        JsonNode all = JSON.readTree(ok("trash", "list", "--format", "json").out());
        java.util.List<String> ids = new java.util.ArrayList<>();
        all.forEach(e -> ids.add(e.path("id").asText()));
        assertTrue(ids.indexOf(newer) < ids.indexOf(older), ids.toString());
        JsonNode e = all.get(ids.indexOf(newer));
        assertEquals("image", e.path("kind").asText());
        assertTrue(e.has("purge_at") && e.has("deleted_at") && e.path("versions").isArray(), e.toString());
    }

    @Test
    void showNamesAnEntryByItsIdOrByItsVersionsDigest() throws Exception {
        String name = added();
        ok("image", "update", name, Tarballs.image(dir).toString());
        String fingerprint = image(name).path("versions").get(0).path("fingerprint").asText();
        String id = deleted(name, "--version", "0");
        Result yaml = ok("trash", "show", id);
        assertTrue(yaml.out().contains("kind: version\n") && yaml.out().contains("name: " + name + "\n"), yaml.out());
        assertEquals(id, entry("sha256:" + fingerprint.substring(0, 16)).path("id").asText());
    }

    @Test
    void showOfAnUnknownEntryIsNotFound() {
        Result r = amc().run("trash", "show", "nothing-here");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: "), r.err());
    }

    @Test
    void restoreBringsAVersionBackWithItsContent() throws Exception {
        String name = added();
        ok("image", "update", name, Tarballs.image(dir).toString());
        String fingerprint = image(name).path("versions").get(1).path("fingerprint").asText();
        String id = deleted(name, "--version", "1");
        Result r = ok("trash", "restore", id);
        assertEquals("version 1 of image " + name + " restored\n", r.out());
        assertEquals(fingerprint, image(name).path("versions").get(1).path("fingerprint").asText());
        assertFalse(listed(id));
    }

    @Test
    void restoreWhenTheNameIsTakenSaysSoAndSuggestsName() throws Exception {
        String name = added();
        String imageId = image(name).path("id").asText();
        String id = deleted(name);
        ok("image", "add", name, Tarballs.image(dir).toString());
        Result refused = amc().run("trash", "restore", id);
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().startsWith("Error: the container image name " + name + " is taken by image "),
                refused.err());
        assertTrue(refused.err().endsWith("\n  restore it under another name: amc trash restore " + id
                + " --name <new name>\n"), refused.err());
        Result r = ok("trash", "restore", id, "--name", name + "-old");
        assertEquals("image " + name + "-old (version 0) restored\n", r.out());
        assertEquals(imageId, image(name + "-old").path("id").asText(), "the image keeps its id");
    }

    @Test
    void restoreOfAVersionWhoseImageIsBinnedNamesTheImagesEntry() {
        String name = added();
        ok("image", "update", name, Tarballs.image(dir).toString());
        String version = deleted(name, "--version", "1");
        String whole = deleted(name);
        Result r = amc().run("trash", "restore", version);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().endsWith("\n  restore the image first: amc trash restore " + whole + "\n"), r.err());
    }

    @Test
    void restoreUnderAnInvalidNameIsAUsageErrorAndSendsNothing() throws Exception {
        String id = deleted(added());
        Result r = amc().run("trash", "restore", id, "--name", "-bad");
        assertEquals(2, r.status(), r.toString());
        assertTrue(listed(id));
    }

    @Test
    void purgeAsksNamingTheEntryAndNoKeepsIt() throws Exception {
        String name = added();
        String id = deleted(name);
        Result r = amc().typing("n\n").run("trash", "purge", id);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("The following recycle bin entry will be REMOVED:\n  - " + id + ": image " + name
                + " (version 0), "), r.err());
        assertTrue(r.err().contains(" by admin\nDo you want to continue? [Y/n]: Aborted: nothing was purged.\n"),
                r.err());
        assertTrue(listed(id));
    }

    @Test
    void purgeWithYesRemovesTheEntryForGood() throws Exception {
        String name = added();
        String id = deleted(name);
        Result r = ok("trash", "purge", id, "--yes");
        assertEquals("image " + name + " purged from the recycle bin\n", r.out());
        assertFalse(listed(id));
        assertEquals(1, amc().run("trash", "restore", id).status(), "nothing left to restore");
    }

    @Test
    void purgeWithoutYesOnAPipeFailsNamingYesAndSendsNothing() throws Exception {
        String id = deleted(added());
        Result r = amc().piping("y\n").run("trash", "purge", id);
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--yes"), r.err());
        assertTrue(listed(id));
    }

    @Test
    void purgeBeforeATimeRemovesWhatWasDeletedBeforeIt() throws Exception {
        String id = deleted(added());
        String deletedAt = entry(id).path("deleted_at").asText();
        Result kept = ok("trash", "purge", "--before", "2000-01-01", "--yes");
        assertEquals("purged 0 recycle bin entries deleted before 2000-01-01T00:00:00Z\n", kept.out());
        assertTrue(listed(id));
        Result asked = amc().typing("n\n").run("trash", "purge", "--before", "0s");
        assertTrue(asked.err().contains("  - " + id + ": image "), "the question lists it: " + asked.err());
        assertTrue(listed(id));
        Result r = ok("trash", "purge", "--before", "0s", "--yes");
        assertTrue(r.out().matches("purged \\d+ recycle bin entr(y|ies) deleted before \\S+Z\n"), r.out());
        assertFalse(listed(id), "deleted at " + deletedAt);
    }

    @Test
    void purgeNeedsAnEntryOrBeforeButNotBoth() {
        assertEquals(2, amc().run("trash", "purge", "--yes").status());
        assertEquals(2, amc().run("trash", "purge", "x", "--before", "1h", "--yes").status());
        Result r = amc().run("trash", "purge", "--before", "soon", "--yes");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("'soon' is not a time"), r.err());
    }

    @Test
    void protectRefusesEveryDeleteEvenForcedAndShowSaysSo() throws Exception {
        String name = added();
        Result r = ok("image", "protect", name);
        assertEquals("image " + name + " is protected: every delete of it or its versions is refused, even with"
                + " --force\n", r.out());
        assertTrue(image(name).path("protected").asBoolean());
        Result refused = amc().run("image", "delete", name, "--force", "--yes");
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().startsWith("Error: image " + name + " cannot be deleted: the image is protected"),
                refused.err());
        assertTrue(ok("image", "show", name).out().contains("protected: true\n"));
    }

    @Test
    void unprotectSaysWhenItTakesEffectAndShowHasThePendingTime() throws Exception {
        String name = added();
        ok("image", "protect", name);
        Result r = ok("image", "unprotect", name);
        String at = image(name).path("unprotect_at").asText();
        assertFalse(at.isEmpty(), image(name).toString());
        assertEquals("image " + name + " stays protected until " + java.time.Instant.ofEpochSecond(
                java.time.OffsetDateTime.parse(at).toEpochSecond()) + ", when its unprotection takes effect"
                + " (amc image protect cancels it)\n", r.out());
        assertTrue(ok("image", "show", name).out().contains("unprotect_at: "), "YAML shows the pending unprotection");
        assertEquals(1, amc().run("image", "delete", name, "--yes").status(), "deletes stay refused meanwhile");
    }

    @Test
    void protectAgainCancelsAPendingUnprotection() throws Exception {
        String name = added();
        ok("image", "protect", name);
        ok("image", "unprotect", name);
        ok("image", "protect", name);
        JsonNode shown = image(name);
        assertTrue(shown.path("protected").asBoolean(), shown.toString());
        assertTrue(shown.path("unprotect_at").isMissingNode() || shown.path("unprotect_at").isNull(), shown.toString());
    }

    @Test
    void aViewerListsTheBinButItsPurgeIsTheServersRefusal() throws Exception {
        String id = deleted(added());
        Result created = ok("auth", "token", "create", "viewer-" + UUID.randomUUID().toString().substring(0, 8),
                "--role", "viewer");
        Amc viewer = new Amc(SERVER.url(), created.out().strip(), SERVER.scratch());
        Result list = viewer.run("trash", "list");
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().contains(id), list.out());
        Result r = viewer.run("trash", "purge", id, "--yes");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: ") && r.err().endsWith(" (the token's role does not allow this)\n"),
                r.err());
        assertTrue(listed(id));
    }

    @Test
    void aViewersDeleteIsRefusedByTheServersDryRunBeforeAnythingIsAsked() {
        String name = added();
        Result created = ok("auth", "token", "create", "viewer-" + UUID.randomUUID().toString().substring(0, 8),
                "--role", "viewer");
        Result r = new Amc(SERVER.url(), created.out().strip(), SERVER.scratch()).typing("y\n")
                .run("image", "delete", name);
        // The dry run tells a viewer first that deleting needs the admin role (the server's forbidden
        // blocker), so amc neither asks nor sends the delete.
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("needs an admin token; this is a viewer token"), r.err());
        assertEquals(0, SERVER.amc().run("image", "show", name).status(), "nothing was deleted");
    }
}
