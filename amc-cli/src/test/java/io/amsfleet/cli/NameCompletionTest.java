package io.amsfleet.cli;

import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.Tarballs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TAB offers the server's names: {@code amc __complete}, and the completion script that asks it. */
class NameCompletionTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static Path dir;
    private static String image;
    private static String app;

    @BeforeAll
    static void anImageWithTwoVersionsAndAnApplication() {
        dir = SERVER.scratch();
        image = "img-" + UUID.randomUUID().toString().substring(0, 8);
        app = "app-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, SERVER.amc().run("image", "add", image, Tarballs.image(dir).toString()).status());
        assertEquals(0, SERVER.amc().run("image", "update", image, Tarballs.image(dir).toString()).status());
        assertEquals(0, SERVER.amc().run("application", "create", app, "--image", image).status());
    }

    private static List<String> completed(String... words) {
        String[] args = new String[words.length + 2];
        args[0] = "__complete";
        args[1] = "--";
        System.arraycopy(words, 0, args, 2, words.length);
        Result r = SERVER.amc().run(args);
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err());
        return r.out().lines().toList();
    }

    @Test
    void anImageArgumentCompletesToTheServersImageNames() {
        assertTrue(completed("image", "show", "").contains(image));
        assertTrue(completed("image", "delete", "other", "").contains(image), "every image of a delete");
        assertTrue(completed("audit", "list", "--image", "").contains(image), "an option naming an image");
    }

    @Test
    void aVersionOptionCompletesToTheVersionsOfTheImageNamed() {
        assertEquals(List.of("0", "1"), completed("image", "delete", image, "--version", ""));
        assertEquals(List.of("0", "1"), completed("image", "delete", image, "-v", ""));
    }

    @Test
    void anApplicationArgumentCompletesToApplicationsAndTheirVersions() {
        assertTrue(completed("application", "show", "").contains(app));
        assertFalse(completed("application", "show", "").contains(image));
        assertEquals(List.of("0"), completed("application", "publish", app, ""));
    }

    @Test
    void whatIsNoNameCompletesToNothing() {
        assertEquals(List.of(), completed("image", "add", ""), "a new image's name");
        assertEquals(List.of(), completed("image", "show", "--"), "an option");
        assertEquals(List.of(), completed("image", "list", ""));
    }

    @Test
    void theGlobalOptionsAmongTheWordsAreUsedAndAServerThatDoesNotAnswerGivesNothing() {
        Amc nowhere = new Amc("http://127.0.0.1:1", AmsTestServer.TOKEN, SERVER.scratch());
        assertEquals(new Result(0, "", ""), nowhere.run("__complete", "--", "image", "show", ""));
        Result r = nowhere.run("__complete", "--", "--url", SERVER.url(), "image", "show", "");
        assertTrue(r.out().lines().toList().contains(image), r.toString());
        assertEquals(new Result(0, "", ""), nowhere.run("__complete", "--", "image", "show", "--token", "wrong", ""));
    }

    /** The script as bash runs it on TAB, with amc on the PATH: picocli's part, then the names. */
    @Test
    void theCompletionScriptOffersTheServersNamesOnTab() throws Exception {
        Path bin = Files.createDirectories(SERVER.scratch().resolve("bin-" + UUID.randomUUID()));
        Path launcher = bin.resolve("amc");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' io.amsfleet.cli.Amc \"$@\"\n");
        assertTrue(launcher.toFile().setExecutable(true));
        Path script = bin.resolve("amc.bash");
        Files.writeString(script, SERVER.amc().run("completion", "bash").out());
        String prefix = image.substring(0, 6);
        String session = "source '" + script + "'\n"
                + "COMP_WORDS=(amc image show " + prefix + "); COMP_CWORD=3; COMP_LINE='amc image show " + prefix + "';"
                + " COMP_POINT=${#COMP_LINE}\n"
                + "_amc_complete_with_names\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", session).redirectErrorStream(true);
        bash.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        bash.environment().put("AMC_URL", SERVER.url());
        bash.environment().put("AMC_TOKEN", AmsTestServer.TOKEN);
        bash.environment().put("HOME", SERVER.scratch().toString());
        Process p = bash.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.lines().toList().contains(image), out);
    }
}
