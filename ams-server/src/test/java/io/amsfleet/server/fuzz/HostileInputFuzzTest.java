package io.amsfleet.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.TestTarballs;
import io.amsfleet.server.support.TestTarballs.Entry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws random and malformed requests at the API — paths, methods, headers, JSON bodies and
 * tarballs — and checks that every answer is an error envelope below 500 (or a normal answer),
 * that none hangs, and that the catalogue is unchanged afterwards. Hostile tarballs are also sent
 * as well-formed uploads, so that they reach the tarball check rather than stop at the request.
 */
class HostileInputFuzzTest {
    private static final String TOKEN = "fuzz-token";
    private static final AtomicInteger TRIED = new AtomicInteger();
    private static final AtomicInteger TARBALLS = new AtomicInteger();
    private static ApplicationContext context;
    private static String base;
    private static String snapshot;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() throws IOException {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.<String, Object>of(
                "micronaut.server.port", -1,
                "ams.data-dir", Files.createTempDirectory("ams-fuzz-").toString(),
                "ams.admin-token", TOKEN,
                "ams.max-image-size", "65536"));
        context = server.getApplicationContext();
        base = "http://127.0.0.1:" + server.getPort();
        Api api = new Api(base, TOKEN);
        api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", "{\"name\":\"fuzz-base\"}");
        api.upload("PATCH", "/1.0/images/fuzz-base", TestTarballs.image());
        api.postJson("/1.0/applications", "{\"name\":\"fuzz-app\",\"image\":\"fuzz-base\",\"image_version\":0}");
        snapshot = catalogue(api);
    }

    @AfterContainer
    static void stop() {
        Api api = new Api(base, TOKEN);
        try {
            assertThat(catalogue(api)).as("the catalogue after %d hostile requests", TRIED.get()).isEqualTo(snapshot);
        } finally {
            System.out.println("hostile-input fuzz: " + TRIED.get() + " requests and " + TARBALLS.get()
                    + " hostile tarball uploads, catalogue unchanged");
            context.close();
        }
    }

    private static String catalogue(Api api) {
        JsonNode images = api.get("/1.0/images?recursion=1").metadata();
        JsonNode apps = api.get("/1.0/applications?recursion=1").metadata();
        return images.toString() + apps.toString();
    }

    record Hostile(String method, String path, String contentType, String token, Map<String, String> headers,
                   byte[] body) {
        @Override
        public String toString() {
            return method + " " + path + " type=" + contentType + " headers=" + headers.keySet() + " body="
                    + body.length + "B";
        }
    }

    @Property(tries = 1500)
    void everyHostileRequestGetsAnEnvelopeBelow500AndChangesNothing(@ForAll("hostile") Hostile h) throws Exception {
        TRIED.incrementAndGet();
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + h.path())).timeout(Duration.ofSeconds(10))
                    .method(h.method(), HttpRequest.BodyPublishers.ofByteArray(h.body()));
        } catch (IllegalArgumentException unsendable) {
            return; // the client library refuses to send it at all
        }
        if (h.contentType() != null) {
            b.header("Content-Type", h.contentType());
        }
        if (h.token() != null) {
            b.header("Authorization", h.token());
        }
        try {
            h.headers().forEach(b::header);
        } catch (IllegalArgumentException unsendable) {
            return;
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", h, r.body()).isLessThan(500);
        if (r.statusCode() >= 400 && !h.method().equals("HEAD")) {
            JsonNode json = Api.JSON.readTree(r.body());
            assertThat(json.path("type").asText()).as("%s -> %s", h, r.body()).isEqualTo("error");
            assertThat(json.path("error_code").asInt()).isEqualTo(r.statusCode());
            assertThat(json.path("metadata").path("reason").asText()).isNotBlank();
        }
    }

    /** A hostile tarball and how it is sent: a new image, or a new version of the existing one. */
    record HostileUpload(boolean newVersion, String layout, byte[] tarball) {
        @Override
        public String toString() {
            return (newVersion ? "PATCH fuzz-base " : "POST ") + layout + " (" + tarball.length + "B)";
        }
    }

    @Property(tries = 600)
    void everyHostileTarballIsRefusedAsAnInvalidImage(@ForAll("hostileUploads") HostileUpload u) throws Exception {
        TARBALLS.incrementAndGet();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + (u.newVersion() ? "/1.0/images/fuzz-base"
                        : "/1.0/images/"))).timeout(Duration.ofSeconds(20))
                .method(u.newVersion() ? "PATCH" : "POST", HttpRequest.BodyPublishers.ofByteArray(u.tarball()))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + TOKEN)
                .header("X-AMS-Request", "{\"name\":\"fuzz-hostile-" + TARBALLS.get() + "\"}");
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", u, r.body()).isBetween(400, 499);
        JsonNode json = Api.JSON.readTree(r.body());
        assertThat(json.path("type").asText()).as("%s -> %s", u, r.body()).isEqualTo("error");
        assertThat(json.path("error_code").asInt()).isEqualTo(r.statusCode());
        assertThat(json.path("metadata").path("reason").asText()).as("%s -> %s", u, r.body()).isEqualTo("invalid_image");
    }

    @Provide
    Arbitrary<HostileUpload> hostileUploads() {
        Arbitrary<List<Entry>> benign = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 99).map(i -> Entry.file("rootfs/f" + i, "x".repeat(i * 13))),
                Arbitraries.of(Entry.dir("rootfs/"), Entry.dir("rootfs/usr/lib/"), Entry.symlink("rootfs/lib", "usr/lib"),
                        Entry.symlink("rootfs/usr/lib/up", "../.."), Entry.file("templates/a.tpl", "{{ x }}")))
                .list().ofMaxSize(6);
        Arbitrary<List<List<Entry>>> hostile = hostileGroup().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<TestTarballs.Compression> compression = Arbitraries.of(TestTarballs.Compression.values());
        // Where the hostile entries go: among the others (before or after metadata.yaml, anywhere),
        // past a cut between two compressed members, or in a second archive in a second member.
        Arbitrary<String> layout = Arbitraries.of("shuffled", "split-members", "second-archive");
        return Combinators.combine(benign, hostile, compression, layout, Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.of(false, true)).as((ok, bad, c, how, seed, patch) -> {
                    java.util.Random random = new java.util.Random(seed);
                    List<List<Entry>> groups = new java.util.ArrayList<>();
                    ok.forEach(e -> groups.add(List.of(e)));
                    groups.add(List.of(Entry.metadata()));
                    if (!how.equals("second-archive")) {
                        groups.addAll(bad);
                    }
                    java.util.Collections.shuffle(groups, random);
                    List<Entry> entries = groups.stream().flatMap(List::stream).toList();
                    List<Entry> hidden = bad.stream().flatMap(List::stream).toList();
                    byte[] plain = TestTarballs.plainTar(entries);
                    byte[] tarball = switch (how) {
                        case "split-members" -> {
                            int cut = random.nextInt(plain.length);
                            yield TestTarballs.concat(TestTarballs.compress(c, Arrays.copyOfRange(plain, 0, cut)),
                                    TestTarballs.compress(c, Arrays.copyOfRange(plain, cut, plain.length)));
                        }
                        case "second-archive" -> TestTarballs.concat(TestTarballs.compress(c, plain),
                                TestTarballs.tar(c, hidden));
                        default -> TestTarballs.compress(c, plain);
                    };
                    return new HostileUpload(patch, c + " " + how + " " + entries + (how.equals("second-archive")
                            ? " then " + hidden : ""), tarball);
                });
    }

    /** Entries that, kept together in this order, make any tarball unacceptable wherever they are. */
    private static Arbitrary<List<Entry>> hostileGroup() {
        Arbitrary<String> climbing = Arbitraries.of("../x", "../../etc/x", "a/../../b", "rootfs/../../x", "/etc/passwd",
                "//etc/x");
        Arbitrary<Entry> one = Arbitraries.oneOf(
                climbing.map(name -> Entry.file(name, "owned")),
                climbing.map(name -> Entry.dir(name + "/")),
                climbing.map(name -> Entry.symlink(name, "x")),
                Arbitraries.of("/etc/passwd", "/", "../..", "../../../x", "x/../../..", "/rootfs/ok")
                        .map(target -> Entry.symlink("rootfs/l", target)),
                Arbitraries.of("/etc/shadow", "../x", "rootfs/never-seen", "rootfs/../../etc/shadow")
                        .map(target -> Entry.hardLink("rootfs/h", target)),
                Arbitraries.of(TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO)
                        .map(type -> Entry.special("rootfs/dev/x", type)),
                Arbitraries.of(Entry.dir("/"), Entry.symlink("metadata.yaml", "rootfs/m"), Entry.dir("metadata.yaml/"),
                        Entry.hardLink("metadata.yaml", "metadata.yaml"), Entry.metadata()));
        // Harmless one by one, not in this order: the path through an earlier symlink, and a hard
        // link that copies a symlink somewhere its relative target means something else.
        Arbitrary<List<Entry>> pairs = Arbitraries.of(
                List.of(Entry.symlink("sub/up", ".."), Entry.file("sub/up/x", "through")),
                List.of(Entry.symlink("sub/up", ".."), Entry.symlink("sub/up/x", "../etc/passwd")),
                List.of(Entry.symlink("x", "."), Entry.symlink("a", "x/y/../..")),
                List.of(Entry.symlink("a", "x/y/../.."), Entry.symlink("x", ".")),
                List.of(Entry.symlink("rootfs/etc/p", "../passwd"), Entry.hardLink("p", "rootfs/etc/p")));
        return Arbitraries.oneOf(one.map(List::of), pairs);
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS");
        Arbitrary<String> path = Arbitraries.oneOf(
                // Existing resources are never named by a mutating request here: every request is
                // malformed or aimed at nothing, so the catalogue must come out unchanged.
                Arbitraries.of("/1.0", "/1.0/images", "/1.0/images/", "/1.0/images/fuzz-gone",
                        "/1.0/images/fuzz-gone/0", "/1.0/images/fuzz-gone/x", "/1.0/applications",
                        "/1.0/applications/fuzz-gone", "/1.0/operations", "/1.0/tokens", "/1.0/audit",
                        "/1.0/tokens/admin", "/"),
                Combinators.combine(Arbitraries.of("/1.0/images/", "/1.0/applications/", "/1.0/operations/",
                        "/1.0/tokens/", "/1.0/"), segment(), Arbitraries.of("", "/", "/0", "/-1", "/x/y", "/wait",
                        "?dry_run=maybe", "?limit=-5", "?offset=x&recursion=9", "?type=phone", "?timeout=abc"))
                        .as((a, s, c) -> a + s + c));
        Arbitrary<String> contentType = Arbitraries.of(null, "application/json", "application/octet-stream",
                "text/plain", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "garbage/");
        Arbitrary<String> token = Arbitraries.of(null, "Bearer " + TOKEN, "Bearer " + TOKEN, "Bearer wrong",
                "Basic dXNlcjpwYXNz", "Bearer ", "bearer " + TOKEN);
        Arbitrary<Map<String, String>> headers = Arbitraries.oneOf(
                Arbitraries.just(Map.of()),
                Arbitraries.strings().ofMaxLength(300).map(s -> Map.of("X-AMS-Request", s)),
                jsonish().map(s -> Map.of("X-AMS-Request", s)),
                Arbitraries.strings().withCharRange('a', 'f').ofMaxLength(80).map(s -> Map.of("X-AMS-Fingerprint", s)),
                Arbitraries.strings().ofMaxLength(60).map(s -> Map.of("If-Match", s)));
        Arbitrary<byte[]> body = Arbitraries.oneOf(
                Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
                jsonish().map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 3000).map(n -> ("{\"a\":".repeat(n) + "1" + "}".repeat(n))
                        .getBytes(StandardCharsets.UTF_8)),
                tarballs());
        return Combinators.combine(method, path, contentType, token, headers, body).as(Hostile::new);
    }

    private static Arbitrary<String> segment() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(5).ofMaxLength(30),
                Arbitraries.of("..", "%2e%2e", "%00", "%ff%fe", "fuzz-base%2F0", "a b", "😀", "%", "'; DROP TABLE images;--",
                        "0000", "dc2n", "x".repeat(300), "fuzz-base%00", "fuzz-base/999999999999"));
    }

    private static Arbitrary<String> jsonish() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(s -> "\"" + s
                        .replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("true", "false", "null", "[]", "{}",
                        "-1", "1e309", "\"fuzz-gone\"", "[{\"image\":\"fuzz-gone\"}]"));
        // No "name": without one, nothing can be created.
        Arbitrary<String> key = Arbitraries.of("image", "image_version", "version", "force", "dry_run",
                "default", "force_sync", "images", "role", "type", "vm", "architecture");
        return Arbitraries.oneOf(
                Combinators.combine(key, value, key, value).as((k1, v1, k2, v2) ->
                        "{\"" + k1 + "\":" + v1 + ",\"" + k2 + "\":" + v2 + "}"),
                Arbitraries.strings().ofMaxLength(100),
                Arbitraries.of("{", "[", "{\"name\":", "{\"images\":[null]}", "{\"images\":[{}]}",
                        "{\"images\":[{\"image\":\"fuzz-base\",\"version\":-3}]}", "\u0000", "{\"name\":\"\\u0000\"}",
                        "{\"name\":\"../x\",\"image\":\"fuzz-base\"}", "{\"name\":\"" + "n".repeat(200) + "\"}"));
    }

    private static Arbitrary<byte[]> tarballs() {
        return Arbitraries.of(TestTarballs.Compression.values()).flatMap(c -> Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200).map(meta -> TestTarballs.tar(c,
                        Map.of("metadata.yaml", meta.getBytes(StandardCharsets.UTF_8)))),
                Arbitraries.of("../x", "/etc/passwd", "./metadata.yaml/..", "a/../../b").map(name -> {
                    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
                    entries.put(name, new byte[]{1});
                    entries.put("metadata.yaml", "architecture: sparc\n".getBytes(StandardCharsets.UTF_8));
                    return TestTarballs.tar(c, entries);
                }),
                Arbitraries.integers().between(0, 511).map(offset -> {
                    byte[] t = TestTarballs.tar(TestTarballs.Compression.NONE, Map.of("metadata.yaml",
                            "architecture: x86_64\n".getBytes(StandardCharsets.UTF_8)));
                    t[offset] ^= 0x5a; // garbage in the tar header
                    return t;
                })));
    }

}
