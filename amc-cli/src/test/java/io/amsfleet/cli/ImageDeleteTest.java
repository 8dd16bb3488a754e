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
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code amc image delete}: the prompt, every refusal in words, dry runs, several images at once.
 * The class's first image is the default container image; every other image is not.
 */
class ImageDeleteTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static String defaultImage;

    @BeforeAll
    static void createTheDefaultImage() {
        dir = SERVER.scratch();
        defaultImage = added();
    }

    private static Amc amc() {
        return SERVER.amc();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String added(String... flags) {
        String name = unique("img");
        String[] args = new String[4 + flags.length];
        args[0] = "image";
        args[1] = "add";
        args[2] = name;
        args[3] = Tarballs.image(dir).toString();
        System.arraycopy(flags, 0, args, 4, flags.length);
        Result r = amc().run(args);
        assertEquals(0, r.status(), r.toString());
        return name;
    }

    private static void update(String image) {
        Result r = amc().run("image", "update", image, Tarballs.image(dir).toString());
        assertEquals(0, r.status(), r.toString());
    }

    private static String application(String image, String... flags) {
        String name = unique("app");
        String[] args = new String[5 + flags.length];
        args[0] = "application";
        args[1] = "create";
        args[2] = name;
        args[3] = "--image";
        args[4] = image;
        System.arraycopy(flags, 0, args, 5, flags.length);
        Result r = amc().run(args);
        assertEquals(0, r.status(), r.toString());
        return name;
    }

    private static boolean exists(String image, String... flags) {
        String[] args = new String[3 + flags.length];
        args[0] = "image";
        args[1] = "show";
        args[2] = image;
        System.arraycopy(flags, 0, args, 3, flags.length);
        return amc().run(args).status() == 0;
    }

    /** What amc prints after a delete: what went, then how to undo it and until when. */
    private static final String UNDO =
            "  undo: amc trash restore [0-9a-v]{20} \\(until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)\n";

    private static String deletedPattern(String what) {
        return Pattern.quote(what + " deleted") + "\n" + UNDO;
    }

    private static void assertDeleted(String expectedWhat, String out) {
        assertTrue(out.matches(deletedPattern(expectedWhat)), out);
    }

    private static JsonNode shown(String image) throws Exception {
        return JSON.readTree(amc().run("image", "show", image, "--format", "json").out());
    }

    private static List<String> fingerprints(String image) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        shown(image).path("versions").forEach(v -> out.add(v.path("version").asInt() + "=" + v.path("fingerprint").asText()));
        return out;
    }

    private static int versions(String image) throws Exception {
        return JSON.readTree(amc().run("image", "show", image, "--format", "json").out()).path("versions").size();
    }

    @Test
    void deleteAsksAndEnterAccepts() throws Exception {
        String image = added();
        String id = shown(image).path("id").asText();
        long size = shown(image).path("versions").get(0).path("size").asLong();
        Result r = amc().typing("\n").run("image", "delete", image);
        assertEquals(0, r.status(), r.toString());
        assertEquals("The following image will be REMOVED:\n  - image " + image + " (" + id + ", container)\n"
                + "    removes: version 0 (" + size + " bytes)\nDo you want to continue? [Y/n]: ", r.err());
        assertDeleted("image " + image, r.out());
        assertFalse(exists(image));
    }

    @Test
    void deleteAnsweredYesDeletes() {
        String image = added();
        Result r = amc().typing("y\n").run("image", "delete", image);
        assertEquals(0, r.status(), r.toString());
        assertFalse(exists(image));
    }

    @Test
    void deleteAnsweredNoKeepsTheImageAndFails() {
        String image = added();
        Result r = amc().typing("n\n").run("image", "delete", image);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().endsWith("Do you want to continue? [Y/n]: Aborted: nothing was deleted.\n"), r.err());
        assertEquals("", r.out());
        assertTrue(exists(image));
    }

    @Test
    void deletePromptAsksAgainOnAnUnclearAnswer() {
        String image = added();
        Result r = amc().typing("maybe\nno\n").run("image", "delete", image);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("Please answer y or n.\nDo you want to continue? [Y/n]: "), r.err());
        assertTrue(exists(image));
    }

    @Test
    void deleteAtEndOfInputIsNo() {
        String image = added();
        Result r = amc().typing("").run("image", "delete", image);
        assertEquals(1, r.status(), r.toString());
        assertTrue(exists(image));
    }

    @Test
    void deleteWithoutYesOnAPipeFailsNamingYes() {
        String image = added();
        Result r = amc().piping("y\n").run("image", "delete", image);
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: standard input is not a terminal"), r.err());
        assertTrue(r.err().contains("--yes"), r.err());
        assertFalse(r.err().contains("REMOVED"), "no prompt is shown: " + r.err());
        assertTrue(exists(image));
    }

    @Test
    void deleteWithYesDoesNotAsk() {
        String image = added();
        Result r = amc().piping("").run("image", "delete", image, "-y");
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err());
        assertFalse(exists(image));
    }

    @Test
    void deletePromptListsEveryImageAndVersion() throws Exception {
        String a = added();
        update(a);
        String b = added();
        update(b);
        Result r = amc().typing("n\n").run("image", "delete", a, b, "--version", "0");
        assertTrue(r.err().matches("The following image versions will be REMOVED:\n"
                + "  - version 0 of image " + a + " \\(" + shown(a).path("id").asText() + ", container\\)\n"
                + "    removes: version 0 \\(\\d+ bytes\\)\n"
                + "  - version 0 of image " + b + " \\(" + shown(b).path("id").asText() + ", container\\)\n"
                + "    removes: version 0 \\(\\d+ bytes\\)\n"
                + "Do you want to continue\\? \\[Y/n\\]: Aborted: nothing was deleted.\n"), r.err());
        assertEquals(2, versions(a));
    }

    @Test
    void thePromptWithForceNamesTheApplicationsThatKeepTheirCopyAndWhatForceLifts() {
        String image = added();
        String app = application(image);
        Result r = amc().typing("n\n").run("image", "delete", image, "--force");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("    applications that keep their copy: " + app + "\n"), r.err());
        assertTrue(r.err().contains("    lifted by --force: image " + image + " is used by applications " + app),
                r.err());
        assertTrue(exists(image));
    }

    @Test
    void aDeleteTheServerWouldRefuseIsNotAskedAboutAndSaysWhyAsWithYes() {
        Result r = amc().typing("y\n").run("image", "delete", defaultImage);
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: image " + defaultImage + " is the default container image; set a new default first\n",
                r.err());
        assertTrue(exists(defaultImage));
    }

    @Test
    void aRefusalThatForceWouldLiftIsNotAskedAboutAndNamesForce() {
        String image = added();
        String app = application(image);
        Result asked = amc().typing("y\n").run("image", "delete", image);
        Result withYes = amc().run("image", "delete", image, "--yes");
        assertEquals(1, asked.status(), asked.toString());
        assertEquals("Error: image " + image + " is used by applications " + app
                + "; delete them first or use force (they keep their copy)\n  with --force it would go ahead\n",
                asked.err());
        assertEquals(withYes.err(), asked.err(), "the dry run's refusal reads as the delete's own");
        assertTrue(exists(image));
    }

    @Test
    void withSeveralImagesOnlyTheOnesThatWouldGoAreAskedAboutAndDeleted() {
        String a = added();
        Result r = amc().typing("y\n").run("image", "delete", defaultImage, a);
        assertEquals(1, r.status(), "one of them was refused: " + r);
        assertTrue(r.err().startsWith("Error: image " + defaultImage + " is the default container image"), r.err());
        assertTrue(r.err().contains("The following image will be REMOVED:\n  - image " + a + " ("), r.err());
        assertFalse(r.err().contains("  - image " + defaultImage), r.err());
        assertDeleted("image " + a, r.out());
        assertFalse(exists(a));
        assertTrue(exists(defaultImage));
    }

    @Test
    void anUnknownImageIsSaidWithoutAsking() {
        Result r = amc().typing("y\n").run("image", "delete", "nothing-here");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: image nothing-here not found\n", r.err());
    }

    @Test
    void aProtectedImageIsNotAskedAboutEvenWithForce() {
        String image = added();
        assertEquals(0, amc().run("image", "protect", image).status());
        Result r = amc().typing("y\n").run("image", "delete", image, "--force");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: image " + image + " cannot be deleted: the image is protected"), r.err());
        assertFalse(r.err().contains("Do you want to continue"), r.err());
        assertTrue(exists(image));
    }

    @Test
    void theUndoLineRestoresWhatWasDeleted() throws Exception {
        String image = added();
        update(image);
        List<String> fingerprints = fingerprints(image);
        Result r = amc().run("image", "delete", image, "--yes");
        assertDeleted("image " + image, r.out());
        String restore = r.out().substring(r.out().indexOf("amc trash restore "), r.out().indexOf(" (until"));
        Result back = amc().run(restore.substring("amc ".length()).split(" "));
        assertEquals(0, back.status(), back.toString());
        assertEquals("image " + image + " (versions 0, 1) restored\n", back.out());
        assertEquals(fingerprints, fingerprints(image), "the same versions, with the same content");
    }

    @Test
    void aVersionIsDeletedByItsContentDigest() throws Exception {
        String image = added();
        update(image);
        String fingerprint = shown(image).path("versions").get(1).path("fingerprint").asText();
        Result r = amc().run("image", "delete", "sha256:" + fingerprint.substring(0, 12), "--yes");
        assertEquals(0, r.status(), r.toString());
        assertDeleted("version 1 of image " + image, r.out());
        assertEquals(1, versions(image));
    }

    @Test
    void aDigestIsAskedAboutAsTheVersionItNames() throws Exception {
        String image = added();
        update(image);
        String fingerprint = shown(image).path("versions").get(1).path("fingerprint").asText();
        Result r = amc().typing("n\n").run("image", "delete", "sha256:" + fingerprint);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("The following image version will be REMOVED:\n  - version 1 of image " + image
                + " ("), r.err());
        assertEquals(2, versions(image));
    }

    @Test
    void aShortDigestIsTheServersRefusal() {
        Result r = amc().run("image", "delete", "sha256:abc", "--yes");
        assertEquals(1, r.status(), "sent, and refused by the server rather than by amc's name rule: " + r);
        assertTrue(r.err().startsWith("Error: ") && r.err().contains("12"), r.err());
    }

    @Test
    void deletingTheDefaultImageIsRefusedWithTheServersReason() {
        Result r = amc().run("image", "delete", defaultImage, "--yes");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: image " + defaultImage + " is the default container image; set a new default first\n",
                r.err());
        assertTrue(exists(defaultImage));
    }

    @Test
    void deletingTheDefaultImageStaysRefusedWithForce() {
        Result r = amc().run("image", "delete", defaultImage, "--yes", "--force");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: image " + defaultImage + " is the default container image"), r.err());
    }

    @Test
    void deletingAnImageInUseNamesTheApplicationsAndForce() {
        String image = added();
        String bar = application(image);
        String baz = application(image);
        Result r = amc().run("image", "delete", image, "--yes");
        assertEquals(1, r.status(), r.toString());
        // The server lists them by name.
        String both = bar.compareTo(baz) < 0 ? bar + ", " + baz : baz + ", " + bar;
        assertEquals("Error: image " + image + " is used by applications " + both
                + "; delete them first or use force (they keep their copy)\n  with --force it would go ahead\n", r.err());
        assertTrue(exists(image));
    }

    @Test
    void forceDeletesAnImageInUseAndApplicationsKeepTheirCopy() throws Exception {
        String image = added();
        String app = application(image);
        Result r = amc().run("image", "delete", image, "--yes", "--force");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().matches(Pattern.quote("image " + image + " deleted; applications " + app
                + " keep their copy") + "\n" + UNDO), r.out());
        assertFalse(exists(image));
        JsonNode shown = JSON.readTree(amc().run("application", "show", app, "--format", "json").out());
        assertTrue(shown.path("versions").get(0).path("parent_image_deleted").asBoolean(), shown.toString());
    }

    @Test
    void deletingTheLastVersionSaysToDeleteTheImage() {
        String image = added();
        Result r = amc().run("image", "delete", image, "-v", "0", "-y");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: version 0 is the last version of " + image + "; a single version must remain (delete the"
                + " image instead)\n", r.err());
    }

    @Test
    void aRefusedDeleteOnAPipeIsTheRefusalNotAMissingYes() {
        String image = added();
        Result r = amc().piping("").run("image", "delete", image, "-v", "0");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: version 0 is the last version of " + image + "; a single version must remain (delete the"
                + " image instead)\n", r.err());
    }

    @Test
    void deletingAVersionInUseNamesTheApplications() throws Exception {
        String image = added();
        update(image);
        String app = application(image, "--image-version", "0");
        Result r = amc().run("image", "delete", image, "--version", "0", "--yes");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: version 0 of " + image + " is used by applications " + app
                + "; delete them first or use force (they keep their copy)\n  with --force it would go ahead\n", r.err());
        Result forced = amc().run("image", "delete", image, "--version", "0", "--yes", "--force");
        assertEquals(0, forced.status(), forced.toString());
        assertTrue(forced.out().startsWith("version 0 of image " + image + " deleted"), forced.out());
        assertEquals(1, versions(image));
    }

    @Test
    void deletingOneVersionKeepsTheOthers() throws Exception {
        String image = added();
        update(image);
        Result r = amc().run("image", "delete", image, "-v", "1", "-y");
        assertEquals(0, r.status(), r.toString());
        assertDeleted("version 1 of image " + image, r.out());
        assertEquals(1, versions(image));
    }

    @Test
    void deletingAnUnknownImageFailsWithNotFound() {
        Result r = amc().run("image", "delete", "nothing-here", "-y");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: image nothing-here not found\n", r.err());
    }

    @Test
    void deletingAnUnknownVersionFailsWithNotFound() {
        String image = added();
        Result r = amc().run("image", "delete", image, "-v", "7", "-y");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: version 7 of image " + image + " not found\n", r.err());
    }

    @Test
    void deleteWithVmTargetsTheVmImageOfThatName() {
        String name = added();
        Result vm = amc().run("image", "add", name, Tarballs.image(dir).toString(), "--type", "vm");
        assertEquals(0, vm.status(), vm.toString());
        assertEquals(0, amc().run("image", "add", unique("vm"), Tarballs.image(dir).toString(), "--type", "vm")
                .status());
        // The first VM image is the VM default: a refusal that names the VM type.
        Result refused = amc().run("image", "delete", name, "--vm", "-y");
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().startsWith("Error: image " + name + " is the default vm image"), refused.err());
        Result r = amc().run("image", "delete", name, "-y");
        assertEquals(0, r.status(), r.toString());
        assertTrue(exists(name, "--vm"), "the VM image of the same name is still there");
    }

    @Test
    void dryRunChangesNothingAndSaysWhatWouldGo() {
        String image = added();
        update(image);
        Result r = amc().run("image", "delete", image, "--dry-run");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("image " + image + " ("), r.out());
        assertTrue(r.out().contains("container): would be deleted\n  removes: version 0 ("), r.out());
        assertTrue(r.out().contains("version 1 ("), r.out());
        assertTrue(r.out().endsWith("Dry run: nothing was changed.\n"), r.out());
        assertTrue(exists(image));
    }

    @Test
    void dryRunNeedsNoConfirmationEvenOnAPipe() {
        String image = added();
        Result r = amc().piping("").run("image", "delete", image, "--dry-run");
        assertEquals(0, r.status(), r.toString());
        assertTrue(exists(image));
    }

    @Test
    void dryRunListsEveryBlockerAndWhetherForceHelps() {
        String image = added();
        String app = application(image);
        Result r = amc().run("image", "delete", image, defaultImage, "--dry-run");
        assertEquals(1, r.status(), "a dry run that would be refused exits 1: " + r);
        assertTrue(r.out().contains("container): would be REFUSED\n"), r.out());
        assertTrue(r.out().contains("  blocked (--force lifts this): image " + image + " is used by applications "
                + app), r.out());
        assertTrue(r.out().contains("  with --force it would be deleted\n"), r.out());
        assertTrue(r.out().contains("  blocked: image " + defaultImage + " is the default container image"), r.out());
        assertTrue(exists(image));
        assertTrue(exists(defaultImage));
    }

    @Test
    void dryRunWithForceShowsTheApplicationsThatKeepTheirCopy() {
        String image = added();
        String app = application(image);
        Result r = amc().run("image", "delete", image, "--dry-run", "--force");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("would be deleted"), r.out());
        assertTrue(r.out().contains("  applications that keep their copy: " + app + "\n"), r.out());
        assertTrue(r.out().contains("  lifted by --force: "), r.out());
        assertTrue(exists(image));
    }

    @Test
    void severalImagesAreDeletedInOneCall() {
        String a = added();
        String b = added();
        String c = added();
        Result r = amc().run("image", "delete", a, b, c, "-y");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().matches(deletedPattern("image " + a) + deletedPattern("image " + b)
                + deletedPattern("image " + c)), r.out());
        assertFalse(exists(a) || exists(b) || exists(c));
    }

    @Test
    void severalImagesWithAPartialFailureReportEachAndExitOne() {
        String a = added();
        String used = added();
        String app = application(used);
        String c = added();
        Result r = amc().run("image", "delete", a, used, "ghost", c, "--yes");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().matches(deletedPattern("image " + a) + deletedPattern("image " + c)), r.out());
        assertEquals("Error: image " + used + " is used by applications " + app
                + "; delete them first or use force (they keep their copy)\n  with --force it would go ahead\n"
                + "Error: image ghost not found\n", r.err());
        assertFalse(exists(a));
        assertTrue(exists(used));
        assertFalse(exists(c));
    }

    @Test
    void severalImagesWithForceDeleteTheOnesInUse() {
        String a = added();
        String used = added();
        application(used);
        Result r = amc().run("image", "delete", a, used, "--yes", "--force");
        assertEquals(0, r.status(), r.toString());
        assertFalse(exists(a) || exists(used));
    }

    @Test
    void aNegativeVersionIsUsageErrorAndSendsNothing() {
        String image = added();
        Result r = amc().run("image", "delete", image, "--version", "-1", "--yes");
        assertEquals(2, r.status(), r.toString());
        assertTrue(exists(image));
    }

    @Test
    void aBadTimeoutIsUsageError() {
        Result r = amc().run("image", "delete", "x", "--timeout", "soon", "--yes");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("'soon' is not a duration"), r.err());
    }

    @Test
    void deleteWithoutImagesIsUsageError() {
        Result r = amc().run("image", "delete", "--yes");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("Missing required parameter"), r.err());
    }
}
