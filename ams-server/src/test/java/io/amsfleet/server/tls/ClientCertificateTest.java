package io.amsfleet.server.tls;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.TestTarballs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With TLS on, automation authenticates as AMS's own clients do: with a client certificate in the
 * trust store, and no token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCertificateTest {
    private static final String ADMIN = "tls-admin";
    private EmbeddedServer server;
    private Path dataDir;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("ams-tls-");
        server = ApplicationContext.run(EmbeddedServer.class, Map.<String, Object>of(
                "micronaut.server.ssl.enabled", true,
                "micronaut.server.ssl.port", -1,
                "ams.data-dir", dataDir.toString(),
                "ams.admin-token", ADMIN,
                "ams.trust-password", "let-me-in"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A client presenting {@code identity} (or no certificate), trusting the server's generated certificate. */
    private HttpClient client(ServerCertificate identity) throws Exception {
        X509Certificate serverCert;
        try (InputStream in = Files.newInputStream(dataDir.resolve("server.crt"))) {
            serverCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ams", serverCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (identity != null) {
            keys.setKeyEntry("me", identity.key(), "pw".toCharArray(), new X509Certificate[]{identity.certificate()});
        }
        kmf.init(keys, "pw".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private Api.Reply call(HttpClient client, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : Api.JSON.readTree(r.body());
        return new Api.Reply(r.statusCode(), r.headers(), json, r.body());
    }

    private static String der(ServerCertificate c) throws Exception {
        return Base64.getEncoder().encodeToString(c.certificate().getEncoded());
    }

    @Test
    void aClientCertificateIsRefusedBeforeItIsTrustedWorksAfterAndLosesAccessWhenRemoved() throws Exception {
        ServerCertificate me = ServerCertificate.generate();
        HttpClient client = client(me);
        HttpClient admin = client(null);
        assertThat(call(client, "GET", "/1.0", null, null).metadata().path("auth").asText()).isEqualTo("untrusted");
        assertThat(call(client, "GET", "/1.0/images", null, null).status()).isEqualTo(401);

        Api.Reply added = call(admin, "POST", "/1.0/certificates", "{\"certificate\":\"" + der(me) + "\"}", ADMIN);
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        String fingerprint = added.metadata().path("fingerprint").asText();
        assertThat(added.metadata().path("role").asText()).isEqualTo("admin");

        assertThat(call(client, "GET", "/1.0", null, null).metadata().path("auth").asText()).isEqualTo("trusted");
        // upload with the admin token, list and delete with the certificate alone
        var tls = new Api("https://localhost:" + server.getPort(), ADMIN);
        HttpRequest upload = HttpRequest.newBuilder(URI.create("https://localhost:" + server.getPort() + "/1.0/images/"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/octet-stream")
                .header("X-AMS-Request", "{\"name\":\"tls-img\"}")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestTarballs.image())).build();
        assertThat(admin.send(upload, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        assertThat(call(client, "GET", "/1.0/images?recursion=1", null, null).metadata()).hasSize(1);
        assertThat(call(client, "DELETE", "/1.0/images/tls-img", null, null).status()).isEqualTo(202);
        assertThat(call(client, "GET", "/1.0/audit?action=image.delete", null, null).metadata().get(0)
                .path("actor").asText()).startsWith("cert:");

        Api.Reply removed = call(admin, "DELETE", "/1.0/certificates/" + fingerprint, null, ADMIN);
        assertThat(removed.status()).as("AMS answers a certificate delete with an operation").isEqualTo(202);
        assertThat(removed.json().path("type").asText()).isEqualTo("async");
        assertThat(removed.header("Location")).startsWith("/1.0/operations/");
        assertThat(call(client, "GET", "/1.0/images", null, null).status()).isEqualTo(401);
        assertThat(tls).isNotNull();
    }

    @Test
    void aClientWithTheTrustPasswordRegistersItsOwnCertificate() throws Exception {
        ServerCertificate me = ServerCertificate.generate();
        HttpClient client = client(me);
        assertThat(call(client, "POST", "/1.0/certificates", "{\"trust-password\":\"wrong\"}", null).status())
                .isEqualTo(401);
        Api.Reply registered = call(client, "POST", "/1.0/certificates",
                "{\"trust-password\":\"let-me-in\",\"role\":\"viewer\"}", null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        assertThat(call(client, "GET", "/1.0/images", null, null).status()).isEqualTo(200);
        assertThat(call(client, "DELETE", "/1.0/images/anything", null, null).reason()).isEqualTo("forbidden");
    }

    @Test
    void overTlsEveryAnswerTellsTheBrowserToKeepToHttps() throws Exception {
        HttpClient client = client(null);
        assertThat(call(client, "GET", "/1.0", null, null).headers().firstValue("Strict-Transport-Security"))
                .hasValue("max-age=31536000");
        Api.Reply refused = call(client, "GET", "/1.0/images", null, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void theGeneratedServerKeyAndCertificateAreReadableByTheServersUserOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("server.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("server.crt"))))
                .isEqualTo("rw-------");
    }
}
