package io.amsfleet.server.trash;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.EventClient;
import io.amsfleet.server.support.Race;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recycle bin, restore, purge, delete protection and deletes by content digest (issue 17,
 * docs/trash.md), through the HTTP API of a real server. Runs on H2 and on PostgreSQL.
 */
public abstract class TrashContract extends ServerTestBase {
    /** Short, so that an unprotection's cooldown can be seen to run out. */
    static final long COOLDOWN_MILLIS = 1500;

    @Inject
    TrashPurge purgeJob;

    private Api viewer;
    private Api operator;

    @Override
    protected String trashRetention() {
        return "7d";
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = super.getProperties();
        props.put("ams.protection.cooldown", COOLDOWN_MILLIS + "ms");
        return props;
    }

    @BeforeEach
    void tokens() {
        sql("DELETE FROM tokens WHERE name <> 'admin'");
        viewer = token("viewer");
        operator = token("operator");
    }

    private Api token(String role) {
        Api.Reply r = api.postJson("/1.0/tokens", "{\"name\":\"" + role + "-trash\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return api.withToken(r.metadata().path("token").asText());
    }

    // ---- helpers ----

    private String uploadBytes(String name, byte[] tarball) {
        Api.Reply r = api.upload("POST", "/1.0/images/", tarball, "X-AMS-Request", "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.metadata().path("metadata").path("image_id").asText();
    }

    private int addVersionBytes(String image, byte[] tarball) {
        Api.Reply r = api.upload("PATCH", "/1.0/images/" + image, tarball);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.metadata().path("metadata").path("version").asInt();
    }

    private static byte[] tarball() {
        return TestTarballs.image(TestTarballs.Compression.GZIP, "x86_64", UUID.randomUUID().toString());
    }

    /** The delete's operation metadata, which says how to undo it. */
    private static JsonNode accepted(Api.Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.metadata().path("status").asText()).isEqualTo("Success");
        return r.metadata().path("metadata");
    }

    private static void assertRefused(Api.Reply r, int status, String reason) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("type").asText()).isEqualTo("error");
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
    }

    private String trashIdOf(Api.Reply delete) {
        String id = accepted(delete).path("trash_id").asText();
        assertThat(id).as("the delete says how to undo it: %s", delete).isNotEmpty();
        return id;
    }

    private Api.Reply restore(String trashId) {
        return api.postJson("/1.0/trash/" + trashId + "/restore", "{}");
    }

    private String fingerprint(String image, int version) {
        for (JsonNode v : image(image).path("versions")) {
            if (v.path("version").asInt() == version) {
                return v.path("fingerprint").asText();
            }
        }
        throw new AssertionError("no version " + version + " of " + image);
    }

    private byte[] blob(String sha256) {
        try (InputStream in = blobs.open(sha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> trashIds() {
        Api.Reply r = api.get("/1.0/trash");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.metadata().forEach(u -> out.add(u.asText().substring("/1.0/trash/".length())));
        return out;
    }

    // ---- the bin ----

    @Test
    void aDeletedVersionGoesToTheBinAndComesBackByteForByte() {
        String id = uploadBytes(unique("img"), tarball());
        byte[] second = tarball();
        int v = addVersionBytes(id, second);
        String fp = fingerprint(id, v);

        String trash = trashIdOf(api.delete("/1.0/images/" + id + "/" + v));
        collector.drain();

        assertThat(versionNumbers(id)).containsExactly(0);
        JsonNode entry = api.get("/1.0/trash/" + trash).metadata();
        assertThat(entry.path("kind").asText()).isEqualTo("version");
        assertThat(entry.path("image_id").asText()).isEqualTo(id);
        assertThat(entry.path("version").asInt()).isEqualTo(v);
        assertThat(entry.path("fingerprint").asText()).isEqualTo(fp);
        assertThat(entry.path("size").asLong()).isEqualTo(second.length);
        assertThat(entry.path("deleted_by").asText()).isEqualTo("admin");
        assertThat(entry.path("forced").asBoolean()).isFalse();
        assertThat(Instant.parse(entry.path("purge_at").asText()))
                .isEqualTo(Instant.parse(entry.path("deleted_at").asText()).plus(java.time.Duration.ofDays(7)));
        assertThat(blobExists(fp)).as("content stays while binned").isTrue();

        JsonNode restored = accepted(restore(trash));
        assertThat(restored.path("trash_id").asText()).isEqualTo(trash);
        assertThat(versionNumbers(id)).containsExactly(0, v);
        assertThat(fingerprint(id, v)).isEqualTo(fp);
        assertThat(blob(fp)).as("the restored content, byte for byte").isEqualTo(second);
        assertThat(api.get("/1.0/trash/" + trash).status()).isEqualTo(404);
    }

    @Test
    void aDeletedImageComesBackWithItsIdNameVersionsAndContent() {
        String name = unique("img");
        byte[] first = tarball();
        String id = uploadBytes(name, first);
        byte[] second = tarball();
        addVersionBytes(id, second);
        String fp0 = fingerprint(id, 0);
        String fp1 = fingerprint(id, 1);

        String trash = trashIdOf(api.delete("/1.0/images/" + id));
        collector.drain();

        JsonNode entry = api.get("/1.0/trash/" + trash).metadata();
        assertThat(entry.path("kind").asText()).isEqualTo("image");
        assertThat(entry.path("name").asText()).isEqualTo(name);
        assertThat(Api.texts(entry.path("versions"))).containsExactly("0", "1");
        assertThat(entry.path("size").asLong()).isEqualTo(first.length + second.length);

        accepted(restore(trash));
        JsonNode image = image(name);
        assertThat(image.path("id").asText()).isEqualTo(id);
        assertThat(versionNumbers(id)).containsExactly(0, 1);
        assertThat(fingerprint(id, 0)).isEqualTo(fp0);
        assertThat(blob(fp0)).isEqualTo(first);
        assertThat(blob(fp1)).isEqualTo(second);
        assertThat(image.path("default").asBoolean()).as("the only image of its type is its default").isTrue();
        assertThat(addVersion(id)).as("version numbers are never reused").isEqualTo(2);
    }

    @Test
    void binnedImagesAreIgnoredByListsAndLookups() {
        upload(unique("default"));
        String name = unique("gone");
        String id = upload(name);
        trashIdOf(api.delete("/1.0/images/" + id));

        assertThat(Api.texts(api.get("/1.0/images").metadata())).doesNotContain("/1.0/images/" + id);
        assertThat(api.get("/1.0/images?name=" + name + "&recursion=1").metadata()).isEmpty();
        assertThat(api.get("/1.0/images/" + name).status()).isEqualTo(404);
        Api.Reply byPrefix = api.get("/1.0/images/" + id.substring(0, 8));
        assertThat(byPrefix.status() == 404 || !byPrefix.metadata().path("id").asText().equals(id))
                .as("an id prefix never finds a binned image: %s", byPrefix).isTrue();
        assertRefused(api.postJson("/1.0/applications", "{\"name\":\"" + unique("app") + "\",\"image\":\"" + id
                + "\"}"), 404, "not_found");
    }

    @Test
    void aForceDeletedImageComesBackWithItsApplicationsPins() {
        upload(unique("default"));
        String id = upload(unique("used"));
        String app = createApp(unique("app"), id, 0);

        Api.Reply delete = api.delete("/1.0/images/" + id, "{\"force\":true}");
        String trash = trashIdOf(delete);
        assertThat(api.get("/1.0/trash/" + trash).metadata().path("forced").asBoolean()).isTrue();
        assertThat(api.get("/1.0/applications/" + app).metadata().path("versions").get(0)
                .path("parent_image_deleted").asBoolean()).isTrue();

        JsonNode restored = accepted(restore(trash));
        assertThat(Api.texts(restored.path("used_by"))).containsExactly(app);
        assertThat(Api.texts(image(id).path("used_by"))).containsExactly(app);
        JsonNode relinked = api.get("/1.0/applications/" + app).metadata().path("versions").get(0);
        assertThat(relinked.path("parent_image_deleted").asBoolean()).isFalse();
        assertThat(relinked.has("parent_image_name")).as("the image names itself again").isFalse();
        assertRefused(api.delete("/1.0/images/" + id), 409, "image_in_use");
    }

    @Test
    void aBatchDeletePutsEachItemInTheBin() {
        upload(unique("default"));
        String a = upload(unique("a"));
        String b = upload(unique("b"));
        addVersion(b);
        Api.Reply r = api.delete("/1.0/images", "{\"images\":[{\"image\":\"" + a + "\"},{\"image\":\"" + b
                + "\",\"version\":1}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode deleted = r.metadata().path("deleted");
        assertThat(deleted).hasSize(2);
        for (JsonNode d : deleted) {
            accepted(restore(d.path("trash_id").asText()));
        }
        assertThat(imageExists(a)).isTrue();
        assertThat(versionNumbers(b)).containsExactly(0, 1);
    }

    @Test
    void aSyncedImageComesBackImmutableAndLosesItsTombstone() {
        upload(unique("default"));
        String name = unique("synced");
        String id = upload(name);
        makeImmutable(id);
        String trash = trashIdOf(api.delete("/1.0/images/" + id, "{\"force\":true}"));
        assertThat(sqlCount("SELECT COUNT(*) FROM remote_tombstones WHERE name = '" + name + "'")).isEqualTo(1);

        accepted(restore(trash));
        assertThat(image(id).path("immutable").asBoolean()).isTrue();
        assertThat(sqlCount("SELECT COUNT(*) FROM remote_tombstones WHERE name = '" + name + "'")).isZero();
    }

    @Test
    void aRestoreNeverMakesASecondDefault() {
        String name = unique("first");
        String first = upload(name);
        String trash = trashIdOf(api.delete("/1.0/images/" + first));
        String second = upload(unique("second"));
        assertThat(image(second).path("default").asBoolean()).isTrue();

        accepted(restore(trash));
        assertThat(image(first).path("default").asBoolean()).isFalse();
        assertThat(image(second).path("default").asBoolean()).isTrue();
    }

    // ---- refusals ----

    @Test
    void aNewImageMayTakeABinnedNameAndTheRestoreThenNeedsAnotherName() {
        upload(unique("default"));
        String name = unique("taken");
        String old = upload(name);
        String trash = trashIdOf(api.delete("/1.0/images/" + old));
        String newer = upload(name);

        Api.Reply refused = restore(trash);
        assertRefused(refused, 409, "name_taken");
        assertThat(refused.metadata().path("taken_by").asText()).isEqualTo(newer);
        assertThat(refused.json().path("error").asText()).contains("\"name\"");

        String other = unique("renamed");
        accepted(api.postJson("/1.0/trash/" + trash + "/restore", "{\"name\":\"" + other + "\"}"));
        assertThat(image(other).path("id").asText()).isEqualTo(old);
        assertThat(image(name).path("id").asText()).isEqualTo(newer);
        assertRefused(api.postJson("/1.0/trash/x/restore", "{\"name\":\"bad name\"}"), 400, "bad_request");
    }

    @Test
    void aVersionWhoseImageIsBinnedWaitsForTheImage() {
        upload(unique("default"));
        String id = upload(unique("img"));
        addVersion(id);
        String version = trashIdOf(api.delete("/1.0/images/" + id + "/1"));
        String image = trashIdOf(api.delete("/1.0/images/" + id));

        Api.Reply refused = restore(version);
        assertRefused(refused, 409, "image_in_trash");
        assertThat(refused.metadata().path("image_trash_id").asText()).isEqualTo(image);

        accepted(restore(image));
        accepted(restore(version));
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    @Test
    void contentThatIsGoneIsNeverRestored() throws IOException {
        String id = upload(unique("img"));
        String fp = fingerprint(id, 0);
        String trash = trashIdOf(api.delete("/1.0/images/" + id));
        blobs.delete(fp);

        Api.Reply refused = restore(trash);
        assertRefused(refused, 409, "content_gone");
        assertThat(refused.metadata().path("cause").asText()).isEqualTo("missing");
        assertThat(refused.metadata().path("sha256").asText()).isEqualTo(fp);
        assertThat(imageExists(id)).isFalse();
        assertThat(api.get("/1.0/trash/" + trash).status()).as("the entry stays").isEqualTo(200);
    }

    @Test
    void damagedContentIsNeverRestored() throws IOException {
        String id = upload(unique("img"));
        String fp = fingerprint(id, 0);
        String trash = trashIdOf(api.delete("/1.0/images/" + id));
        java.nio.file.Path other = blobs.newTempFile("damage");
        java.nio.file.Files.write(other, "not the image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        blobs.delete(fp);
        blobs.put(other, fp);

        Api.Reply refused = restore(trash);
        assertRefused(refused, 409, "content_gone");
        assertThat(refused.metadata().path("cause").asText()).isEqualTo("damaged");
        assertThat(imageExists(id)).isFalse();
    }

    @Test
    void aForceDeletedVersionComesBackWithItsPin() {
        upload(unique("default"));
        String id = upload(unique("img"));
        addVersion(id);
        String app = createApp(unique("app"), id, 1);
        String trash = trashIdOf(api.delete("/1.0/images/" + id + "/1", "{\"force\":true}"));
        assertThat(image(id).path("used_by")).isEmpty();

        accepted(restore(trash));
        assertThat(Api.texts(image(id).path("used_by"))).containsExactly(app);
        assertRefused(api.delete("/1.0/images/" + id + "/1"), 409, "version_in_use");
    }

    @Test
    void theBinTakesOnlyTheParametersItDeclares() {
        assertRefused(api.get("/1.0/trash?recursion=1&filter=x"), 400, "bad_request");
        assertRefused(api.get("/1.0/trash/" + "x".repeat(200)), 400, "bad_request");
        assertRefused(api.get("/1.0/trash/nosuchentry"), 404, "not_found");
        assertRefused(api.postJson("/1.0/trash/nosuchentry/restore", "{\"name\": 5}"), 400, "bad_request");
        assertRefused(api.postJson("/1.0/trash/nosuchentry/restore", "{\"name\":\"a\",\"name\":\"b\"}"), 400,
                "bad_request");
    }

    @Test
    void theBinListsNewestFirstWithItsTotal() {
        String first = trashIdOf(api.delete("/1.0/images/" + upload(unique("one"))));
        String second = trashIdOf(api.delete("/1.0/images/" + upload(unique("two"))));
        Api.Reply r = viewer.get("/1.0/trash?recursion=1&limit=1");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.metadata()).hasSize(1);
        assertThat(r.metadata().get(0).path("id").asText()).isEqualTo(second);
        assertThat(r.json().path("total_size").asLong()).as(r.toString()).isEqualTo(2);
        assertThat(trashIds()).containsExactly(second, first);
    }

    // ---- purge ----

    @Test
    void theJobPurgesWhatIsPastItsWindowAndNothingElse() {
        String due = upload(unique("due"));
        String dueFp = fingerprint(due, 0);
        String kept = upload(unique("kept"));
        String keptFp = fingerprint(kept, 0);
        String keptTrash = trashIdOf(api.delete("/1.0/images/" + kept));
        String dueTrash = trashIdOf(api.delete("/1.0/images/" + due));
        sql("UPDATE trash_items SET purge_at = " + (System.currentTimeMillis() - 1) + " WHERE id = '" + dueTrash + "'");

        purgeJob.run();
        collector.drain();

        assertThat(trashIds()).containsExactly(keptTrash);
        assertThat(blobExists(dueFp)).isFalse();
        assertThat(blobExists(keptFp)).isTrue();
        JsonNode audited = api.get("/1.0/audit?action=trash.purge&image=" + due).metadata();
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).path("actor").asText()).as("the job, not a caller").isEqualTo("-");
    }

    @Test
    void anAdminPurgesOnRequestAndAnOperatorMayNot() {
        String id = upload(unique("img"));
        String fp = fingerprint(id, 0);
        String trash = trashIdOf(api.delete("/1.0/images/" + id));

        assertRefused(operator.delete("/1.0/trash/" + trash), 403, "forbidden");
        assertThat(viewer.get("/1.0/trash/" + trash).status()).as("viewers see the bin").isEqualTo(200);
        assertRefused(viewer.postJson("/1.0/trash/" + trash + "/restore", "{}"), 403, "forbidden");

        accepted(api.delete("/1.0/trash/" + trash));
        collector.drain();
        assertThat(blobExists(fp)).isFalse();
        assertRefused(restore(trash), 404, "not_found");
    }

    @Test
    void anAdminPurgesWhatWasDeletedBeforeADate() {
        String old = trashIdOf(api.delete("/1.0/images/" + upload(unique("old"))));
        String recent = trashIdOf(api.delete("/1.0/images/" + upload(unique("recent"))));
        sql("UPDATE trash_items SET deleted_at = deleted_at - 86400000 WHERE id = '" + old + "'");

        assertRefused(api.delete("/1.0/trash"), 400, "bad_request");
        assertRefused(api.delete("/1.0/trash?before=yesterday"), 400, "bad_request");
        assertRefused(api.delete("/1.0/trash?before=2026-01-01T00:00:00Z&all=1"), 400, "bad_request");
        String cutoff = Instant.now().minusSeconds(3600).toString();
        JsonNode done = accepted(api.delete("/1.0/trash?before=" + cutoff));
        assertThat(done.path("purged").asInt()).isEqualTo(1);
        assertThat(trashIds()).containsExactly(recent);
    }

    @Test
    void aRestoreRacingAPurgeLosesNothingAndFreesNothingTwice() throws Exception {
        for (int round = 0; round < 6; round++) {
            String id = upload(unique("race"));
            String fp = fingerprint(id, 0);
            byte[] bytes = blob(fp);
            String trash = trashIdOf(api.delete("/1.0/images/" + id));
            List<Callable<Api.Reply>> both = List.of(() -> restore(trash), () -> api.delete("/1.0/trash/" + trash));
            List<Api.Reply> replies = Race.of(both);
            collector.drain();

            long won = replies.stream().filter(r -> r.status() == 202).count();
            assertThat(won).as("exactly one of %s", replies).isEqualTo(1);
            replies.stream().filter(r -> r.status() != 202).forEach(r -> assertRefused(r, 404, "not_found"));
            assertThat(api.get("/1.0/trash/" + trash).status()).isEqualTo(404);
            if (replies.get(0).status() == 202) {
                assertThat(imageExists(id)).isTrue();
                assertThat(blob(fp)).isEqualTo(bytes);
                accepted(api.delete("/1.0/images/" + id));
            } else {
                assertThat(imageExists(id)).isFalse();
                assertThat(blobExists(fp)).isFalse();
            }
            clearCatalogue();
        }
    }

    // ---- protection ----

    @Test
    void aProtectedImageRefusesEveryDeleteEvenWithForce() {
        upload(unique("default"));
        String id = upload(unique("kept"));
        addVersion(id);
        accepted(operator.patchJson("/1.0/images/" + id, "{\"protected\":true}"));
        assertThat(image(id).path("protected").asBoolean()).isTrue();

        assertRefused(api.delete("/1.0/images/" + id, "{\"force\":true}"), 409, "image_protected");
        assertRefused(api.delete("/1.0/images/" + id + "/1", "{\"force\":true}"), 409, "image_protected");
        Api.Reply dry = api.delete("/1.0/images/" + id + "?dry_run=true&force=true");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.metadata().path("allowed").asBoolean()).isFalse();
        assertThat(dry.metadata().path("blockers").get(0).path("code").asText()).isEqualTo("image_protected");
        Api.Reply batch = api.delete("/1.0/images", "{\"images\":[{\"image\":\"" + id + "\"}],\"force\":true}");
        assertThat(batch.metadata().path("failures").get(0).path("code").asText()).isEqualTo("image_protected");
        assertThat(image(id).path("blockers").get(0).path("reason").asText()).isEqualTo("image_protected");
        assertThat(image(id).path("versions").get(1).path("blockers").get(0).path("reason").asText())
                .isEqualTo("image_protected");
        assertThat(versionNumbers(id)).containsExactly(0, 1);
    }

    @Test
    void anUnprotectionWaitsForTheCooldownIsVisibleAndCanBeCancelled() throws InterruptedException {
        upload(unique("default"));
        String id = upload(unique("kept"));
        accepted(api.patchJson("/1.0/images/" + id, "{\"protected\":true}"));
        assertRefused(operator.patchJson("/1.0/images/" + id, "{\"protected\":false}"), 403, "forbidden");

        JsonNode pending = accepted(api.patchJson("/1.0/images/" + id, "{\"protected\":false}"));
        assertThat(pending.path("unprotect_at").asText()).isNotEmpty();
        JsonNode shown = image(id);
        assertThat(shown.path("protected").asBoolean()).isTrue();
        assertThat(shown.path("unprotect_at").asText()).isEqualTo(pending.path("unprotect_at").asText());
        assertRefused(api.delete("/1.0/images/" + id, "{\"force\":true}"), 409, "image_protected");

        accepted(api.patchJson("/1.0/images/" + id, "{\"protected\":true}"));
        assertThat(image(id).has("unprotect_at")).as("cancelled").isFalse();
        Thread.sleep(COOLDOWN_MILLIS + 200);
        assertThat(image(id).path("protected").asBoolean()).as("a cancelled unprotection never happens").isTrue();

        accepted(api.patchJson("/1.0/images/" + id, "{\"protected\":false}"));
        Thread.sleep(COOLDOWN_MILLIS + 200);
        assertThat(image(id).path("protected").asBoolean()).isFalse();
        trashIdOf(api.delete("/1.0/images/" + id));
    }

    // ---- content digests ----

    @Test
    void aDigestNamesTheVersionWithThatContentWhereverAVersionCanBeNamed() {
        String id = upload(unique("img"));
        addVersion(id);
        addVersion(id);
        String fp1 = fingerprint(id, 1);
        String fp2 = fingerprint(id, 2);

        Api.Reply dry = api.delete("/1.0/images/sha256:" + fp1 + "?dry_run=true");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.metadata().path("version").asInt()).isEqualTo(1);

        String trash = trashIdOf(api.delete("/1.0/images/sha256:" + fp1));
        assertThat(versionNumbers(id)).containsExactly(0, 2);
        Api.Reply batch = api.delete("/1.0/images", "{\"images\":[{\"image\":\"sha256:" + fp2.substring(0, 12)
                + "\"}]}");
        assertThat(batch.metadata().path("deleted").get(0).path("version").asInt()).as(batch.toString()).isEqualTo(2);
        assertThat(versionNumbers(id)).containsExactly(0);

        accepted(restore("sha256:" + fp1.substring(0, 16)));
        assertThat(versionNumbers(id)).containsExactly(0, 1);
        assertThat(trashIds()).doesNotContain(trash);
        assertRefused(api.delete("/1.0/images/sha256:" + fp1.substring(0, 11)), 400, "bad_request");
        assertRefused(api.delete("/1.0/images/sha256:" + "0".repeat(64)), 404, "not_found");
    }

    @Test
    void aDigestOfContentInSeveralVersionsIsAmbiguous() {
        byte[] same = tarball();
        String a = uploadBytes(unique("a"), same);
        String b = uploadBytes(unique("b"), same);
        String fp = fingerprint(a, 0);
        assertThat(fingerprint(b, 0)).isEqualTo(fp);

        Api.Reply r = api.delete("/1.0/images/sha256:" + fp);
        assertRefused(r, 400, "ambiguous");
        assertThat(r.metadata().path("matches")).hasSize(2);
        assertThat(imageExists(a)).isTrue();
        assertThat(imageExists(b)).isTrue();
    }

    // ---- audit and events ----

    @Test
    void binningRestoringAndPurgingAreAuditedAndRaiseEvents() throws InterruptedException {
        String id = upload(unique("img"));
        try (EventClient events = EventClient.connect(server.getPort(), ADMIN_TOKEN, "?type=lifecycle")) {
            String trash = trashIdOf(api.delete("/1.0/images/" + id));
            JsonNode deleted = events.next(EventClient.lifecycle("image-deleted"), 10);
            assertThat(deleted.path("metadata").path("context").path("trash_id").asText()).isEqualTo(trash);
            accepted(restore(trash));
            JsonNode restored = events.next(EventClient.lifecycle("image-restored"), 10);
            assertThat(restored.path("metadata").path("context").path("trash_id").asText()).isEqualTo(trash);
            String again = trashIdOf(api.delete("/1.0/images/" + id));
            accepted(api.delete("/1.0/trash/" + again));
            JsonNode purged = events.next(EventClient.lifecycle("trash-purged"), 10);
            assertThat(purged.path("metadata").path("source").asText()).isEqualTo("/1.0/trash/" + again);
        }
        for (String action : List.of("image.delete", "trash.restore", "trash.purge")) {
            JsonNode records = api.get("/1.0/audit?action=" + action).metadata();
            assertThat(records).as(action).isNotEmpty();
            assertThat(records.get(0).path("actor").asText()).as(action).isEqualTo("admin");
        }
    }
}
