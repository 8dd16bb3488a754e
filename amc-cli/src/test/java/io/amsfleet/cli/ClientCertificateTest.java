package io.amsfleet.cli;

import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.ClientIdentity;
import io.amsfleet.cli.support.CsvRecords;
import io.amsfleet.cli.support.Tarballs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * amc over https against a server with TLS on: the server's self-signed certificate trusted with
 * --server-cert, client certificates that authenticate once an admin trusts them
 * ({@code amc config trust add|list|remove}), and the refusals on the way.
 */
class ClientCertificateTest {
    @RegisterExtension
    static final AmsTestServer SERVER = AmsTestServer.withTls();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The admin token over https, trusting the server's certificate. */
    private static Amc admin() {
        return SERVER.amc().env("AMC_SERVER_CERT", SERVER.serverCertificate().toString());
    }

    /** No token: only the certificate authenticates. */
    private static Amc holderOf(ClientIdentity id) {
        return new Amc(SERVER.url(), null, SERVER.scratch())
                .env("AMC_SERVER_CERT", SERVER.serverCertificate().toString())
                .env("AMC_CERT", id.certificate().toString())
                .env("AMC_KEY", id.key().toString());
    }

    private static ClientIdentity trusted(ClientIdentity id, String... options) {
        String[] args = new String[4 + options.length];
        args[0] = "config";
        args[1] = "trust";
        args[2] = "add";
        args[3] = id.certificate().toString();
        System.arraycopy(options, 0, args, 4, options.length);
        Result r = admin().run(args);
        assertEquals(0, r.status(), r.toString());
        return id;
    }

