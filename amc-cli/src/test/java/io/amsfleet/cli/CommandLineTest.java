package io.amsfleet.cli;

import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What amc does before it talks to any server: help, usage errors, completion. */
class CommandLineTest {
    @TempDir
    Path home;

    /** Pointing at a closed port: any request would fail with status 1, not the 2 these expect. */
    private Amc amc() {
        return new Amc("http://127.0.0.1:1", "x", home);
    }

    @Test
    void helpIsShownOnStdoutWithStatusZero() {
        Result r = amc().run("image", "delete", "--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("-v, --version=<int>"), r.out());
        assertTrue(r.out().contains("-f, --force"), r.out());
        assertTrue(r.out().contains("-y, --yes"), r.out());
        assertTrue(r.out().contains("-t, --timeout=<duration>"), r.out());
        assertTrue(r.out().contains("--dry-run"), r.out());
        assertTrue(r.out().contains("--vm"), r.out());
        assertTrue(r.out().contains("-h, --help"), r.out());
    }

    @Test
    void helpListsEveryCommandEvenThoughARunBuildsOnlyItsBranch() {
        Result root = amc().run("--help");
        assertEquals(0, root.status(), root.toString());
        for (String group : new String[] {"image", "application", "config", "auth", "audit", "completion"}) {
            assertTrue(root.out().contains("  " + group + " "), root.out());
        }
        Result image = amc().run("image", "--help");
        for (String command : new String[] {"list, ls", "show", "add", "update", "sync", "switch", "delete"}) {
            assertTrue(image.out().contains("  " + command + " "), image.out());
        }
        Result config = amc().run("config", "--help");
        for (String command : new String[] {"set", "show", "server", "trust"}) {
            assertTrue(config.out().contains("  " + command + " "), config.out());
        }
        Result trust = amc().run("config", "trust", "--help");
        for (String command : new String[] {"add", "list, ls", "remove, rm"}) {
            assertTrue(trust.out().contains("  " + command + " "), trust.out());
        }
        Result token = amc().run("auth", "token", "--help");
        for (String command : new String[] {"create", "list, ls", "revoke"}) {
            assertTrue(token.out().contains("  " + command + " "), token.out());
        }
    }

    @Test
    void noCommandIsUsageErrorListingTheCommands() {
        Result r = amc().run();
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("image"), r.err());
        assertTrue(r.err().contains("application"), r.err());
    }

    @Test
    void anUnknownCommandIsUsageErrorWithSuggestions() {
        Result r = amc().run("image", "lst");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("Did you mean"), r.err());
    }

    @Test
    void anUnknownOptionIsUsageError() {
        Result r = amc().run("image", "list", "--colour");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: Unknown option: '--colour'"), r.err());
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        Result r = amc().run("completion", "bash");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("complete -F"), "a bash completion function is registered");
        assertTrue(r.out().contains("function _picocli_amc_image_delete()"), "image delete has its completion");
        assertTrue(r.out().contains("--dry-run"), "with its options");
        assertTrue(r.out().contains("function _picocli_amc_application_create()"), "application create too");
    }

    @Test
    void completionForAnUnknownShellIsUsageError() {
        assertEquals(2, amc().run("completion", "fish").status());
    }
}
