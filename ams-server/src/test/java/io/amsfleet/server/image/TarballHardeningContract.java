package io.amsfleet.server.image;

import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import io.amsfleet.server.support.TestTarballs.Compression;
import io.amsfleet.server.support.TestTarballs.Entry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker's tarball gets: refused with {@code invalid_image}, naming what is wrong, and
 * nothing left behind — whatever the compression, wherever the hostile entry sits, however far it
 * would expand. And the hold an upload has on its image lasts exactly as long as the upload.
 */
public abstract class TarballHardeningContract extends ServerTestBase {
    static final long MAX_UPLOAD = 4L << 20;
    static final long MAX_EXPANDED = 64L << 20;
    static final long RATIO_FLOOR = 4L << 20;
    static final int RATIO = 100;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = super.getProperties();
        props.put("ams.max-image-size", String.valueOf(MAX_UPLOAD));
        props.put("ams.max-expanded-size", String.valueOf(MAX_EXPANDED));
        props.put("ams.max-expansion-ratio", String.valueOf(RATIO));
        props.put("ams.expansion-ratio-floor", String.valueOf(RATIO_FLOOR));
        props.put("ams.upload.lease", "2s");
        props.put("ams.upload.renew-interval", "500ms");
        return props;
    }

    // ---- helpers ----

    private Api.Reply post(byte[] tarball) {
        return api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request", "{\"name\":\"hostile\"}");
    }

    private static byte[] tar(Compression c, Entry... entries) {
        return TestTarballs.tar(c, List.of(entries));
    }

    /** Refused as an invalid image whose message contains {@code says}, and nothing kept. */
    private void assertRefused(Api.Reply r, String says) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("type").asText()).isEqualTo("error");
        assertThat(r.reason()).as(r.toString()).isEqualTo("invalid_image");
        assertThat(r.json().path("error").asText()).as(r.toString()).contains(says);
        assertNothingLeftBehind();
    }

    private void assertNothingLeftBehind() {
        assertThat(sqlCount("SELECT COUNT(*) FROM images")).isZero();
        assertThat(sqlCount("SELECT COUNT(*) FROM image_versions")).isZero();
        assertThat(blobCount()).isZero();
        assertThat(tempFileCount()).isZero();
    }

    private void assertAccepted(Api.Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    // ---- A: every entry, wherever it is ----

    @ParameterizedTest
    @EnumSource(Compression.class)
    void anEntryClimbingOutAfterMetadataYamlIsRefused(Compression c) {
        assertRefused(post(tar(c, Entry.metadata(), Entry.file("../../etc/x", "owned"))), "../../etc/x");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void anAbsoluteEntryAfterMetadataYamlIsRefused(Compression c) {
        assertRefused(post(tar(c, Entry.metadata(), Entry.file("/etc/x", "owned"))), "/etc/x");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aSymlinkToEtcPasswdAfterMetadataYamlIsRefused(Compression c) {
        assertRefused(post(tar(c, Entry.metadata(), Entry.symlink("rootfs/passwd", "/etc/passwd"))), "rootfs/passwd");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aHardLinkToEtcShadowAfterMetadataYamlIsRefused(Compression c) {
        assertRefused(post(tar(c, Entry.metadata(), Entry.hardLink("rootfs/shadow", "/etc/shadow"))), "rootfs/shadow");
    }

    @Test
    void anAbsoluteSymlinkIsRefusedEvenWhenItWouldResolveInside() {
        assertRefused(post(tar(Compression.GZIP, Entry.symlink("rootfs/bin", "/usr/bin"), Entry.metadata())),
                "absolute target");
    }

    @Test
    void aRelativeSymlinkClimbingOutIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.symlink("rootfs/etc/x", "../../../etc"))),
                "points outside the image");
    }

    @Test
    void metadataYamlAsASymlinkIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.file("rootfs/meta", "architecture: x86_64\n"),
                Entry.symlink("metadata.yaml", "rootfs/meta"))), "metadata.yaml must be a regular file");
    }

    @Test
    void metadataYamlAsAHardLinkIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.file("rootfs/meta", "architecture: x86_64\n"),
                Entry.hardLink("metadata.yaml", "rootfs/meta"))), "metadata.yaml must be a regular file");
    }

    @Test
    void aSecondMetadataYamlIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.file("./metadata.yaml", "architecture: arm64\n"))),
                "two metadata.yaml");
    }

    @Test
    void theTwoStepSymlinkTrickIsRefused() {
        // Each link alone resolves inside; unpacked in order, sub/up/x lands in ../etc/passwd's place.
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.dir("sub/"), Entry.symlink("sub/up", ".."),
                Entry.symlink("sub/up/x", "../etc/passwd"))), "goes through or replaces an earlier symlink");
    }

    @Test
    void aFileWrittenThroughAnEarlierSymlinkIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.symlink("rootfs/lib", "usr/lib"),
                Entry.file("rootfs/lib/evil.so", "x"))), "goes through or replaces an earlier symlink");
    }

    @Test
    void aSymlinkWhoseTargetPassesThroughALaterSymlinkIsRefused() {
        // a -> x/y/../.. is the root read lexically; once x -> . exists it is the root's parent.
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.symlink("a", "x/y/../.."),
                Entry.symlink("x", "."))), "redirects an earlier symlink's target");
    }

    @Test
    void aSymlinkWhoseTargetPassesThroughAnEarlierSymlinkIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.symlink("x", "."),
                Entry.symlink("a", "x/y/../.."))), "points through another symlink");
    }

    @Test
    void aHardLinkClimbingOutIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.hardLink("rootfs/h", "../etc/shadow"))),
                "points outside the image");
    }

    @Test
    void aHardLinkToNoEarlierEntryIsRefused() {
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.hardLink("rootfs/h", "rootfs/later"),
                Entry.file("rootfs/later", "x"))), "not an earlier entry");
    }

    @Test
    void aHardLinkToASymlinkIsRefused() {
        // The copy would read "../passwd" from the top, outside the image.
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.symlink("rootfs/etc/p", "../passwd"),
                Entry.hardLink("p", "rootfs/etc/p"))), "points to or through a symlink");
    }

    @ParameterizedTest
    @ValueSource(bytes = {TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO})
    void devicesAndFifosAreRefused(byte type) {
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(), Entry.special("rootfs/dev/sda", type))),
                "device or a fifo");
    }

    @Test
    void anEntryWithMoreThanAMebibyteOfHeadersIsRefused() {
        // Commons Compress holds a long name in memory whole: here a 2 MiB GNU long-name record.
        byte[] longName = ("rootfs/" + "a".repeat(2 << 20) + "\0").getBytes(StandardCharsets.US_ASCII);
        assertRefused(post(tar(Compression.GZIP, Entry.metadata(),
                new Entry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, null, longName), Entry.file("x", "x"))),
                "bytes of headers");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ"})
    void aHostileEntryInASecondCompressedMemberIsRefused(Compression c) {
        byte[] first = TestTarballs.tar(c, List.of(Entry.metadata(), Entry.file("rootfs/a", "a")));
        byte[] hidden = TestTarballs.tar(c, List.of(Entry.symlink("rootfs/passwd", "/etc/passwd")));
        assertRefused(post(TestTarballs.concat(first, hidden)), "rootfs/passwd");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ"})
    void aSecondArchiveInASecondCompressedMemberIsRefused(Compression c) {
        byte[] first = TestTarballs.tar(c, List.of(Entry.metadata()));
        byte[] hidden = TestTarballs.tar(c, List.of(Entry.file("rootfs/innocent", "x")));
        assertRefused(post(TestTarballs.concat(first, hidden)), "data after the end of its tar archive");
    }

    /** One tar cut after its first kilobyte, each piece compressed as its own member (as pigz and pbzip2 write). */
    private static byte[] splitIntoMembers(Compression c, Entry... entries) {
        byte[] plain = TestTarballs.plainTar(List.of(entries));
        int cut = 1000;
        return TestTarballs.concat(TestTarballs.compress(c, Arrays.copyOfRange(plain, 0, cut)),
                TestTarballs.compress(c, Arrays.copyOfRange(plain, cut, plain.length)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ"})
    void aTarSplitAcrossCompressedMembersIsAccepted(Compression c) {
        assertAccepted(post(splitIntoMembers(c, Entry.metadata(), Entry.file("rootfs/a", "a".repeat(5000)),
                Entry.symlink("rootfs/b", "a"))));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ"})
    void aHostileEntryPastTheCutBetweenMembersIsRefused(Compression c) {
        assertRefused(post(splitIntoMembers(c, Entry.metadata(), Entry.file("rootfs/a", "a".repeat(5000)),
                Entry.symlink("rootfs/b", "/etc/shadow"))), "rootfs/b");
    }

    @Test
    void aHostileEntryInASecondArchiveAfterAPlainTarIsRefused() {
        byte[] tar = TestTarballs.plainTar(List.of(Entry.metadata()));
        byte[] second = TestTarballs.plainTar(List.of(Entry.symlink("rootfs/passwd", "/etc/passwd")));
        assertRefused(post(TestTarballs.concat(tar, second)), "rootfs/passwd");
    }

    @Test
    void garbageAfterTheEndOfTheTarIsRefused() {
        byte[] tar = TestTarballs.plainTar(List.of(Entry.metadata()));
        byte[] garbage = "not a tar at all".repeat(64).getBytes(StandardCharsets.US_ASCII);
        assertRefused(post(TestTarballs.concat(tar, garbage)), "data after the end of its tar archive");
    }

    @Test
    void zeroPaddingAfterTheEndOfTheTarIsAccepted() {
        byte[] tar = TestTarballs.plainTar(List.of(Entry.metadata(), Entry.file("rootfs/a", "a")));
        assertAccepted(post(TestTarballs.concat(tar, new byte[64 * 1024])));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void anImageWithLinksThatStayInsideIsAccepted(Compression c) {
        assertAccepted(post(tar(c, Entry.dir("rootfs/"), Entry.dir("rootfs/usr/lib/"),
                Entry.file("rootfs/usr/lib/libc.so", "elf"), Entry.symlink("rootfs/lib", "usr/lib"),
                Entry.symlink("rootfs/usr/lib/libc.so.6", "libc.so"), Entry.symlink("rootfs/usr/lib/up", "../.."),
                Entry.hardLink("rootfs/usr/lib/libc-copy.so", "rootfs/usr/lib/libc.so"),
                Entry.metadata(), Entry.file("templates/hosts.tpl", "127.0.0.1 localhost"))));
    }

    // ---- B: bombs ----

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ"})
    void aCompressionBombIsRefusedAtTheExpansionRatio(Compression c) {
        byte[] bomb = TestTarballs.zeros(c, 0, 32L << 20);
        long started = System.nanoTime();
        Api.Reply r = post(bomb);
        assertRefused(r, "AMS_MAX_EXPANSION_RATIO");
        assertThat(r.json().path("metadata").path("setting").asText()).isEqualTo("AMS_MAX_EXPANSION_RATIO");
        assertThat(r.json().path("metadata").path("limit").asLong()).isEqualTo(RATIO_FLOOR);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds to refuse").isLessThan(5);
    }

    @Test
    void aCompressionBombAfterTheEndOfTheTarIsRefusedAtTheExpansionRatio() {
        // Zeros after the end are padding, but they are decompressed like anything else.
        byte[] tar = TestTarballs.compress(Compression.GZIP, TestTarballs.plainTar(List.of(Entry.metadata())));
        byte[] padding = TestTarballs.compress(Compression.GZIP, new byte[32 << 20]);
        assertRefused(post(TestTarballs.concat(tar, padding)), "AMS_MAX_EXPANSION_RATIO");
    }

    @Test
    void aTarballExpandingPastTheExpandedSizeLimitIsRefused() {
        // Enough noise that the ratio stays under 100: only the absolute limit can stop it.
        byte[] big = TestTarballs.zeros(Compression.GZIP, 800 * 1024, MAX_EXPANDED);
        assertThat(big.length).isLessThan((int) MAX_UPLOAD);
        assertThat((MAX_EXPANDED + 800 * 1024) / big.length).isLessThan(RATIO);
        Api.Reply r = post(big);
        assertRefused(r, "AMS_MAX_EXPANDED_SIZE");
        assertThat(r.json().path("metadata").path("limit").asLong()).isEqualTo(MAX_EXPANDED);
    }

    @Test
    void aSmallTarballThatCompressesFarBetterThanTheRatioIsAccepted() {
        // Under the floor the ratio does not apply: a tar of one small file is mostly zero padding.
        byte[] small = TestTarballs.zeros(Compression.GZIP, 0, RATIO_FLOOR / 2);
        assertThat((RATIO_FLOOR / 2) / small.length).isGreaterThan(RATIO);
        assertAccepted(post(small));
    }

    /** Sent without a length (chunked): the check cannot know the tarball's size until its end. */
    private Api.Reply postOfUnknownLength(byte[] tarball) {
        return api.send("POST", "/1.0/images/", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(tarball)), "X-AMS-Request", "{\"name\":\"chunked\"}",
                "Content-Type", "application/octet-stream");
    }

    @Test
    void aTarballWhoseBeginningExpandsFarIsJudgedOnItsWholeSizeWhetherOrNotItsLengthIsDeclared() {
        byte[] tarball = TestTarballs.farExpandingAtFirst();
        assertThat(tarball.length).isLessThan((int) MAX_UPLOAD);
        assertAccepted(postOfUnknownLength(tarball));
        assertAccepted(api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request", "{\"name\":\"declared\"}"));
    }

    @Test
    void aCompressionBombOfUnknownLengthIsRefusedAtTheExpansionRatio() {
        Api.Reply r = postOfUnknownLength(TestTarballs.zeros(Compression.GZIP, 0, 32L << 20));
        assertRefused(r, "AMS_MAX_EXPANSION_RATIO");
        assertThat(r.json().path("metadata").path("limit").asLong()).isEqualTo(RATIO_FLOOR);
    }

    /**
     * The check reads the body as it arrives: a hostile first entry is refused when the first
     * mebibyte has arrived, while the client is still sending the rest (slowly: 64 slices of
     * 28 KiB, 100 ms apart, after the first 1.25 MiB).
     */
    @Test
    void aHostileFirstEntryIsRefusedBeforeTheBodyHasArrived() throws Exception {
        byte[] noise = new byte[3 << 20];
        new Random(4).nextBytes(noise);
        byte[] tarball = tar(Compression.NONE, new Entry("../../etc/x", TarConstants.LF_NORMAL, null, noise));
        assertThat(tarball.length).isLessThan((int) MAX_UPLOAD);
        int first = 5 << 18;
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /1.0/images/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_TOKEN
                    + "\r\nContent-Type: application/octet-stream\r\nX-AMS-Request: {\"name\":\"early\"}\r\n"
                    + "Content-Length: " + tarball.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(tarball, 0, first);
            out.flush();
            AtomicInteger sent = new AtomicInteger(first);
            CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> {
                int slice = (tarball.length - first) / 64 + 1;
                try {
                    while (sent.get() < tarball.length) {
                        Thread.sleep(100);
                        int n = Math.min(slice, tarball.length - sent.get());
                        out.write(tarball, sent.get(), n);
                        out.flush();
                        sent.addAndGet(n);
                    }
                } catch (IOException | InterruptedException closedByTheServer) {
                    // the server answered and stopped reading: the rest is not wanted
                }
            });
            String reply = readReply(socket.getInputStream());
            int sentWhenAnswered = sent.get();
            assertThat(reply).startsWith("HTTP/1.1 400").contains("invalid_image").contains("../../etc/x");
            assertThat(sentWhenAnswered).as("bytes sent when the server answered").isLessThan(tarball.length);
            socket.close();
            rest.get(30, TimeUnit.SECONDS);
        }
        assertNothingLeftBehind();
    }

    /** An HTTP/1.1 reply's head and, when it says its length, its body. */
    private static String readReply(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Within every limit but slow to check: 110,000 directories take the server about half a
     * second to walk, far longer than it takes to see a closed connection.
     */
    private static byte[] slowToCheck() {
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.metadata());
        for (int i = 0; i < 110_000; i++) {
            entries.add(Entry.dir("rootfs/d" + i + "/"));
        }
        byte[] tarball = TestTarballs.tar(Compression.GZIP, entries);
        assertThat(tarball.length).isLessThan((int) MAX_UPLOAD);
        return tarball;
    }

    @Test
    void anUploadWhoseClientHasGoneIsAbandoned() throws Exception {
        byte[] slow = slowToCheck();
        assertAccepted(api.upload("POST", "/1.0/images/", slow, "X-AMS-Request", "{\"name\":\"patient\"}"));
        sql("DELETE FROM audit_events");
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /1.0/images/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_TOKEN
                    + "\r\nContent-Type: application/octet-stream\r\nX-AMS-Request: {\"name\":\"gone\"}\r\n"
                    + "Content-Length: " + slow.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(slow);
            out.flush();
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (sqlCount("SELECT COUNT(*) FROM audit_events WHERE action = 'image.upload'") == 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(tx.read(() -> db.list("SELECT status, reason FROM audit_events WHERE action = 'image.upload'",
                rs -> rs.getInt(1) + " " + rs.getString(2)))).as("the abandoned upload's audit record")
                .containsExactly("400 bad_request");
        assertThat(imageExists("gone")).isFalse();
        assertThat(sqlCount("SELECT COUNT(*) FROM images")).isOne();
        assertThat(tempFileCount()).isZero();
    }

    // ---- C: the hold lasts as long as the upload ----

    @Test
    void anUploadTricklingForLongerThanTheLeaseKeepsItsHold() throws Exception {
        String id = upload(unique("slow"));
        byte[] tarball = TestTarballs.image();
        // 4 s of trickle, twice the 2 s lease.
        CompletableFuture<HttpResponse<String>> trickling = CompletableFuture.supplyAsync(() -> {
            HttpRequest.Builder b = api.request("/1.0/images/" + id).header("Content-Type", "application/octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new Trickle(tarball, 40, 100)));
            try {
                return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3000);
        Api.Reply meanwhile = api.upload("PATCH", "/1.0/images/" + id, TestTarballs.image());
        assertThat(meanwhile.status()).as(meanwhile.toString()).isEqualTo(409);
        assertThat(meanwhile.reason()).isEqualTo("image_busy");
        HttpResponse<String> done = trickling.get(30, TimeUnit.SECONDS);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(202);
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    @Test
    void theHoldGoesWithTheUpload() {
        String id = upload(unique("held"));
        assertThat(api.upload("PATCH", "/1.0/images/" + id, tar(Compression.GZIP, Entry.metadata(),
                Entry.symlink("x", "/etc/passwd"))).status()).isEqualTo(400);
        assertThat(sqlCount("SELECT COUNT(*) FROM images WHERE busy_operation IS NOT NULL")).isZero();
        assertThat(api.upload("PATCH", "/1.0/images/" + id, TestTarballs.image()).status()).isEqualTo(202);
        assertThat(sqlCount("SELECT COUNT(*) FROM images WHERE busy_operation IS NOT NULL")).isZero();
    }

    /** Hands out its bytes in {@code pieces} slices, one every {@code pauseMillis}. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int slice;
        private final long pauseMillis;
        private int next;

        Trickle(byte[] data, int pieces, long pauseMillis) {
            this.data = data;
            this.slice = Math.max(1, data.length / pieces + 1);
            this.pauseMillis = pauseMillis;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (next >= data.length) {
                return -1;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            int n = Math.min(Math.min(len, slice), data.length - next);
            System.arraycopy(data, next, b, off, n);
            next += n;
            return n;
        }
    }
}
