package io.amsfleet.server.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.AmsSchema;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.RawHttp;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import io.amsfleet.server.support.TestTarballs.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads, lookups, listing and the error envelope, through the HTTP API on H2 and PostgreSQL. */
@org.junit.jupiter.api.extension.ExtendWith(AmsSchema.SkipReport.class)
public abstract class CatalogueApiContract extends ServerTestBase {

    private void assertNothingLeftBehind() {
        assertThat(sqlCount("SELECT COUNT(*) FROM images")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM image_versions")).isZero();
        assertThat(blobCount()).isZero();
        assertThat(tempFileCount()).isZero();
    }

    private static void assertError(Api.Reply r, int status, String reason) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json()).as(r.toString()).isNotNull();
        assertThat(r.json().path("type").asText()).isEqualTo("error");
        assertThat(r.json().path("error_code").asInt()).isEqualTo(status);
        assertThat(r.reason()).isEqualTo(reason);
    }

    @Test
    void anUploadCreatesAnImageWithVersionZeroThatMatchesTheAmsSchema() {
        byte[] tarball = TestTarballs.image(Compression.GZIP, "arm64", "x");
        Api.Reply r = api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request", "{\"name\":\"foo\"}",
                "X-AMS-Fingerprint", TestTarballs.sha256(tarball));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(AmsSchema.problems("Operation", r.metadata())).isEmpty();
        JsonNode image = image("foo");
        assertThat(AmsSchema.problems("Image", image)).isEmpty();
        assertThat(AmsSchema.problems("ImageVersion", image.path("versions").get(0))).isEmpty();
        assertThat(image.path("id").asText()).matches("[0-9a-v]{20}");
        assertThat(image.path("architecture").asText()).isEqualTo("aarch64");
        assertThat(image.path("type").asText()).isEqualTo("container");
        assertThat(image.path("variant").asText()).isEqualTo("android");
        assertThat(image.path("default").asBoolean()).as("first image of its type").isTrue();
        assertThat(image.path("status").asText()).isEqualTo("active");
        JsonNode v0 = image.path("versions").get(0);
        assertThat(v0.path("version").asInt()).isZero();
        assertThat(v0.path("fingerprint").asText()).isEqualTo(TestTarballs.sha256(tarball));
        assertThat(v0.path("size").asLong()).isEqualTo(tarball.length);
        assertThat(blobExists(TestTarballs.sha256(tarball))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void uploadsAcceptGzipBzip2XzAndPlainTar(Compression compression) {
        byte[] tarball = TestTarballs.image(compression, "x86_64", compression.name());
        Api.Reply r = api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request",
                "{\"name\":\"" + compression.name().toLowerCase() + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    @Test
    void anUploadWithoutMetadataYamlIsRejectedAndLeavesNothing() {
        byte[] tarball = TestTarballs.tar(Compression.GZIP, Map.of("rootfs/x", new byte[]{1}));
        assertError(api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request", "{\"name\":\"foo\"}"), 400,
                "invalid_image");
        assertNothingLeftBehind();
    }

    @Test
    void anUploadThatIsNotATarballIsRejectedAndLeavesNothing() {
        assertError(api.upload("POST", "/1.0/images/", "just some text".getBytes(), "X-AMS-Request",
                "{\"name\":\"foo\"}"), 400, "invalid_image");
        assertNothingLeftBehind();
    }

    @Test
    void anEntryPointingOutsideTheImageIsRejected() {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("../../etc/passwd", new byte[]{1});
        entries.put("metadata.yaml", "architecture: x86_64\n".getBytes());
        byte[] tarball = TestTarballs.tar(Compression.GZIP, entries);
        assertError(api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request", "{\"name\":\"foo\"}"), 400,
                "invalid_image");
        assertNothingLeftBehind();
    }

    @Test
    void aFingerprintMismatchIsRejectedAndLeavesNothing() {
        assertError(api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", "{\"name\":\"foo\"}",
                "X-AMS-Fingerprint", "0".repeat(64)), 400, "fingerprint_mismatch");
        assertNothingLeftBehind();
    }

    @Test
    void anUploadOverTheSizeLimitIsRejectedWith413AndLeavesNothing() {
        byte[] big = TestTarballs.image(Compression.NONE, "x86_64", "y".repeat((int) MAX_IMAGE_SIZE));
        assertError(api.upload("POST", "/1.0/images/", big, "X-AMS-Request", "{\"name\":\"foo\"}"), 413,
                "payload_too_large");
        assertNothingLeftBehind();
    }

    /**
     * A client that reads its answer only once it has written the whole body (the JDK's HttpClient
     * does) must not find the connection reset under it: the server goes on reading, and drops,
     * what it still sends after the refusal.
     */
    @Test
    void aClientStillSendingAnUploadOverTheLimitAfterTheRefusalIsNotResetAndReadsIt() throws Exception {
        long declared = 4 * MAX_IMAGE_SIZE;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(RawHttp.uploadHead(ADMIN_TOKEN, "foo", declared));
            byte[] chunk = new byte[1 << 16];
            out.write(chunk);
            int first = in.read();
            // The refusal has been sent, and the server has had time to close: the rest of the body
            // now arrives after it, as from a client that does not look before it has sent all.
            Thread.sleep(200);
            for (long sent = chunk.length; sent < declared; sent += chunk.length) {
                out.write(chunk);
            }
            String answer = (char) first + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("\"reason\":\"payload_too_large\"");
        }
        assertNothingLeftBehind();
    }

    /** A client that asks before sending (curl, amc) is refused before it sends anything. */
    @Test
    void anUploadOverTheLimitThatExpectsContinueIsRefusedWithoutAskingForTheBody() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(RawHttp.uploadHead(ADMIN_TOKEN, "foo", MAX_IMAGE_SIZE + 1,
                    "Expect: 100-continue"));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("\"reason\":\"payload_too_large\"");
        }
        assertNothingLeftBehind();
    }

    /** An upload the server takes is asked for, then received as without the expectation. */
    @Test
    void anUploadThatExpectsContinueIsAskedForItsBodyAndAccepted() throws Exception {
        byte[] tarball = TestTarballs.image();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(RawHttp.uploadHead(ADMIN_TOKEN, "foo", tarball.length, "Expect: 100-continue",
                    "Connection: close"));
            String interim = "HTTP/1.1 100 Continue\r\n\r\n";
            assertThat(in.readNBytes(interim.length())).asString(java.nio.charset.StandardCharsets.ISO_8859_1)
                    .isEqualTo(interim);
            out.write(tarball);
            String answer = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 202");
        }
        assertThat(versionNumbers("foo")).containsExactly(0);
    }

    @Test
    void anUploadWithoutARequestHeaderOrWithABadOneIsABadRequest() {
        assertError(api.upload("POST", "/1.0/images/", TestTarballs.image()), 400, "bad_request");
        assertError(api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", "{not json"), 400,
                "bad_request");
        assertError(api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request",
                "{\"name\":\"../evil\"}"), 400, "bad_request");
        assertError(api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request",
                "{\"name\":\"ok\",\"type\":\"phone\"}"), 400, "bad_request");
        assertNothingLeftBehind();
    }

    @Test
    void uploadingAnExistingNameIsAConflict() {
        upload("foo");
        assertError(api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", "{\"name\":\"foo\"}"),
                409, "already_exists");
        assertThat(versionNumbers("foo")).containsExactly(0);
    }

    @Test
    void theSameNameMayExistOnceAsContainerAndOnceAsVm() {
        String container = upload("foo");
        String vm = upload("foo", "type", "\"vm\"");
        assertThat(image("foo").path("id").asText()).isEqualTo(container);
        assertThat(api.get("/1.0/images/foo?type=vm").metadata().path("id").asText()).isEqualTo(vm);
        assertThat(api.get("/1.0/images/foo?type=vm").metadata().path("default").asBoolean())
                .as("first vm image").isTrue();
    }

    @Test
    void imagesAreFoundByIdByNameAndByAUniqueIdPrefix() {
        String id = upload("foo");
        assertThat(image(id).path("name").asText()).isEqualTo("foo");
        assertThat(image("foo").path("id").asText()).isEqualTo(id);
        sql("UPDATE images SET id = 'vvvv" + id.substring(4) + "' WHERE name = 'foo'");
        assertThat(image("vvvv" + id.substring(4, 8)).path("name").asText()).isEqualTo("foo");
    }

    @Test
    void anAmbiguousIdPrefixIsRefusedListingTheMatches() {
        String a = upload("a");
        upload("b");
        sql("UPDATE images SET id = 'uuuu" + a.substring(4) + "' WHERE name = 'a'",
                "UPDATE images SET id = 'uuuu" + a.substring(4, 19) + "x' WHERE name = 'b'");
        Api.Reply r = api.get("/1.0/images/uuuu");
        assertError(r, 400, "ambiguous");
        assertThat(r.metadata().path("matches")).hasSize(2);
        assertError(api.delete("/1.0/images/uuuu"), 400, "ambiguous");
        assertThat(sqlCount("SELECT COUNT(*) FROM images")).isEqualTo(2);
    }

    @Test
    void theListPagesWithOffsetAndLimitAndCountsAllMatches() {
        for (int i = 0; i < 5; i++) {
            upload("img-" + i);
        }
        upload("vm-1", "type", "\"vm\"");
        Api.Reply page = api.get("/1.0/images?recursion=1&type=container&offset=1&limit=2");
        assertThat(page.json().path("total_size").asLong()).isEqualTo(5);
        assertThat(page.metadata()).hasSize(2);
        assertThat(page.metadata().get(0).path("name").asText()).isEqualTo("img-1");
        page.metadata().forEach(i -> assertThat(AmsSchema.problems("Image", i)).isEmpty());
        Api.Reply urls = api.get("/1.0/images");
        assertThat(urls.json().path("total_size").asLong()).isEqualTo(6);
        assertThat(urls.metadata().get(0).asText()).startsWith("/1.0/images/");
        assertThat(api.get("/1.0/images?recursion=1&default=true").metadata()).hasSize(2);
        assertThat(api.get("/1.0/images?recursion=1&name=img-3").metadata().get(0).path("name").asText())
                .isEqualTo("img-3");
        Api.Reply prefixed = api.get("/1.0/images?recursion=1&name_prefix=img-&limit=2");
        assertThat(prefixed.json().path("total_size").asLong()).isEqualTo(5);
        assertThat(prefixed.metadata()).hasSize(2);
        assertThat(api.get("/1.0/images?name_prefix=img_%25").json().path("total_size").asLong())
                .as("LIKE wildcards are taken literally").isZero();
        assertError(api.get("/1.0/images?limit=lots"), 400, "bad_request");
    }

    @Test
    void operationsCanBeReadAndWaitedOn() {
        Api.Reply r = api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", "{\"name\":\"foo\"}");
        String op = r.json().path("operation").asText();
        Api.Reply got = api.get(op);
        assertThat(got.status()).isEqualTo(200);
        assertThat(AmsSchema.problems("Operation", got.metadata())).isEmpty();
        Api.Reply waited = api.get(op + "/wait?timeout=5");
        assertThat(waited.metadata().path("status").asText()).isEqualTo("Success");
        assertThat(waited.metadata().path("err").isTextual()).as("err is always there").isTrue();
        assertError(api.get("/1.0/operations/00000000-0000-0000-0000-000000000000"), 404, "not_found");
    }

    @Test
    void theServiceVersionIsAnsweredToAnyoneAsAmsShapesIt() {
        Api.Reply r = api.withToken(null).get("/1.0/version");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.metadata().path("version").asText()).matches("[0-9]+\\.[0-9]+\\.[0-9]+.*");
        assertThat(AmsSchema.problems("VersionResponse", r.metadata())).isEmpty();
    }

    @Test
    void everyErrorIsAnErrorEnvelope() {
        assertError(api.get("/1.0/nothing-here"), 404, "not_found");
        assertError(api.send("PUT", "/1.0/images", java.net.http.HttpRequest.BodyPublishers.noBody()), 405,
                "method_not_allowed");
        assertError(api.patchJson("/1.0/images/foo", "{\"default\": tru"), 400, "bad_request");
        assertError(api.postJson("/1.0/applications", "[1,2"), 400, "bad_request");
        assertError(api.send("POST", "/1.0/applications", java.net.http.HttpRequest.BodyPublishers.ofString("x"),
                "Content-Type", "text/csv"), 415, "unsupported_media_type");
        assertError(api.withToken(null).get("/1.0/images"), 401, "unauthorized");
        assertError(api.withToken("wrong").delete("/1.0/images/foo"), 401, "unauthorized");
        assertThat(api.withToken(null).get("/1.0").metadata().path("auth").asText()).isEqualTo("untrusted");
        assertThat(api.get("/1.0").metadata().path("auth").asText()).isEqualTo("trusted");
        assertThat(api.get("/1.0").metadata().path("role").asText()).isEqualTo("admin");
        assertThat(api.withToken(null).get("/1.0").metadata().has("role")).isFalse();
    }

    /**
     * As a browser sends it: the whole declared body, without waiting for an answer first. The
     * refusal comes before the body is read, and the connection is closed after it, so that a
     * client still sending reads the answer and its end instead of waiting on a socket nobody
     * reads.
     */
    @Test
    void anUploadRefusedBeforeItsBodyIsReadClosesTheConnection() throws Exception {
        upload("synced");
        sql("UPDATE images SET immutable = TRUE WHERE name = 'synced'");
        long declared = MAX_IMAGE_SIZE; // within the limit, so that the refusal is immutability's
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("PATCH /1.0/images/synced HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_TOKEN
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            // All but the last byte: a server that neither reads the body nor closes leaves the read
            // below waiting for the rest of an answer that never ends.
            byte[] chunk = new byte[1 << 12];
            try {
                for (long sent = 0; sent + chunk.length < declared; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (java.io.IOException closed) {
                // The server stopped reading what was left of the body: allowed, as long as the
                // answer below was sent whole.
            }
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 409");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
            assertThat(answer).contains("\"reason\":\"image_immutable\"");
        }
        assertThat(versionNumbers("synced")).containsExactly(0);
    }
}
