package io.amsfleet.cli;

import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where amc finds the server and its token, and how it says that it cannot reach it. */
class ConnectionTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();

    /** amc with nothing set: no variables, an empty home. */
    private static Amc bare() {
        return new Amc(null, null, SERVER.scratch());
    }

    @Test
    void urlAndTokenComeFromTheEnvironment() {
        Result r = SERVER.amc().run("image", "list");
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void flagsWinOverTheEnvironment() {
        Result r = new Amc("http://127.0.0.1:1", "wrong", SERVER.scratch())
                .run("image", "list", "--url", SERVER.url(), "--token", AmsTestServer.TOKEN);
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void globalFlagsMayAlsoComeBeforeTheCommand() {
        Result r = bare().run("--url", SERVER.url(), "--token", AmsTestServer.TOKEN, "image", "list");
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void configSetWritesAPrivateFileThatLaterCommandsUse() throws Exception {
        Amc amc = bare();
        Result url = amc.run("config", "set", "url", SERVER.url() + "/");
        assertEquals(0, url.status(), url.toString());
        Result token = amc.run("config", "set", "token", AmsTestServer.TOKEN);
        assertEquals(0, token.status(), token.toString());
        Path file = amc.home().resolve(".config/amc/config.yaml");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        assertEquals("url: " + SERVER.url() + "\ntoken: " + AmsTestServer.TOKEN + "\n", Files.readString(file));
        assertEquals(0, amc.run("image", "list").status());
        Result shown = amc.run("config", "show");
        assertTrue(shown.out().contains("url: " + SERVER.url() + " (" + file + ")"), shown.out());
        assertFalse(shown.out().contains(AmsTestServer.TOKEN), "the token is masked: " + shown.out());
    }

    @Test
    void environmentWinsOverTheConfigFile() {
        Amc amc = bare();
        assertEquals(0, amc.run("config", "set", "url", "http://127.0.0.1:1").status());
        assertEquals(0, amc.run("config", "set", "token", "wrong").status());
        amc.env("AMC_URL", SERVER.url()).env("AMC_TOKEN", AmsTestServer.TOKEN);
        Result r = amc.run("image", "list");
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void configHonoursXdgConfigHome() throws Exception {
        Amc amc = bare();
        Path xdg = amc.home().resolve("xdg");
        amc.env("XDG_CONFIG_HOME", xdg.toString());
        assertEquals(0, amc.run("config", "set", "url", SERVER.url()).status());
        assertTrue(Files.exists(xdg.resolve("amc/config.yaml")));
    }

    @Test
    void configSetOfAnUnknownKeyOrBadUrlIsUsageError() {
        Result colour = bare().run("config", "set", "colour", "blue");
        assertEquals(2, colour.status(), colour.toString());
        assertEquals("Error: unknown setting 'colour': amc config set takes url, token, cert, key, server-cert (amc's own)"
                + " or images.url, images.auth, images.update_interval (the server's)\n", colour.err());
        Result r = bare().run("config", "set", "url", "ftp://example");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("is not an http:// or https:// URL"), r.err());
    }

    @Test
    void aLocalServersAdminTokenIsReadWhenNoTokenIsSet() throws Exception {
        Amc amc = bare().env("AMC_URL", SERVER.url());
        Path tokenFile = amc.home().resolve(".local/share/ams/admin.token");
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, AmsTestServer.TOKEN + "\n");
        Result r = amc.run("image", "list");
        assertEquals(0, r.status(), r.toString());
        assertTrue(amc.run("config", "show").out().contains("(" + tokenFile + ")"));
    }

    @Test
    void theAdminTokenIsNotSentToARemoteServer() throws Exception {
        Amc amc = bare().env("AMC_URL", "http://ams.example.invalid:8444");
        Path tokenFile = amc.home().resolve(".local/share/ams/admin.token");
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, "secret\n");
        assertTrue(amc.run("config", "show").out().contains("token: none"));
    }

    @Test
    void noTokenGivesOneLineNamingWhereToSetIt() {
        Result r = bare().env("AMC_URL", SERVER.url()).run("image", "list");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: the AMS server at " + SERVER.url() + " refused the request: no token was given; pass one"
                + " with --token or AMC_TOKEN, or save it with amc config set token\n", r.err());
    }

    @Test
    void aBadTokenGivesOneLineNamingItsSource() {
        Result r = new Amc(SERVER.url(), "wrong", SERVER.scratch()).run("image", "list");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: the AMS server at " + SERVER.url()
                + " refused the request: it did not accept the token from AMC_TOKEN;"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void connectionRefusedGivesOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = new Amc("http://127.0.0.1:" + port, "x", SERVER.scratch()).run("image", "list");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: cannot connect to the AMS server at http://127.0.0.1:" + port
                + ": connection refused; is ams running there? (address from AMC_URL)\n", r.err());
    }

    @Test
    void debugShowsTheRequestsAndTheStackTrace() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = new Amc("http://127.0.0.1:" + port, "x", SERVER.scratch()).run("image", "list", "--debug");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("> GET http://127.0.0.1:" + port + "/1.0/images?recursion=1"), r.err());
        assertTrue(r.err().contains("java.net.ConnectException"), r.err());
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutWithOneLine() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            Result r = new Amc("http://127.0.0.1:" + silent.getLocalPort(), "x", SERVER.scratch())
                    .run("image", "delete", "foo", "--yes", "--timeout", "1s");
            assertEquals(1, r.status(), r.toString());
            assertEquals("Error: the AMS server at http://127.0.0.1:" + silent.getLocalPort()
                    + " did not answer within 1s\n", r.err());
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void tlsFilesWithAPlainHttpAddressAreUsageError() {
        Result r = SERVER.amc().run("image", "list", "--cert", "client.crt", "--key", "client.key");
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: --cert, --key and --server-cert are for an https:// server address, and " + SERVER.url()
                + " is plain http\n", r.err());
    }

    @Test
    void configSetOfACertificateThatIsNoCertificateIsUsageErrorAndSavesNothing() throws Exception {
        Amc amc = bare();
        Path junk = Files.writeString(amc.home().resolve("junk.crt"), "junk");
        Result r = amc.run("config", "set", "cert", junk.toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: the client certificate " + junk + " is not a PEM or DER X.509 certificate\n", r.err());
        assertFalse(Files.exists(amc.home().resolve(".config/amc/config.yaml")));
    }

    @Test
    void configSetOfAKeyFileWithoutAKeyIsUsageError() throws Exception {
        Amc amc = bare();
        Path junk = Files.writeString(amc.home().resolve("junk.key"), "junk");
        Result r = amc.run("config", "set", "key", junk.toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: the private key " + junk + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)\n",
                r.err());
    }

    @Test
    void aBadUrlIsUsageErrorAndSendsNothing() {
        Result r = new Amc("not a url", "x", SERVER.scratch()).run("image", "list");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: the server address 'not a url' (from AMC_URL)"), r.err());
    }

    @Test
    void versionNamesTheClientTheServerItsBuildAndItsApiExtensions() {
        Result r = SERVER.amc().run("version");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("client version: [0-9][^ ]*"), r.out());
        assertEquals("server: " + SERVER.url(), lines.get(1));
        assertEquals("server version: " + lines.get(0).substring("client version: ".length()), lines.get(2),
                "one build, one version");
        assertEquals("api version: 1.0", lines.get(3));
        assertEquals("api extensions:", lines.get(4));
        assertTrue(lines.contains("  image_delete_dry_run"), r.out());
        assertEquals(r.out(), SERVER.amc().run("--version").out());
    }
}
