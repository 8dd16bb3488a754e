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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code amc image prune} and {@code amc retention set|show|delete|preview|apply|runs} against a
 * real server (docs/retention.md): amc shows the server's plan and report; the server decides.
 */
class RetentionCommandsTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;

    @BeforeAll
    static void theDefaultImage() {
        dir = SERVER.scratch();
        withVersions(1);
    }

    private static Amc amc() {
        return SERVER.amc();
    }

    private static Result ok(String... args) {
        Result r = amc().run(args);
        assertEquals(0, r.status(), r.toString());
        return r;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new image with versions 0 to count - 1. */
    private static String withVersions(int count) {
        String name = unique("img");
        ok("image", "add", name, Tarballs.image(dir).toString());
        for (int i = 1; i < count; i++) {
            ok("image", "update", name, Tarballs.image(dir).toString());
        }
        return name;
    }

    private static List<Integer> versions(String image) throws Exception {
        JsonNode shown = JSON.readTree(ok("image", "show", image, "--format", "json").out());
        List<Integer> out = new ArrayList<>();
        shown.path("versions").forEach(v -> out.add(v.path("version").asInt()));
        return out;
    }

    /** A table row of the plan: what happens to the version, and the server's reason. */
    private static String row(String action, String image, int version, String reason) {
        return "(?s).*\\| " + action + " +\\| " + image + " +\\| " + version + " +\\|[^\n]*\\| " + reason + " .*";
    }

    private static String planId(Result preview) {
        String out = preview.out();
        int at = out.indexOf("Plan ") + "Plan ".length();
        return out.substring(at, out.indexOf(' ', at));
    }

    @Test
    void pruneDryRunShowsWhatWouldGoAndWhyAndRemovesNothing() throws Exception {
        String image = withVersions(4);
        Result r = ok("image", "prune", image, "--keep", "2", "--dry-run");
        assertTrue(r.out().contains("2 to remove"), r.out());
        assertTrue(r.out().matches(row("remove", image, 0, "expired")), r.out());
        assertTrue(r.out().matches(row("keep", image, 3, "keep_last")), r.out());
        assertEquals(List.of(0, 1, 2, 3), versions(image));
    }

    @Test
    void pruneRemovesExactlyWhatItShowedAndSaysHowToUndoEach() throws Exception {
        String image = withVersions(3);
        Result r = ok("image", "prune", image, "--keep", "1", "--yes");
        assertTrue(r.out().contains("2 removed"), r.out());
        assertTrue(r.out().contains("amc trash restore "), r.out());
        assertEquals(List.of(2), versions(image));
    }

    @Test
    void pruneKeepsAPinnedVersionAndSaysWhy() {
        String image = withVersions(3);
        ok("application", "create", unique("app"), "--image", image, "--image-version", "0");
        Result r = ok("image", "prune", image, "--keep", "1", "--dry-run");
        assertTrue(r.out().matches(row("blocked", image, 0, "version_in_use")), r.out());
    }

    @Test
    void pruneWithoutATerminalOrYesAsksForYes() throws Exception {
        String image = withVersions(2);
        Result r = amc().run("image", "prune", image, "--keep", "1");
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains("--yes"), r.err());
        assertEquals(List.of(0, 1), versions(image));
    }

    @Test
    void aBadDurationIsTheServersRefusal() {
        Result r = amc().run("image", "prune", withVersions(2), "--older-than", "a month", "--dry-run");
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains("older_than must be a duration"), r.err());
    }

    @Test
    void aPolicyIsSetShownPreviewedAppliedAndItsRunListed() throws Exception {
        String image = withVersions(3);
        String policy = unique("p");
        ok("retention", "set", policy, "--scope", "image", "--target", image, "--keep", "1", "--schedule", "24h", "--disabled");
        assertTrue(ok("retention", "show").out().contains(policy), "listed");
        String shown = ok("retention", "show", policy).out();
        assertTrue(shown.contains("schedule: 1d") && shown.contains("enabled: false"), shown);
        Result preview = ok("retention", "preview", policy);
        String plan = planId(preview);
        assertTrue(preview.out().contains("amc retention apply " + plan), preview.out());
        Result applied = ok("retention", "apply", plan);
        assertTrue(applied.out().contains("2 removed"), applied.out());
        assertEquals(List.of(2), versions(image));
        Result runs = ok("retention", "runs", "--policy", policy);
        assertTrue(runs.out().contains(plan), runs.out());
        ok("retention", "delete", policy);
        assertNotEquals(0, amc().run("retention", "show", policy).status());
    }

    @Test
    void applyingAPlanAfterANewVersionIsRefusedWithTheChangeNamed() throws Exception {
        String image = withVersions(3);
        String policy = unique("p");
        ok("retention", "set", policy, "--scope", "image", "--target", image, "--keep", "1");
        String plan = planId(ok("retention", "preview", policy));
        ok("image", "update", image, Tarballs.image(dir).toString());
        Result r = amc().run("retention", "apply", plan);
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains("has a new version"), r.err());
        assertEquals(List.of(0, 1, 2, 3), versions(image));
    }
}