    private static String fingerprint(ClientIdentity id) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.x509().getEncoded()));
    }

    private static String addedImage() {
        String name = unique("tls-img");
        Result r = admin().run("image", "add", name, Tarballs.image(SERVER.scratch()).toString());
        assertEquals(0, r.status(), r.toString());
        return name;
    }

    @Test
    void aWaitOverTlsListensOnWssWithTheSameClientCertificate() throws Exception {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("waiter")));
        try (io.amsfleet.server.support.FixtureImageServer images = new io.amsfleet.server.support.FixtureImageServer()) {
            String product = unique("tls-sync") + ":android13:amd64";
            byte[] release = io.amsfleet.server.support.TestTarballs.image();
            images.publish(product, "20261101", release);
            images.slowDownloads(Math.max(1, release.length / 20), 50);
            assertEquals(0, admin().run("config", "set", "images.url", images.url()).status());
            SERVER.bean(io.amsfleet.server.remote.ImageSync.class).syncAll();
            Result r = holderOf(me).run("image", "sync", product, "--debug");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.err().contains("> GET wss://localhost:"), r.err());
            assertTrue(r.err().contains("< 101"), r.err());
            assertFalse(r.err().contains("/wait"), "waited on the stream, not on /wait: " + r.err());
        }
    }

    @Test
    void anUntrustedClientCertificateIsRefusedWithOneLineNamingTheFix() {
        ClientIdentity me = ClientIdentity.ec(SERVER.scratch(), unique("stranger"));
        Result r = new Amc(SERVER.url(), null, SERVER.scratch()).run("image", "list",
                "--server-cert", SERVER.serverCertificate().toString(),
                "--cert", me.certificate().toString(), "--key", me.key().toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: the AMS server at " + SERVER.url() + " refused the request: it does not trust the client"
                + " certificate " + me.certificate() + " (from --cert) and no token was given; an admin trusts the"
                + " certificate with amc config trust add " + me.certificate() + "\n", r.err());
    }

    @Test
    void aTrustedClientCertificateListsAndDeletesImagesWithoutAToken() {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("ci")));
        String image = addedImage();
        Result list = holderOf(me).run("image", "list", "--format", "csv");
        assertEquals(0, list.status(), list.toString());
        assertTrue(CsvRecords.parse(list.out()).stream().anyMatch(row -> row.get(1).equals(image)), list.out());
        Result delete = holderOf(me).run("image", "delete", image, "--yes");
        assertEquals(0, delete.status(), delete.toString());
        assertTrue(delete.out().startsWith("image " + image + " deleted\n  undo: amc trash restore "), delete.out());
    }

    @Test
    void aRemovedCertificateLosesAccessAtOnce() throws Exception {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("leaver")));
        assertEquals(0, holderOf(me).run("image", "list").status());
        Result removed = admin().run("config", "trust", "remove", fingerprint(me), "--yes");
        assertEquals(0, removed.status(), removed.toString());
        assertEquals("certificate " + fingerprint(me) + " is no longer trusted\n", removed.out());
        Result after = holderOf(me).run("image", "list");
        assertEquals(1, after.status(), after.toString());
        assertTrue(after.err().contains("it does not trust the client certificate"), after.err());
    }

    @Test
    void removeTakesAUniquePrefixOfTheFingerprint() throws Exception {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("prefixed")));
        Result removed = admin().run("config", "trust", "rm", fingerprint(me).substring(0, 12), "--yes");
        assertEquals(0, removed.status(), removed.toString());
        assertEquals(1, holderOf(me).run("image", "list").status());
    }

    @Test
    void removeOfAnUnknownFingerprintFailsAndRemovesNothing() {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("stays")));
        Result r = admin().run("config", "trust", "remove", "ffffffffffff", "--yes");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: no trusted certificate has the fingerprint or name ffffffffffff"
                + " (amc config trust list shows them)\n", r.err());
        assertEquals(0, holderOf(me).run("image", "list").status());
    }

    @Test
    void listShowsNameFingerprintAndRole() throws Exception {
        String name = unique("listed");
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("cn")), "--name", name,
                "--role", "operator");
        Result r = admin().run("config", "trust", "list", "--format", "csv");
        assertEquals(0, r.status(), r.toString());
        assertTrue(CsvRecords.parse(r.out()).contains(List.of(name, fingerprint(me), "operator")), r.out());
    }

    @Test
    void aViewerCertificateMayReadButNotDelete() {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("viewer")), "--role", "viewer");
        String image = addedImage();
        assertEquals(0, holderOf(me).run("image", "show", image).status());
        Result r = holderOf(me).run("image", "delete", image, "--yes");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().endsWith("(the certificate's role does not allow this)\n"), r.err());
    }

    @Test
    void anRsaClientCertificateWorksToo() {
        ClientIdentity me = trusted(ClientIdentity.rsa(SERVER.scratch(), unique("rsa")));
        Result r = holderOf(me).run("image", "list");
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void aKeyInOpenSslsEcFormatAsTheServerWritesItIsRead() throws Exception {
        // The server's own files: a PEM certificate and a SEC 1 "EC PRIVATE KEY".
        assertTrue(Files.readString(SERVER.serverKey()).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        Result trust = admin().run("config", "trust", "add", SERVER.serverCertificate().toString(), "--name",
                "server-itself");
        assertEquals(0, trust.status(), trust.toString());
        Result r = new Amc(SERVER.url(), null, SERVER.scratch()).run("image", "list",
                "--server-cert", SERVER.serverCertificate().toString(),
                "--cert", SERVER.serverCertificate().toString(), "--key", SERVER.serverKey().toString());
        assertEquals(0, r.status(), r.toString());
    }

    /** What {@code openssl ecparam -genkey} (SEC 1, naming its curve) and older RSA tools (PKCS#1) write. */
    @ParameterizedTest
    @CsvSource({"ec, EC PRIVATE KEY", "rsa, RSA PRIVATE KEY"})
    void aKeyInOpenSslsTraditionalFormIsRead(String algorithm, String pemType) throws Exception {
        ClientIdentity fresh = algorithm.equals("ec") ? ClientIdentity.ec(SERVER.scratch(), unique("sec1"))
                : ClientIdentity.rsa(SERVER.scratch(), unique("pkcs1"));
        ClientIdentity me = trusted(fresh);
        Path traditional = me.traditionalKey();
        assertTrue(Files.readString(traditional).startsWith("-----BEGIN " + pemType + "-----"));
        Result r = holderOf(me).env("AMC_KEY", traditional.toString()).run("image", "list");
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void theCertificateAndKeyMayBeSavedInTheConfigFile() {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("saved")));
        Amc amc = new Amc(null, null, SERVER.scratch());
        assertEquals(0, amc.run("config", "set", "url", SERVER.url()).status());
        assertEquals(0, amc.run("config", "set", "cert", me.certificate().toString()).status());
        assertEquals(0, amc.run("config", "set", "key", me.key().toString()).status());
        assertEquals(0, amc.run("config", "set", "server-cert", SERVER.serverCertificate().toString()).status());
        Result r = amc.run("image", "list");
        assertEquals(0, r.status(), r.toString());
        Result shown = amc.run("config", "show");
        assertTrue(shown.out().contains("cert: " + me.certificate() + " ("), shown.out());
        assertTrue(shown.out().contains("server-cert: " + SERVER.serverCertificate() + " ("), shown.out());
    }

    @Test
    void aSelfSignedServerIsRefusedUntilItsCertificateIsTrusted() {
        Result r = SERVER.amc().run("image", "list");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: TLS with the AMS server at " + SERVER.url() + " failed: its certificate is not trusted;"
                + " if it is self-signed (the AMS server generates $AMS_DATA_DIR/server.crt), trust it with"
                + " --server-cert, AMC_SERVER_CERT or amc config set server-cert\n", r.err());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsUsageError() {
        ClientIdentity me = ClientIdentity.ec(SERVER.scratch(), unique("mine"));
        ClientIdentity other = ClientIdentity.ec(SERVER.scratch(), unique("other"));
        Result r = new Amc(SERVER.url(), null, SERVER.scratch()).run("image", "list",
                "--server-cert", SERVER.serverCertificate().toString(),
                "--cert", me.certificate().toString(), "--key", other.key().toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: the private key " + other.key() + " (from --key) is not the key of the client certificate "
                + me.certificate() + " (from --cert)\n", r.err());
    }

    @Test
    void aCertificateWithoutItsKeyIsUsageError() {
        ClientIdentity me = ClientIdentity.ec(SERVER.scratch(), unique("keyless"));
        Result r = new Amc(SERVER.url(), null, SERVER.scratch()).run("image", "list",
                "--cert", me.certificate().toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: a client certificate was given (from --cert) without its private key"),
                r.err());
    }

    @Test
    void anEncryptedKeyIsUsageErrorSayingSo() throws Exception {
        ClientIdentity me = ClientIdentity.ec(SERVER.scratch(), unique("locked"));
        Path encrypted = Files.writeString(SERVER.scratch().resolve("locked.key"),
                ClientIdentity.pem("ENCRYPTED PRIVATE KEY", new byte[]{1, 2, 3}));
        Result r = new Amc(SERVER.url(), null, SERVER.scratch()).run("image", "list",
                "--server-cert", SERVER.serverCertificate().toString(),
                "--cert", me.certificate().toString(), "--key", encrypted.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("Error: the private key " + encrypted + " is encrypted;"), r.err());
    }

    @Test
    void trustAddOfAFileThatIsNoCertificateIsUsageErrorAndAddsNothing() throws Exception {
        Path junk = Files.writeString(SERVER.scratch().resolve("junk.crt"), "not a certificate");
        String before = admin().run("config", "trust", "list", "--format", "csv").out();
        Result r = admin().run("config", "trust", "add", junk.toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("Error: the certificate " + junk + " is not a PEM or DER X.509 certificate\n", r.err());
        assertEquals(before, admin().run("config", "trust", "list", "--format", "csv").out());
    }

    @Test
    void trustAddTakesADerFileToo() throws Exception {
        ClientIdentity me = ClientIdentity.ec(SERVER.scratch(), unique("der"));
        Path der = Files.write(SERVER.scratch().resolve("me.der"), me.x509().getEncoded());
        Result r = admin().run("config", "trust", "add", der.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().endsWith("trusted with role admin (fingerprint " + fingerprint(me) + ")\n"), r.out());
        assertEquals(0, holderOf(me).run("image", "list").status());
    }

    @Test
    void trustingTheSameCertificateTwiceIsRefused() {
        ClientIdentity me = trusted(ClientIdentity.ec(SERVER.scratch(), unique("twice")));
        Result r = admin().run("config", "trust", "add", me.certificate().toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("is already trusted"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
