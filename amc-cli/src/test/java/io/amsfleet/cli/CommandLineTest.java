package io.amsfleet.cli;

import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void anUnknownCommandOfAGroupIsNamedAsSuchWithTheGroupsCommands() {
        Result r = amc().run("image", "bogus");
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: unknown command 'bogus' for 'amc image'\n"
                + "Its commands: list, show, add, update, sync, switch, protect, unprotect, delete, prune\n"
                + "Run 'amc image --help' for usage.\n", r.err());
    }

    @Test
    void aMistypedCommandGetsTheClosestCommands() {
        Result r = amc().run("image", "lst");
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: unknown command 'lst' for 'amc image'\n"
                + "Did you mean: amc image ls or amc image list?\n"
                + "Run 'amc image --help' for usage.\n", r.err());
    }

    @Test
    void aCommandsHelpNamesTheGlobalOptionsOnceInsteadOfDescribingThem() {
        Result r = amc().run("image", "delete", "--help");
        assertTrue(r.out().startsWith("Usage: amc image delete [OPTIONS] <id|name|sha256:digest>...\n"), r.out());
        assertTrue(r.out().contains("\nGlobal options (amc --help): --url, --token, --cert, --key, --server-cert,\n"
                + "  -x/--debug, -q/--quiet\n"), r.out());
        assertFalse(r.out().contains("Bearer token"), r.out());
        Result root = amc().run("--help");
        assertTrue(root.out().contains("\nGlobal options (every command takes them):\n"), root.out());
        assertTrue(root.out().contains("--token=<token>        Bearer token"), root.out());
    }

    @Test
    void everyCommandsSummaryInItsGroupsHelpIsAWholeSentence() {
        for (String group : new String[] {"image", "trash", "application", "config", "auth", "audit"}) {
            String help = amc().run(group, "--help").out();
            String commands = help.substring(help.indexOf("\nCommands:\n"));
            for (String entry : commands.split("\n  (?=\\S)")) {
                String summary = entry.replaceAll("\\s+", " ").trim();
                assertTrue(summary.isEmpty() || summary.startsWith("Commands:") || summary.endsWith("."),
                        group + ": " + summary);
            }
        }
    }

    @Test
    void versionPrintsTheClientsVersionEvenWhenTheServerCannotBeReached() {
        Result r = amc().run("version");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().matches("client version: [0-9][^\\s]*\n"), r.out());
        assertTrue(r.err().startsWith("Error: cannot connect to the AMS server at http://127.0.0.1:1"), r.err());
        assertEquals(r.out(), amc().run("--version").out(), "--version is amc version");
    }

    @Test
    void nameCompletionPrintsNothingAndSucceedsWithoutAServer() {
        Result r = amc().run("__complete", "--", "image", "show", "");
        assertEquals(new Result(0, "", ""), r);
        assertFalse(amc().run("--help").out().contains("__complete"), "a hidden command");
    }

    @Test
    void completionForAnUnknownShellIsUsageError() {
        assertEquals(2, amc().run("completion", "fish").status());
    }
}
