package io.amsfleet.server.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.ServerProcess;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 and the server issue: a {@code kill -9} at any moment leaves at worst unreferenced files,
 * which the next start removes; never a version whose content is missing. The server runs as its
 * own process here, so that it can really be killed.
 */
class CrashRecoveryTest {
    /** What a delete releases is collected at once: the recovery of that collection is what is tested. */
    private static final java.util.Map<String, String> NO_BIN = java.util.Map.of("AMS_TRASH_RETENTION", "0");

    private static final String TOKEN = "crash-token";
    @TempDir
    Path dataDir;
    private ServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.kill();
        }
    }

    private Api start() throws Exception {
        if (server == null) {
            server = new ServerProcess("ams", dataDir, TOKEN, NO_BIN);
        }
        return server.start();
    }

    private void kill() throws InterruptedException {
        server.kill();
    }

    private Set<String> blobs() throws IOException {
        Path root = dataDir.resolve("content/sha256");
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("tmp"))) {
            return files.count();
        }
    }

    private Set<String> referencedFingerprints(Api api) {
        Set<String> out = new HashSet<>();
        for (JsonNode image : api.get("/1.0/images?recursion=1").metadata()) {
            image.path("versions").forEach(v -> out.add(v.path("fingerprint").asText()));
        }
        return out;
    }

    @Test
    void aKillDuringAnUploadLeavesNoHalfVersionAndTheNextStartCleansUp() throws Exception {
        Api api = start();
        api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", "{\"name\":\"keep\"}");
        // An upload that sends a few bytes, then stalls until the server is killed.
        InputStream stalling = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 100_000) {
                    return 'x';
                }
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stopped");
            }
        };
        CompletableFuture.runAsync(() -> {
            try {
                api.send("PATCH", "/1.0/images/keep", HttpRequest.BodyPublishers.ofInputStream(() -> stalling),
                        "Content-Type", "application/octet-stream");
            } catch (RuntimeException expected) {
                // the server dies under it
            }
        });
        long until = System.currentTimeMillis() + 10_000;
        while (tempFiles() == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(tempFiles()).as("the upload had started streaming").isPositive();
        kill();

        Api again = start();
        JsonNode keep = again.get("/1.0/images/keep").metadata();
        assertThat(keep.path("versions")).as("no half version").hasSize(1);
        waitForSweep();
        assertThat(tempFiles()).as("unfinished upload removed").isZero();
        assertThat(blobs()).isEqualTo(referencedFingerprints(again));
        assertThat(again.delete("/1.0/images/keep/0").reason()).as("no busy hold survives").isEqualTo("last_version");
    }

    @Test
    void killsDuringDeletesNeverLeaveAVersionWithoutContent() throws Exception {
        Api api = start();
        api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request", "{\"name\":\"base\"}");
        for (int i = 0; i < 30; i++) {
            api.upload("PATCH", "/1.0/images/base", TestTarballs.image());
        }
        for (int round = 0; round < 3; round++) {
            Api current = api;
            List<Integer> versions = new java.util.ArrayList<>();
            current.get("/1.0/images/base").metadata().path("versions").forEach(v -> versions.add(v.path("version").asInt()));
            CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> {
                for (int v : versions) {
                    try {
                        current.delete("/1.0/images/base/" + v);
                    } catch (RuntimeException dead) {
                        return;
                    }
                }
            });
            Thread.sleep(50 + 40L * round);
            kill();
            deleting.exceptionally(e -> null).get(30, TimeUnit.SECONDS);
            api = start();
            waitForSweep();
            Set<String> referenced = referencedFingerprints(api);
            assertThat(referenced).as("the image keeps at least one version").isNotEmpty();
            assertThat(blobs()).as("every version's content is there, and nothing else").isEqualTo(referenced);
        }
    }

    @Test
    void aSecondProcessOnTheSameEmbeddedDatabaseIsRefusedWithAClearMessage() throws Exception {
        Api first = start();
        ServerProcess second = new ServerProcess("second", dataDir, TOKEN, NO_BIN);
        Process p = second.launch();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the second process gives up").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(second.logText()).contains("is in use by another ams process");
        assertThat(first.get("/1.0/images").status()).as("the first one still serves").isEqualTo(200);
    }

    /** The start-up sweep runs right after start; give it a moment. */
    private void waitForSweep() throws Exception {
        Thread.sleep(1500);
    }
}
