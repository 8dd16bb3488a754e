package io.amsfleet.server.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.AmsSchema;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every deletion rule of SPEC §3, refused and allowed, through the HTTP API. Runs on H2 and on
 * PostgreSQL (see the subclasses).
 */
@org.junit.jupiter.api.extension.ExtendWith(AmsSchema.SkipReport.class)
public abstract class DeletionRulesContract extends ServerTestBase {

    private Api.Reply deleteImage(String image, boolean force) {
        return api.delete("/1.0/images/" + image, "{\"force\":" + force + "}");
    }

    private Api.Reply deleteVersion(String image, int version, boolean force) {
        return api.delete("/1.0/images/" + image + "/" + version, "{\"force\":" + force + "}");
    }

    private static void assertRefused(Api.Reply r, int status, String reason) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("type").asText()).isEqualTo("error");
        assertThat(r.json().path("error_code").asInt()).isEqualTo(status);
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
        assertThat(r.json().path("error").asText()).isNotBlank();
    }

    private static void assertAccepted(Api.Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().path("type").asText()).isEqualTo("async");
        assertThat(r.metadata().path("status").asText()).isEqualTo("Success");
        assertThat(AmsSchema.problems("Operation", r.metadata())).isEmpty();
        assertThat(r.header("Location")).isEqualTo(r.json().path("operation").asText());
    }

    // ---- not_found ----

    @Test
    void deletingAnUnknownImageIsNotFound() {
        assertRefused(deleteImage("no-such-image", false), 404, "not_found");
    }

    @Test
    void deletingAnUnknownVersionIsNotFound() {
        String id = upload(unique("img"));
        assertRefused(deleteVersion(id, 7, false), 404, "not_found");
        assertThat(versionNumbers(id)).containsExactly(0);
    }

    @Test
    void aVersionSegmentThatIsNotANonNegativeIntegerIsABadRequest() {
        String id = upload(unique("img"));
        for (String bad : new String[]{"one", "-1", "1.5", "99999999999"}) {
            assertRefused(api.delete("/1.0/images/" + id + "/" + bad), 400, "bad_request");
        }
        assertThat(versionNumbers(id)).containsExactly(0);
    }

    // ---- image_is_default ----

    @Test
    void deletingTheDefaultImageIsRefusedWhileOthersOfItsTypeExistEvenWithForce() {
        String def = upload(unique("default"));
        upload(unique("other"));
        assertThat(image(def).path("default").asBoolean()).isTrue();
        assertRefused(deleteImage(def, false), 409, "image_is_default");
        assertRefused(deleteImage(def, true), 409, "image_is_default");
        assertThat(imageExists(def)).isTrue();
    }

    @Test
    void theDefaultImageCanBeDeletedWhenItIsTheOnlyImageOfItsType() {
        String only = upload(unique("only"));
        assertAccepted(deleteImage(only, false));
        assertThat(imageExists(only)).isFalse();
    }

    @Test
    void withoutARecycleBinADeleteDestroysAtOnce() {
        // This contract's server runs with AMS_TRASH_RETENTION=0 (ServerTestBase).
        String only = upload(unique("only"));
        String fingerprint = image(only).path("versions").get(0).path("fingerprint").asText();
        Api.Reply r = deleteImage(only, false);
        assertAccepted(r);
        collector.drain();
        assertThat(r.metadata().path("metadata").has("trash_id")).isFalse();
        assertThat(api.get("/1.0/trash").metadata()).isEmpty();
        assertThat(blobExists(fingerprint)).isFalse();
    }

    @Test
    void afterSwitchingTheDefaultTheFormerDefaultCanBeDeleted() {
        String first = upload(unique("first"));
        String second = upload(unique("second"));
        assertAccepted(api.patchJson("/1.0/images/" + second, "{\"default\":true}"));
        assertThat(image(second).path("default").asBoolean()).isTrue();
        assertThat(image(first).path("default").asBoolean()).isFalse();
        assertAccepted(deleteImage(first, false));
    }

    // ---- image_in_use ----

    @Test
    void deletingAnImageUsedByApplicationsIsRefusedListingThem() {
        upload(unique("default"));
        String id = upload(unique("used"));
        createApp("app-b", id, null);
        createApp("app-a", id, null);
        Api.Reply r = deleteImage(id, false);
        assertRefused(r, 409, "image_in_use");
        JsonNode apps = r.metadata().path("applications");
        assertThat(apps).hasSize(2);
        assertThat(apps.get(0).path("name").asText()).isEqualTo("app-a");
        assertThat(r.json().path("error").asText()).contains("app-a, app-b").contains("force");
        assertThat(r.metadata().path("force_would_help").asBoolean()).isTrue();
        assertThat(imageExists(id)).isTrue();
    }

    @Test
    void anApplicationKeepsTheNameOfTheImageAForcedDeleteTookFromIt() {
        upload(unique("default"));
        String name = unique("named");
        String id = upload(name);
        addVersion(id);
        String app = createApp(unique("app"), id, 0);
        String other = createApp(unique("app"), id, 1);
        JsonNode pinned = api.get("/1.0/applications/" + app).metadata().path("versions").get(0);
        assertThat(pinned.has("parent_image_name")).as("while the pin holds the image has its own name").isFalse();

        assertAccepted(api.delete("/1.0/images/" + id + "/0", "{\"force\":true}"));
        assertThat(api.get("/1.0/applications/" + app).metadata().path("versions").get(0)
                .path("parent_image_name").asText()).isEqualTo(name);
        assertThat(api.get("/1.0/applications/" + other).metadata().path("versions").get(0)
                .has("parent_image_name")).as("version 1 is still pinned").isFalse();

        assertAccepted(deleteImage(id, true));
        JsonNode released = api.get("/1.0/applications/" + other).metadata().path("versions").get(0);
        assertThat(released.path("parent_image_deleted").asBoolean()).isTrue();
        assertThat(released.path("parent_image_name").asText()).isEqualTo(name);
        assertThat(api.get("/1.0/applications?recursion=1").metadata().findValuesAsText("parent_image_name"))
                .as("the list shows it too").contains(name);
    }

    @Test
    void forceDeletesAnImageInUseAndTheApplicationsKeepTheirCopy() {
        upload(unique("default"));
        String id = upload(unique("used"));
        String fingerprint = image(id).path("versions").get(0).path("fingerprint").asText();
        String app = createApp(unique("app"), id, 0);
        assertAccepted(deleteImage(id, true));
        collector.drain();
        assertThat(imageExists(id)).isFalse();
        JsonNode application = api.get("/1.0/applications/" + app).metadata();
        assertThat(application.path("versions").get(0).path("parent_image_id").asText()).isEqualTo(id);
        assertThat(application.path("versions").get(0).path("parent_image_deleted").asBoolean()).isTrue();
        assertThat(blobExists(fingerprint)).as("the application's copy of the content").isTrue();
        assertAccepted(api.delete("/1.0/applications/" + app));
        collector.drain();
        assertThat(blobExists(fingerprint)).as("content released by the last reference").isFalse();
    }

    // ---- image_immutable ----

    @Test
    void deletingAnImmutableImageNeedsForce() {
        upload(unique("default"));
        String id = upload(unique("synced"));
        makeImmutable(id);
        assertRefused(deleteImage(id, false), 409, "image_immutable");
        assertThat(imageExists(id)).isTrue();
        assertAccepted(deleteImage(id, true));
        assertThat(imageExists(id)).isFalse();
    }

    // ---- version_immutable ----

    @Test
    void aVersionOfAnImmutableImageCannotBeDeletedEvenWithForce() {
        String id = upload(unique("synced"));
        addVersion(id);
        makeImmutable(id);
        assertRefused(deleteVersion(id, 0, false), 409, "version_immutable");
        assertRefused(deleteVersion(id, 0, true), 409, "version_immutable");
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    // ---- last_version ----

    @Test
    void deletingTheLastVersionIsRefusedEvenWithForce() {
        String id = upload(unique("img"));
        assertRefused(deleteVersion(id, 0, false), 409, "last_version");
        assertRefused(deleteVersion(id, 0, true), 409, "last_version");
        assertThat(versionNumbers(id)).containsExactly(0);
    }

    @Test
    void aVersionCanBeDeletedWhileAnotherRemains() {
        String id = upload(unique("img"));
        addVersion(id);
        assertAccepted(deleteVersion(id, 0, false));
        assertThat(versionNumbers(id)).containsExactly(1);
        assertRefused(deleteVersion(id, 1, false), 409, "last_version");
    }

    @Test
    void deletedVersionNumbersAreNeverReused() {
        String id = upload(unique("img"));
        addVersion(id);
        addVersion(id);
        assertAccepted(deleteVersion(id, 2, false));
        assertThat(addVersion(id)).isEqualTo(3);
        assertThat(versionNumbers(id)).containsExactly(0, 1, 3);
    }

    // ---- version_in_use ----

    @Test
    void deletingAPinnedVersionIsRefusedThenForceReleasesThePin() {
        String id = upload(unique("img"));
        addVersion(id);
        String app = createApp(unique("app"), id, 0);
        Api.Reply refused = deleteVersion(id, 0, false);
        assertRefused(refused, 409, "version_in_use");
        assertThat(refused.metadata().path("applications").get(0).path("id").asText()).isEqualTo(app);
        assertAccepted(deleteVersion(id, 0, true));
        assertThat(versionNumbers(id)).containsExactly(1);
        assertThat(image(id).path("used_by")).isEmpty();
        assertThat(api.get("/1.0/applications/" + app).metadata().path("versions").get(0)
                .path("parent_image_deleted").asBoolean()).isTrue();
    }

    @Test
    void anUnpinnedVersionOfAnImageInUseCanBeDeleted() {
        String id = upload(unique("img"));
        addVersion(id);
        createApp(unique("app"), id, 1);
        assertAccepted(deleteVersion(id, 0, false));
        assertThat(versionNumbers(id)).containsExactly(1);
    }

    // ---- image_busy ----

    @Test
    void anImageWithAnUploadInProgressCannotBeDeletedEvenWithForce() {
        upload(unique("default"));
        String id = upload(unique("busy"));
        addVersion(id);
        sql("UPDATE images SET busy_operation = 'x', busy_until = " + (System.currentTimeMillis() + 60_000)
                + " WHERE id = '" + id + "'");
        assertRefused(deleteImage(id, true), 409, "image_busy");
        assertRefused(deleteVersion(id, 0, true), 409, "image_busy");
        sql("UPDATE images SET busy_until = " + (System.currentTimeMillis() - 1) + " WHERE id = '" + id + "'");
        assertAccepted(deleteVersion(id, 0, false));
    }

    // ---- precedence: never send the operator to --force in vain ----

    @Test
    void aRefusalReportsTheRuleForceCannotLiftFirstAndListsEveryBlocker() {
        String def = upload(unique("default"));
        upload(unique("other"));
        createApp(unique("app"), def, null);
        Api.Reply r = deleteImage(def, false);
        assertRefused(r, 409, "image_is_default");
        assertThat(Api.texts(r.metadata().path("blockers"))).containsExactly("image_is_default", "image_in_use");
        assertThat(r.metadata().path("force_would_help").asBoolean()).isFalse();
    }

    // ---- dry run ----

    @Test
    void aDryRunReportsWhatWouldGoAndChangesNothing() {
        upload(unique("default"));
        String id = upload(unique("img"));
        addVersion(id);
        Api.Reply r = api.delete("/1.0/images/" + id + "?dry_run=true");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.metadata().path("allowed").asBoolean()).isTrue();
        assertThat(r.metadata().path("removes")).hasSize(2);
        assertThat(r.metadata().path("blockers")).isEmpty();
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    @Test
    void aDryRunOfARefusedDeleteNamesTheBlockersAndWhetherForceHelps() {
        String id = upload(unique("img"));
        addVersion(id);
        String app = createApp(unique("app"), id, 1);
        Api.Reply r = api.delete("/1.0/images/" + id + "/1?dry_run=true");
        assertThat(r.status()).isEqualTo(200);
        JsonNode report = r.metadata();
        assertThat(report.path("allowed").asBoolean()).isFalse();
        assertThat(report.path("force_would_help").asBoolean()).isTrue();
        assertThat(report.path("blockers").get(0).path("code").asText()).isEqualTo("version_in_use");
        assertThat(report.path("blockers").get(0).path("applications").get(0).path("id").asText()).isEqualTo(app);
        Api.Reply forced = api.delete("/1.0/images/" + id + "/1?dry_run=true&force=true");
        assertThat(forced.metadata().path("allowed").asBoolean()).isTrue();
        assertThat(forced.metadata().path("kept_by_applications").get(0).path("id").asText()).isEqualTo(app);
        assertThat(versionNumbers(id)).containsExactly(0, 1);
        assertThat(image(id).path("used_by")).hasSize(1);
    }

    // ---- If-Match ----

    @Test
    void aDeleteWithAStaleETagFailsWith412AndChangesNothing() {
        String id = upload(unique("img"));
        addVersion(id);
        String etag = api.get("/1.0/images/" + id).header("ETag");
        addVersion(id);
        Api.Reply r = api.delete("/1.0/images/" + id + "/0", "{}", "If-Match", etag);
        assertRefused(r, 412, "precondition_failed");
        assertThat(versionNumbers(id)).containsExactly(0, 1, 2);
        String fresh = api.get("/1.0/images/" + id).header("ETag");
        assertAccepted(api.delete("/1.0/images/" + id + "/0", "{}", "If-Match", fresh));
    }

    // ---- batch ----

    @Test
    void aBatchDeleteReportsEachItemAndDeletesWhatTheRulesAllow() {
        String def = upload(unique("default"));
        String a = upload(unique("a"));
        String b = upload(unique("b"));
        addVersion(b);
        Api.Reply r = api.delete("/1.0/images", "{\"images\":[{\"image\":\"" + a + "\"},{\"image\":\"" + def
                + "\"},{\"image\":\"" + b + "\",\"version\":0},{\"image\":\"nope\"}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode m = r.metadata();
        assertThat(m.path("deleted")).hasSize(2);
        assertThat(m.path("failures")).hasSize(2);
        assertThat(m.path("failures").get(0).path("code").asText()).isEqualTo("image_is_default");
        assertThat(m.path("failures").get(1).path("code").asText()).isEqualTo("not_found");
        assertThat(imageExists(a)).isFalse();
        assertThat(imageExists(def)).isTrue();
        assertThat(versionNumbers(b)).containsExactly(1);
    }

    @Test
    void aBatchDryRunPlaysTheItemsInOrderAndChangesNothing() {
        String id = upload(unique("img"));
        addVersion(id);
        Api.Reply r = api.delete("/1.0/images", "{\"dry_run\":true,\"images\":[{\"image\":\"" + id
                + "\",\"version\":0},{\"image\":\"" + id + "\",\"version\":1}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.metadata().path("dry_run").asBoolean()).isTrue();
        assertThat(r.metadata().path("deleted")).hasSize(1);
        Api.Reply none = api.delete("/1.0/images", "{\"dry_run\":true,\"images\":[{\"image\":\"" + id + "\"}]}");
        assertThat(none.metadata().path("failures").isArray()).as("an empty list is still there").isTrue();
        assertThat(r.metadata().path("failures").get(0).path("code").asText()).isEqualTo("last_version");
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    // ---- content ----

    @Test
    void deletingAVersionRemovesItsContentOnceNothingReferencesIt() {
        String id = upload(unique("img"));
        addVersion(id);
        String v0 = image(id).path("versions").get(0).path("fingerprint").asText();
        assertThat(blobExists(v0)).isTrue();
        assertAccepted(deleteVersion(id, 0, false));
        collector.drain();
        assertThat(blobExists(v0)).isFalse();
        assertThat(blobCount()).isEqualTo(1);
    }

    @Test
    void contentReleasedByDeletesInQuickSuccessionIsCollectedTogetherAndOnlyThat() {
        // The collector gathers releases for a moment and collects them in one transaction.
        String id = upload(unique("img"));
        for (int i = 1; i <= 6; i++) {
            byte[] distinct = io.amsfleet.server.support.TestTarballs.image(
                    io.amsfleet.server.support.TestTarballs.Compression.NONE, "x86_64", "version " + i);
            assertThat(api.upload("PATCH", "/1.0/images/" + id, distinct).status()).isEqualTo(202);
        }
        JsonNode versions = image(id).path("versions");
        for (int v = 0; v < 5; v++) {
            assertAccepted(deleteVersion(id, v, false));
        }
        collector.drain();
        for (int v = 0; v < 5; v++) {
            assertThat(blobExists(versions.get(v).path("fingerprint").asText())).as("version " + v).isFalse();
        }
        for (int v = 5; v < 7; v++) {
            assertThat(blobExists(versions.get(v).path("fingerprint").asText())).as("version " + v).isTrue();
        }
        assertThat(blobCount()).isEqualTo(2);
    }

    @Test
    void contentSharedByTwoImagesStaysUntilTheLastOneGoes() {
        byte[] same = io.amsfleet.server.support.TestTarballs.image();
        String sha = io.amsfleet.server.support.TestTarballs.sha256(same);
        api.upload("POST", "/1.0/images/", same, "X-AMS-Request", "{\"name\":\"one\"}");
        api.upload("POST", "/1.0/images/", same, "X-AMS-Request", "{\"name\":\"two\"}");
        assertThat(blobCount()).isEqualTo(1);
        assertAccepted(api.patchJson("/1.0/images/two", "{\"default\":true}"));
        assertAccepted(deleteImage("one", false));
        collector.drain();
        assertThat(blobExists(sha)).isTrue();
        assertAccepted(deleteImage("two", false));
        collector.drain();
        assertThat(blobExists(sha)).isFalse();
    }

    // ---- blockers on the views ----

    private static java.util.List<String> reasons(JsonNode blockers) {
        java.util.List<String> out = new java.util.ArrayList<>();
        blockers.forEach(b -> out.add(b.path("reason").asText()));
        return out;
    }

    private static JsonNode version(JsonNode image, int number) {
        for (JsonNode v : image.path("versions")) {
            if (v.path("version").asInt() == number) {
                return v;
            }
        }
        throw new AssertionError("no version " + number + " in " + image);
    }

    @Test
    void anImageAndEachVersionCarryWhatADeleteWouldMeetAsARefusalWouldWordIt() {
        String def = upload(unique("default"));
        String used = upload(unique("used"));
        addVersion(used);
        String app = createApp(unique("app"), used, 1);

        JsonNode image = image(used);
        assertThat(reasons(image.path("blockers"))).containsExactly("image_in_use");
        JsonNode inUse = image.path("blockers").get(0);
        assertThat(inUse.path("force_lifts").asBoolean()).isTrue();
        assertThat(inUse.path("applications").get(0).path("id").asText()).isEqualTo(app);
        assertThat(inUse.path("message").asText()).isEqualTo(deleteImage(used, false).json().path("error").asText());
        assertThat(reasons(version(image, 0).path("blockers"))).isEmpty();
        assertThat(reasons(version(image, 1).path("blockers"))).containsExactly("version_in_use");

        JsonNode listed = null;
        for (JsonNode i : api.get("/1.0/images?recursion=1").metadata()) {
            if (i.path("id").asText().equals(def)) {
                listed = i;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(reasons(listed.path("blockers"))).containsExactly("image_is_default");
        assertThat(listed.path("blockers").get(0).path("force_lifts").asBoolean()).isFalse();
        assertThat(reasons(version(listed, 0).path("blockers"))).containsExactly("last_version");
        assertThat(AmsSchema.problems("Image", listed)).isEmpty();
    }

    @Test
    void aCallerWhoMayNotDeleteSeesTheRoleItNeedsFirst() {
        String id = upload(unique("img"));
        addVersion(id);
        Api.Reply created = api.postJson("/1.0/tokens", "{\"name\":\"" + unique("v") + "\",\"role\":\"viewer\"}");
        Api viewer = api.withToken(created.metadata().path("token").asText());

        JsonNode seen = viewer.get("/1.0/images/" + id).metadata();

        assertThat(reasons(seen.path("blockers"))).containsExactly("forbidden");
        assertThat(seen.path("blockers").get(0).path("message").asText()).contains("needs an admin token");
        assertThat(reasons(version(seen, 0).path("blockers"))).containsExactly("forbidden");
        assertThat(reasons(image(id).path("blockers"))).as("an admin may").isEmpty();
    }
}
