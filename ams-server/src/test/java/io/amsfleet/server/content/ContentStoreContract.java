package io.amsfleet.server.content;

import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: the content store shared by several processes (a directory or an S3 bucket) never
 * loses content a version references, and never keeps content nothing references. Runs on
 * PostgreSQL, the database several processes share.
 */
public abstract class ContentStoreContract extends ServerTestBase {

    @Override
    protected String database() {
        return "postgresql";
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = super.getProperties();
        // No grace period, so that blobs made by the test count as abandoned at once.
        props.put("ams.content.orphan-grace", "0s");
        return props;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /**
     * A file to install as a blob, beside the store's temporary directory rather than in it: with
     * no grace period, the start-up sweep the server runs in the background takes any file there
     * for an abandoned upload, and the test flaked on it.
     */
    private Path stagedFile(String prefix) throws IOException {
        Path staging = Files.createDirectories(dataDir.resolve("test-staging"));
        return Files.createTempFile(staging, prefix, ".part");
    }

    private String putBlob(byte[] data) throws Exception {
        Path temp = stagedFile("test");
        Files.write(temp, data);
        String sha = sha256(data);
        blobs.put(temp, sha);
        return sha;
    }

    @Test
    void aBlobNoCatalogueRowNamesIsRemovedByTheSweep() throws Exception {
        String orphan = putBlob("left by a process that died before its commit".getBytes());
        assertThat(blobExists(orphan)).isTrue();
        // Written a moment ago, as by a process that died then: a blob stamped in the very
        // millisecond of the sweep is not older than a grace of zero, and the test flaked on it.
        Thread.sleep(20);
        collector.sweep();
        assertThat(blobExists(orphan)).isFalse();
    }

    @Test
    void theSweepNeverRemovesContentThatAVersionReferences() throws Exception {
        String image = upload(unique("kept"));
        addVersion(image);
        collector.sweep();
        assertThat(blobs()).isNotEmpty();
        for (String sha : blobs()) {
            assertThat(sqlCount("SELECT COUNT(*) FROM image_versions WHERE content_sha256 = '" + sha + "'")).isPositive();
        }
        image(image).path("versions").forEach(v -> assertThat(blobExists(v.path("fingerprint").asText())).isTrue());
    }

    @Test
    void aBlobWhoseRegistrationHasNotCommittedYetSurvivesTheSweep() throws Exception {
        byte[] data = "an upload on another process, between its install and its commit".getBytes();
        String sha = sha256(data);
        try (Connection other = DriverManager.getConnection(System.getenv("AMS_TEST_DB_URL"))) {
            other.setAutoCommit(false);
            try (PreparedStatement st = other.prepareStatement(
                    "INSERT INTO content (sha256, size, created_at) VALUES (?, ?, ?)")) {
                st.setString(1, sha);
                st.setLong(2, data.length);
                st.setLong(3, System.currentTimeMillis());
                st.executeUpdate();
            }
            putBlob(data);
            CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(collector::sweep);
            waitUntilSomeoneWaitsForALock();
            assertThat(sweep).as("the sweep waits for the other transaction").isNotDone();
            other.commit();
            sweep.get(30, TimeUnit.SECONDS);
        }
        assertThat(blobExists(sha)).as("the registered blob is still there").isTrue();
        assertThat(sqlCount("SELECT COUNT(*) FROM content WHERE sha256 = '" + sha + "'")).isEqualTo(1);
    }

    private void waitUntilSomeoneWaitsForALock() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (sqlCount("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == 0) {
            assertThat(System.currentTimeMillis()).as("the sweep reached the blob").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aLargeBlobIsStoredAndReadBackByteForByte() throws Exception {
        // Over two multipart parts on S3; one rename on a directory.
        Path temp = stagedFile("large");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(temp)) {
            for (int i = 0; i < 40; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        blobs.put(temp, sha);
        assertThat(temp).as("the temporary file is consumed").doesNotExist();
        MessageDigest readBack = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = blobs.open(sha)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                readBack.update(chunk, 0, n);
                size += n;
            }
        }
        assertThat(size).isEqualTo(40L << 20);
        assertThat(HexFormat.of().formatHex(readBack.digest())).isEqualTo(sha);
    }

    @Test
    void anUploadThroughTheApiLandsInTheStoreUnderItsSha256() throws IOException {
        byte[] tarball = TestTarballs.image();
        assertThat(api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request", "{\"name\":\"stored\"}").status())
                .isEqualTo(202);
        String fingerprint = image("stored").path("versions").get(0).path("fingerprint").asText();
        assertThat(fingerprint).isEqualTo(TestTarballs.sha256(tarball));
        assertThat(blobs()).containsExactly(fingerprint);
        try (InputStream in = blobs.open(fingerprint)) {
            assertThat(in.readAllBytes()).isEqualTo(tarball);
        }
    }
}
