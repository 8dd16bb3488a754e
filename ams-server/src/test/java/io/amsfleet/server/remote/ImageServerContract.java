package io.amsfleet.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.FixtureImageServer;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Synced, immutable images from a simplestreams image server, with lazy download. */
public abstract class ImageServerContract extends ServerTestBase {
    private static final String NAME = "jammy:android13:amd64";
    @Inject
    ImageSync sync;
    private FixtureImageServer images;
    private byte[] release1;

    @BeforeEach
    void imageServer() throws Exception {
        sql("DELETE FROM remote_tombstones", "DELETE FROM config");
        images = new FixtureImageServer();
        release1 = TestTarballs.image();
        images.publish(NAME, "20261101", release1);
        Api.Reply set = api.patchJson("/1.0/config", "{\"name\":\"images.url\",\"value\":\"" + images.url() + "\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(202);
    }

    @AfterEach
    void stopImageServer() {
        images.close();
    }

    private JsonNode waitFor(Api.Reply started) {
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return api.get(started.json().path("operation").asText() + "/wait?timeout=30").metadata();
    }

    @Test
    void theFirstSyncCreatesAvailableImmutableImagesWithoutDownloading() {
        ImageSync.Report report = sync.syncAll();
        assertThat(report.imagesCreated()).isEqualTo(1);
        JsonNode image = image(NAME);
        assertThat(image.path("immutable").asBoolean()).isTrue();
        assertThat(image.path("status").asText()).isEqualTo("available");
        assertThat(image.path("architecture").asText()).isEqualTo("x86_64");
        JsonNode v0 = image.path("versions").get(0);
        assertThat(v0.path("version").asInt()).isZero();
        assertThat(v0.path("remote_id").asText()).isEqualTo("20261101");
        assertThat(v0.path("status").asText()).isEqualTo("available");
        assertThat(v0.path("size").asLong()).isEqualTo(release1.length);
        assertThat(v0.path("fingerprint").asText()).isEqualTo(TestTarballs.sha256(release1));
        assertThat(blobCount()).as("nothing downloaded yet").isZero();
        assertThat(api.get("/1.0/config").metadata().path("config").path("images.url").asText()).isEqualTo(images.url());
    }

    @Test
    void aNewReleaseBecomesTheNextVersion() {
        sync.syncAll();
        images.publish(NAME, "20261201", TestTarballs.image());
        assertThat(sync.syncAll().versionsAdded()).isEqualTo(1);
        assertThat(versionNumbers(NAME)).containsExactly(0, 1);
        assertThat(image(NAME).path("versions").get(1).path("remote_id").asText()).isEqualTo("20261201");
        assertThat(sync.syncAll().versionsAdded()).as("a sync with nothing new adds nothing").isZero();
    }

    @Test
    void creatingAnApplicationDownloadsTheContentFirst() {
        sync.syncAll();
        JsonNode op = waitFor(api.postJson("/1.0/applications", "{\"name\":\"app\",\"image\":\"" + NAME + "\"}"));
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("Success");
        JsonNode v0 = image(NAME).path("versions").get(0);
        assertThat(v0.path("status").asText()).isEqualTo("active");
        assertThat(blobExists(TestTarballs.sha256(release1))).isTrue();
        assertThat(api.get("/1.0/applications/app").metadata().path("versions").get(0).path("parent_image_version")
                .asInt()).isZero();
    }

    @Test
    void aDownloadedReleaseUpdatesApplicationsAsAnUploadDoes() {
        sync.syncAll();
        assertThat(waitFor(api.postJson("/1.0/applications", "{\"name\":\"follows\",\"image\":\"" + NAME
                + "\"}")).path("status").asText()).isEqualTo("Success");
        assertThat(waitFor(api.postJson("/1.0/applications", "{\"name\":\"stays\",\"image\":\"" + NAME
                + "\"}")).path("status").asText()).isEqualTo("Success");
        assertThat(api.patchJson("/1.0/applications/stays", "{\"inhibit_auto_updates\":true}").status())
                .isEqualTo(202);
        images.publish(NAME, "20261201", TestTarballs.image());
        sync.syncAll();
        assertThat(api.get("/1.0/applications/follows").metadata().path("versions").size())
                .as("a synced version has no content to build on until it is downloaded").isEqualTo(1);

        JsonNode op = waitFor(api.patchJson("/1.0/images/" + NAME, "{\"force_sync\":true}"));
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("Success");
        JsonNode follows = api.get("/1.0/applications/follows").metadata().path("versions");
        assertThat(follows.size()).isEqualTo(2);
        assertThat(follows.get(1).path("parent_image_version").asInt()).isEqualTo(1);
        assertThat(follows.get(1).path("status").asText()).isEqualTo("active");
        assertThat(api.get("/1.0/applications/stays").metadata().path("versions").size()).isEqualTo(1);
    }

    @Test
    void aDownloadForAnApplicationIsAUseOfTheVersion() {
        sync.syncAll();
        assertThat(image(NAME).path("versions").get(0).path("last_used_at").isNull()).isTrue();
        waitFor(api.postJson("/1.0/applications", "{\"name\":\"user\",\"image\":\"" + NAME + "\"}"));
        assertThat(image(NAME).path("versions").get(0).path("last_used_at").asText()).matches("\\d{4}-.*Z");
    }

    @Test
    void aDownloadBySyncIsNoUse() {
        sync.syncAll();
        waitFor(api.patchJson("/1.0/images/" + NAME, "{\"force_sync\":true}"));
        JsonNode v0 = image(NAME).path("versions").get(0);
        assertThat(v0.path("status").asText()).isEqualTo("active");
        assertThat(v0.path("last_used_at").isNull()).as("retention's unused_for counts real use only").isTrue();
    }

    @Test
    void forceSyncDownloadsEveryVersionNotYetHere() {
        sync.syncAll();
        JsonNode op = waitFor(api.patchJson("/1.0/images/" + NAME, "{\"force_sync\":true}"));
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("Success");
        assertThat(image(NAME).path("status").asText()).isEqualTo("active");
        assertThat(blobCount()).isEqualTo(1);
    }

    @Test
    void forceSyncDownloadsEveryVersionOfAnImageWithSeveral() {
        images.publish(NAME, "20261201", TestTarballs.image());
        sync.syncAll();
        JsonNode op = waitFor(api.patchJson("/1.0/images/" + NAME, "{\"force_sync\":true}"));
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("Success");
        assertThat(image(NAME).path("versions")).extracting(v -> v.path("status").asText())
                .containsExactly("active", "active");
        assertThat(blobCount()).isEqualTo(2);
    }

    @Test
    void aChecksumMismatchEndsInErrorWithNothingHalfMade() {
        images.lieAbout(NAME);
        sync.syncAll();
        JsonNode op = waitFor(api.patchJson("/1.0/images/" + NAME, "{\"force_sync\":true}"));
        assertThat(op.path("status").asText()).isEqualTo("Failure");
        JsonNode v0 = image(NAME).path("versions").get(0);
        assertThat(v0.path("status").asText()).isEqualTo("error");
        assertThat(v0.path("error_message").asText()).contains("sha256");
        assertThat(blobCount()).isZero();
        assertThat(tempFileCount()).isZero();
    }

    @Test
    void aTruncatedDownloadEndsInErrorAndTheNextAttemptStartsClean() {
        sync.syncAll();
        images.truncateDownloads(true);
        JsonNode failed = waitFor(api.postJson("/1.0/applications", "{\"name\":\"app\",\"image\":\"" + NAME + "\"}"));
        assertThat(failed.path("status").asText()).isEqualTo("Failure");
        assertThat(api.get("/1.0/applications/app").status()).isEqualTo(404);
        assertThat(blobCount()).isZero();
        images.truncateDownloads(false);
        JsonNode ok = waitFor(api.patchJson("/1.0/images/" + NAME, "{\"force_sync\":true}"));
        assertThat(ok.path("status").asText()).isEqualTo("Success");
        assertThat(image(NAME).path("versions").get(0).path("status").asText()).isEqualTo("active");
    }

    @Test
    void anUnreachableServerIsRecordedAndLeavesTheCatalogueUntouched() {
        sync.syncAll();
        String before = api.get("/1.0/images?recursion=1").metadata().toString();
        images.close();
        ImageSync.Report report = sync.syncAll();
        assertThat(report.failures()).isNotEmpty();
        assertThat(api.get("/1.0/images?recursion=1").metadata().toString()).isEqualTo(before);
    }

    @Test
    void anImmutableImageNeedsForceAndIsNotReimportedUntilAskedFor() {
        upload(unique("local"));
        sync.syncAll();
        Api.Reply refused = api.delete("/1.0/images/" + NAME);
        assertThat(refused.reason()).isEqualTo("image_immutable");
        assertThat(api.delete("/1.0/images/" + NAME + "/0", "{\"force\":true}").reason()).isEqualTo("version_immutable");
        assertThat(api.delete("/1.0/images/" + NAME, "{\"force\":true}").status()).isEqualTo(202);
        sync.syncAll();
        assertThat(imageExists(NAME)).as("not brought back by the sync").isFalse();
        JsonNode op = waitFor(api.postJson("/1.0/images", "{\"name\":\"" + NAME + "\",\"source\":{\"type\":\"import\","
                + "\"remote\":\"" + NAME + "\",\"release\":\"20261101\"}}"));
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("Success");
        assertThat(image(NAME).path("immutable").asBoolean()).isTrue();
        assertThat(image(NAME).path("versions").get(0).path("status").asText()).isEqualTo("active");
    }

    @Test
    void credentialsGoToTheImageServer() {
        images.requireBasicAuth("user:secret");
        assertThat(sync.syncAll().failures()).as("refused without credentials").isNotEmpty();
        api.patchJson("/1.0/config", "{\"name\":\"images.auth\",\"value\":\"user:secret\"}");
        assertThat(sync.syncAll().imagesCreated()).isEqualTo(1);
        assertThat(images.authorizedRequests.get()).isPositive();
    }
}
