package io.amsfleet.server;

import io.amsfleet.server.remote.ImageSync;
import io.amsfleet.server.remote.SimpleStreams;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an attacker on the same machine or on another web origin must not get: the image server's
 * credentials (sent to no other host, never shown over the API, not readable on disk) and a
 * dashboard or API answer that could be framed, sniffed or made to run foreign script.
 */
public abstract class SecretsAndHeadersContract extends ServerTestBase {
    private static final String NAME = "jammy:android13:amd64";
    private static final String CREDENTIALS = "user:s3cret-password";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Inject
    ImageSync sync;
    @Inject
    SimpleStreams streams;
    private FixtureImageServer images;
    private FixtureImageServer elsewhere;

    @Override
    protected boolean generatesAdminToken() {
        return true;
    }

    /** The data directory as an older version, or a umask of 022, left it: readable by everyone. */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = super.getProperties();
        if (posix()) {
            try {
                for (Path dir : new Path[]{dataDir, dataDir.resolve("content"), dataDir.resolve("tmp")}) {
                    Files.createDirectories(dir);
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return props;
    }

    @BeforeEach
    void imageServers() throws IOException {
        sql("DELETE FROM remote_tombstones", "DELETE FROM config");
        images = new FixtureImageServer();
        images.publish(NAME, "20261101", TestTarballs.image());
        images.requireBasicAuth(CREDENTIALS);
        elsewhere = new FixtureImageServer();
        elsewhere.publish(NAME, "20261101", TestTarballs.image());
        setConfig("images.url", images.url());
        setConfig("images.auth", CREDENTIALS);
    }

    @AfterEach
    void stopImageServers() {
        images.close();
        elsewhere.close();
    }

    private void setConfig(String name, String value) {
        Api.Reply set = api.patchJson("/1.0/config", "{\"name\":\"" + name + "\",\"value\":\"" + value + "\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(202);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- A: the image server's credentials go to its origin only ----

    @Test
    void anIndexNamingProductsOnAnotherOriginNeverReceivesTheCredentials() {
        images.productsAt(elsewhere.url() + "streams/v1/images.json");
        sync.syncAll();
        assertThat(elsewhere.requestsWithAuthorization.get()).isZero();
    }

    @Test
    void productsOnAnotherOriginAreRefusedWithTheReasonAndNothingIsImported() {
        images.productsAt(elsewhere.url() + "streams/v1/images.json");
        ImageSync.Report report = sync.syncAll();
        assertThat(report.failures()).hasSize(1);
        assertThat(report.failures().values().iterator().next()).contains(elsewhere.url()).contains("origin");
        assertThat(elsewhere.requests.get()).as("not even asked").isZero();
        assertThat(imageExists(NAME)).isFalse();
    }

    @Test
    void productsOnTheImageServersOwnOriginAreStillRead() {
        images.productsAt(images.url() + "streams/v1/images.json");
        assertThat(sync.syncAll().imagesCreated()).isEqualTo(1);
    }

    @Test
    void theImageServerClientRefusesToOpenAnotherOriginWithTheCredentials() {
        assertThatThrownBy(() -> streams.open(images.url(), elsewhere.url() + "streams/v1/index.json", CREDENTIALS))
                .isInstanceOf(IOException.class).hasMessageContaining("origin");
        assertThat(elsewhere.requests.get()).isZero();
    }

    @Test
    void anImageServerAddressWithoutAHostIsRefused() {
        Api.Reply refused = api.patchJson("/1.0/config", "{\"name\":\"images.url\",\"value\":\"http:///streams\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(api.get("/1.0/config").metadata().path("config").path("images.url").asText()).isEqualTo(images.url());
    }

    // ---- B: secrets are not readable on disk nor over the API ----

    @Test
    void aDataDirectoryLeftReadableByOthersIsMadePrivateAtStart() {
        assumeTrue(posix(), "POSIX file permissions");
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("content"))).isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("tmp"))).isEqualTo("rwx------");
    }

    @Test
    void theEmbeddedDatabaseFileIsReadableByTheServersUserOnly() {
        assumeTrue(posix(), "POSIX file permissions");
        assumeTrue(database().equals("h2"), "only the embedded database keeps a file in the data dir");
        assertThat(mode(dataDir.resolve("catalogue.mv.db"))).isEqualTo("rw-------");
    }

    @Test
    void theGeneratedAdminTokenFileIsReadableByTheServersUserOnly() {
        assumeTrue(posix(), "POSIX file permissions");
        assertThat(mode(dataDir.resolve("admin.token"))).isEqualTo("rw-------");
    }

    @Test
    void uploadedContentIsReadableByTheServersUserOnly() {
        assumeTrue(posix(), "POSIX file permissions");
        upload(unique("private"));
        String sha = blobs().iterator().next();
        Path blob = dataDir.resolve("content/sha256").resolve(sha.substring(0, 2)).resolve(sha);
        assertThat(mode(blob)).isEqualTo("rw-------");
        assertThat(mode(blob.getParent())).isEqualTo("rwx------");
    }

    @Test
    void theConfigurationShowsTheImageServerCredentialsMasked() {
        Api.Reply config = api.get("/1.0/config");
        assertThat(config.metadata().path("config").path("images.auth").asText()).isEqualTo("********");
        assertThat(config.text()).doesNotContain("s3cret");
    }

    @Test
    void theConfigurationShowsUnsetCredentialsAsEmpty() {
        setConfig("images.auth", "");
        assertThat(api.get("/1.0/config").metadata().path("config").path("images.auth").asText()).isEmpty();
    }

    @Test
    void sendingTheMaskBackKeepsTheRealCredentials() {
        setConfig("images.auth", "********");
        assertThat(sync.syncAll().imagesCreated()).as("still authorized").isEqualTo(1);
    }

    // ---- C: every answer carries the security headers ----

    private static void assertSecurityHeaders(Api.Reply reply) {
        Map<String, String> expected = Map.of("Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff",
                "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer");
        expected.forEach((name, value) ->
                assertThat(reply.headers().allValues(name)).as("%s of %s", name, reply).containsExactly(value));
    }

    @Test
    void anApiAnswerCannotBeFramedSniffedOrLeakItsAddress() {
        Api.Reply reply = api.get("/1.0/images");
        assertThat(reply.status()).isEqualTo(200);
        assertSecurityHeaders(reply);
    }

    @Test
    void errorAnswersCarryTheSecurityHeadersToo() {
        Api.Reply missing = api.get("/1.0/images/no-such-image");
        assertThat(missing.status()).isEqualTo(404);
        assertSecurityHeaders(missing);
        Api.Reply unknownPath = api.get("/no/such/page");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertSecurityHeaders(unknownPath);
        Api.Reply unauthenticated = api.withToken(null).get("/1.0/images");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertSecurityHeaders(unauthenticated);
    }

    @Test
    void aRequestRefusedBeforeAnyRouteCarriesTheSecurityHeadersToo() {
        Api.Reply tooLarge = api.send(api.request("/1.0", "X-Padding", "x".repeat(20_000)).GET());
        assertThat(tooLarge.status()).isEqualTo(413);
        assertSecurityHeaders(tooLarge);
    }

    @Test
    void theDashboardCannotBeFramedNorRunScriptFromElsewhere() {
        Api.Reply page = api.withToken(null).get("/images");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<script type=\"module\" src=\"/js/main.js\">");
        assertSecurityHeaders(page);
        assertSecurityHeaders(api.withToken(null).get("/js/main.js"));
    }

    @Test
    void plainHttpAnswersDoNotClaimStrictTransportSecurity() {
        assertThat(api.get("/1.0").header("Strict-Transport-Security")).isNull();
    }
}
