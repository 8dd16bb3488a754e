package io.amsfleet.server.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.ServerTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention policies (docs/retention.md) through the HTTP API of a real server: what each rule
 * keeps, what the deletion rules keep whatever the rules say, previews that applying carries out
 * exactly or refuses, the recycle bin, schedules and reports. Runs on H2 and on PostgreSQL.
 */
public abstract class RetentionContract extends ServerTestBase {
    private static final long DAY_SECONDS = 86_400;

    private Api viewer;
    private Api operator;

    @Override
    protected String trashRetention() {
        return "7d";
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = super.getProperties();
        props.put("ams.retention.check-interval", "200ms");
        props.put("ams.cluster.poll-interval", "100ms");
        return props;
    }

    @BeforeEach
    void clean() {
        sql("DELETE FROM retention_run_items", "DELETE FROM retention_runs", "DELETE FROM retention_plan_versions",
                "DELETE FROM retention_plan_images", "DELETE FROM retention_plans", "DELETE FROM retention_policies",
                "DELETE FROM tokens WHERE name <> 'admin'");
        viewer = token("viewer");
        operator = token("operator");
    }

    private Api token(String role) {
        Api.Reply r = api.postJson("/1.0/tokens", "{\"name\":\"" + role + "-ret\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return api.withToken(r.metadata().path("token").asText());
    }

    // ---- helpers ----

    /** An image with {@code count} versions, numbered 0 to count - 1. */
    private String imageWith(int count, String... fields) {
        String id = upload(unique("ret"), fields);
        for (int i = 1; i < count; i++) {
            addVersion(id);
        }
        return id;
    }

    private void ageVersion(String image, int version, long days) {
        long at = System.currentTimeMillis() / 1000 - days * DAY_SECONDS;
        sql("UPDATE image_versions SET created_at = " + at + " WHERE version = " + version
                + " AND image_pk = (SELECT pk FROM images WHERE id = '" + image + "')");
    }

    private void ageAll(String image, long days) {
        for (int v : versionNumbers(image)) {
            ageVersion(image, v, days);
        }
    }

    private void usedDaysAgo(String image, int version, long days) {
        long at = System.currentTimeMillis() - days * DAY_SECONDS * 1000;
        sql("UPDATE image_versions SET last_used_at = " + at + " WHERE version = " + version
                + " AND image_pk = (SELECT pk FROM images WHERE id = '" + image + "')");
    }

    private JsonNode preview(String body) {
        Api.Reply r = api.postJson("/1.0/retention/preview", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.metadata();
    }

    private JsonNode previewImage(String image, String rules) {
        return preview("{\"scope\":\"image\",\"target\":\"" + image + "\"," + rules + "}");
    }

    private Api.Reply apply(String planId) {
        return api.postJson("/1.0/retention/apply", "{\"plan_id\":\"" + planId + "\"}");
    }

    /** The run an apply's operation names. */
    private JsonNode appliedRun(Api.Reply applied) {
        assertThat(applied.status()).as(applied.toString()).isEqualTo(202);
        assertThat(applied.metadata().path("status").asText()).as(applied.toString()).isEqualTo("Success");
        String run = applied.metadata().path("metadata").path("run_id").asText();
        Api.Reply r = api.get("/1.0/retention/runs/" + run);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.metadata();
    }

    private static List<Integer> versionsOf(JsonNode items, String image) {
        List<Integer> out = new ArrayList<>();
        items.forEach(i -> {
            if (i.path("image_id").asText().equals(image)) {
                out.add(i.path("version").asInt());
            }
        });
        return out;
    }

    private static String reasonOf(JsonNode items, String image, int version) {
        for (JsonNode i : items) {
            if (i.path("image_id").asText().equals(image) && i.path("version").asInt() == version) {
                return i.path("reason").asText();
            }
        }
        throw new AssertionError("version " + version + " of " + image + " not in " + items);
    }

    private void put(String id, String body) {
        Api.Reply r = api.putJson("/1.0/retention/policies/" + id, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static void assertRefused(Api.Reply r, int status, String reason) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
    }

    private static List<String> changes(Api.Reply r) {
        List<String> out = new ArrayList<>();
        r.json().path("metadata").path("changes").forEach(c -> out.add(c.path("change").asText()));
        return out;
    }

    // ---- the rules ----

    @Test
    void keepLastKeepsTheNewestVersionsAndRemovesTheRest() {
        String id = imageWith(5);
        JsonNode plan = previewImage(id, "\"keep_last\":3");
        assertThat(versionsOf(plan.path("remove"), id)).containsExactly(0, 1);
        assertThat(versionsOf(plan.path("keep"), id)).containsExactlyInAnyOrder(2, 3, 4);
        assertThat(reasonOf(plan.path("keep"), id, 4)).isEqualTo("keep_last");
    }

    @Test
    void olderThanRemovesOnlyWhatWasCreatedBeforeTheDuration() {
        String id = imageWith(3);
        ageVersion(id, 0, 40);
        ageVersion(id, 1, 40);
        JsonNode plan = previewImage(id, "\"older_than\":\"30d\"");
        assertThat(versionsOf(plan.path("remove"), id)).containsExactly(0, 1);
        assertThat(reasonOf(plan.path("keep"), id, 2)).isEqualTo("older_than");
    }

    @Test
    void unusedForCountsFromTheLastUseAndFromCreationWhenNeverUsed() {
        String id = imageWith(3);
        ageAll(id, 60);
        usedDaysAgo(id, 1, 5);
        JsonNode plan = previewImage(id, "\"unused_for\":\"30d\"");
        assertThat(versionsOf(plan.path("remove"), id)).containsExactly(0, 2);
        assertThat(reasonOf(plan.path("keep"), id, 1)).isEqualTo("unused_for");
    }

    @Test
    void aVersionStaysWhenAnyRuleKeepsIt() {
        String id = imageWith(4);
        ageAll(id, 60);
        usedDaysAgo(id, 1, 2);
        JsonNode plan = previewImage(id, "\"keep_last\":1,\"unused_for\":\"30d\"");
        assertThat(versionsOf(plan.path("remove"), id)).containsExactly(0, 2);
        assertThat(reasonOf(plan.path("keep"), id, 3)).isEqualTo("keep_last");
        assertThat(reasonOf(plan.path("keep"), id, 1)).isEqualTo("unused_for");
    }

    // ---- never what runs ----

    @Test
    void aPinnedVersionIsKeptAndReportedAsBlocked() {
        String id = imageWith(3);
        createApp(unique("app"), id, 0);
        JsonNode plan = previewImage(id, "\"keep_last\":1");
        assertThat(versionsOf(plan.path("remove"), id)).containsExactly(1);
        assertThat(reasonOf(plan.path("keep"), id, 0)).isEqualTo("version_in_use");
        assertThat(plan.path("blocked_count").asInt()).isEqualTo(1);
    }

    @Test
    void theLastVersionIsKeptWhateverTheRulesSay() {
        String id = imageWith(2);
        ageAll(id, 90);
        JsonNode plan = previewImage(id, "\"older_than\":\"30d\"");
        assertThat(versionsOf(plan.path("remove"), id)).containsExactly(0);
        assertThat(reasonOf(plan.path("keep"), id, 1)).isEqualTo("last_version");
    }

    @Test
    void aProtectedImageLosesNothing() {
        String id = imageWith(3);
        assertThat(api.patchJson("/1.0/images/" + id, "{\"protected\":true}").status()).isEqualTo(202);
        JsonNode plan = previewImage(id, "\"keep_last\":1");
        assertThat(plan.path("remove")).isEmpty();
        assertThat(reasonOf(plan.path("keep"), id, 0)).isEqualTo("image_protected");
    }

    @Test
    void anImmutableImageKeepsItsSingleVersions() {
        String id = imageWith(3);
        makeImmutable(id);
        JsonNode plan = previewImage(id, "\"keep_last\":1");
        assertThat(plan.path("remove")).isEmpty();
        assertThat(reasonOf(plan.path("keep"), id, 1)).isEqualTo("version_immutable");
    }

    // ---- exact previews ----

    @Test
    void applyingAPlanRemovesExactlyWhatItsPreviewListed() {
        String a = imageWith(4);
        String b = imageWith(2);
        String vm = imageWith(4, "type", "\"vm\"");
        put("containers", "{\"scope\":\"type\",\"target\":\"container\",\"keep_last\":1}");
        JsonNode plan = preview("{\"policy\":\"containers\"}");
        assertThat(versionsOf(plan.path("remove"), a)).containsExactly(0, 1, 2);
        assertThat(versionsOf(plan.path("remove"), b)).containsExactly(0);
        assertThat(versionsOf(plan.path("remove"), vm)).isEmpty();

        JsonNode run = appliedRun(apply(plan.path("plan_id").asText()));
        assertThat(versionNumbers(a)).containsExactly(3);
        assertThat(versionNumbers(b)).containsExactly(1);
        assertThat(versionNumbers(vm)).containsExactly(0, 1, 2, 3);
        assertThat(run.path("removed_count").asInt()).isEqualTo(4);
        assertThat(versionsOf(run.path("removed"), a)).containsExactly(0, 1, 2);
    }

    @Test
    void aNewPinSinceThePreviewRefusesThePlanAndRemovesNothing() {
        String id = imageWith(3);
        String other = imageWith(2);
        put("all", "{\"scope\":\"global\",\"keep_last\":1}");
        JsonNode plan = preview("{\"policy\":\"all\"}");
        createApp(unique("app"), id, 0);
        Api.Reply r = apply(plan.path("plan_id").asText());
        assertRefused(r, 412, "precondition_failed");
        assertThat(changes(r)).containsExactly("new_pin");
        assertThat(versionNumbers(id)).containsExactly(0, 1, 2);
        assertThat(versionNumbers(other)).containsExactly(0, 1);
    }

    @Test
    void aNewVersionSinceThePreviewRefusesThePlan() {
        String id = imageWith(3);
        JsonNode plan = previewImage(id, "\"keep_last\":2");
        addVersion(id);
        Api.Reply r = apply(plan.path("plan_id").asText());
        assertRefused(r, 412, "precondition_failed");
        assertThat(changes(r)).containsExactly("new_version");
        assertThat(versionNumbers(id)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aChangedPolicySinceThePreviewRefusesThePlan() {
        String id = imageWith(3);
        put("p", "{\"scope\":\"image\",\"target\":\"" + id + "\",\"keep_last\":1}");
        JsonNode plan = preview("{\"policy\":\"p\"}");
        put("p", "{\"scope\":\"image\",\"target\":\"" + id + "\",\"keep_last\":2}");
        Api.Reply r = apply(plan.path("plan_id").asText());
        assertRefused(r, 412, "precondition_failed");
        assertThat(changes(r)).containsExactly("policy_changed");
        assertThat(versionNumbers(id)).containsExactly(0, 1, 2);
    }

    @Test
    void anExpiredPlanIsRefused() {
        String id = imageWith(3);
        JsonNode plan = previewImage(id, "\"keep_last\":1");
        assertThat(plan.path("expires_at").asText()).isNotEmpty();
        sql("UPDATE retention_plans SET expires_at = " + (System.currentTimeMillis() - 1) + " WHERE id = '"
                + plan.path("plan_id").asText() + "'");
        Api.Reply r = apply(plan.path("plan_id").asText());
        assertRefused(r, 412, "precondition_failed");
        assertThat(changes(r)).containsExactly("expired");
        assertThat(versionNumbers(id)).containsExactly(0, 1, 2);
    }

    @Test
    void aPlanAppliesOnce() {
        String id = imageWith(3);
        JsonNode plan = previewImage(id, "\"keep_last\":2");
        appliedRun(apply(plan.path("plan_id").asText()));
        Api.Reply again = apply(plan.path("plan_id").asText());
        assertRefused(again, 412, "precondition_failed");
        assertThat(changes(again)).containsExactly("applied");
    }

    // ---- the recycle bin ----

    @Test
    void whatARunRemovesIsInTheRecycleBinAndComesBack() {
        String id = imageWith(3);
        JsonNode run = appliedRun(apply(previewImage(id, "\"keep_last\":1").path("plan_id").asText()));
        List<String> trash = new ArrayList<>();
        run.path("removed").forEach(i -> trash.add(i.path("trash_id").asText()));
        assertThat(trash).hasSize(2).doesNotContain("");
        Api.Reply entry = api.get("/1.0/trash/" + trash.get(0));
        assertThat(entry.status()).as(entry.toString()).isEqualTo(200);
        assertThat(entry.metadata().path("image_id").asText()).isEqualTo(id);

        Api.Reply restored = api.postJson("/1.0/trash/" + trash.get(0) + "/restore", "{}");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(202);
        assertThat(versionNumbers(id)).containsExactly(0, 2);
    }

    // ---- use ----

    @Test
    void lastUsedAtIsSetByAnApplicationAndNotByReading() {
        String id = imageWith(2);
        image(id);
        api.get("/1.0/images?recursion=1");
        previewImage(id, "\"unused_for\":\"1d\"");
        assertThat(image(id).path("versions").get(0).has("last_used_at")).isTrue();
        assertThat(image(id).path("versions").get(0).path("last_used_at").isNull()).isTrue();

        createApp(unique("app"), id, 1);
        JsonNode versions = image(id).path("versions");
        assertThat(versions.get(0).path("last_used_at").isNull()).isTrue();
        assertThat(versions.get(1).path("last_used_at").asText()).matches("\\d{4}-.*Z");
    }

    // ---- schedules and reports ----

    @Test
    void aScheduledPolicyRunsWithoutAPlanAndSaysSo() throws InterruptedException {
        String id = imageWith(3);
        put("nightly", "{\"scope\":\"image\",\"target\":\"" + id + "\",\"keep_last\":1,\"schedule\":\"1h\"}");
        JsonNode runs = null;
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            runs = api.get("/1.0/retention/runs?recursion=1&policy=nightly").metadata();
            if (runs.size() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("trigger").asText()).isEqualTo("schedule");
        assertThat(runs.get(0).has("plan_id")).isFalse();
        assertThat(runs.get(0).path("message").asText()).contains("without a plan");
        assertThat(versionNumbers(id)).containsExactly(2);
        Thread.sleep(600);
        assertThat(api.get("/1.0/retention/runs?policy=nightly").metadata()).as("once per schedule").hasSize(1);
        assertThat(api.get("/1.0/retention/policies/nightly").metadata().path("last_run_at").asText()).isNotEmpty();
    }

    @Test
    void aRunsReportCountsWhatWentWhatStayedAndWhy() {
        String id = imageWith(4);
        createApp(unique("app"), id, 0);
        JsonNode run = appliedRun(apply(previewImage(id, "\"keep_last\":2").path("plan_id").asText()));
        assertThat(run.path("trigger").asText()).isEqualTo("plan");
        assertThat(run.path("removed_count").asInt()).isEqualTo(1);
        assertThat(run.path("kept_count").asInt()).isEqualTo(2);
        assertThat(run.path("blocked_count").asInt()).isEqualTo(1);
        assertThat(run.path("bytes_freed").asLong()).isPositive();
        assertThat(run.path("duration_ms").asLong()).isNotNegative();
        assertThat(reasonOf(run.path("blocked"), id, 0)).isEqualTo("version_in_use");
        assertThat(reasonOf(run.path("kept"), id, 3)).isEqualTo("keep_last");
        assertThat(versionsOf(run.path("removed"), id)).containsExactly(1);
        Api.Reply audit = api.get("/1.0/audit?action=retention.apply");
        assertThat(audit.metadata().toString()).contains(run.path("id").asText());
    }

    // ---- policies, roles, input ----

    @Test
    void aPolicyReadsBackAsItWasPut() {
        put("vms", "{\"scope\":\"type\",\"target\":\"vm\",\"keep_last\":3,\"unused_for\":\"30d\",\"schedule\":\"24h\"}");
        JsonNode p = viewer.get("/1.0/retention/policies/vms").metadata();
        assertThat(p.path("scope").asText()).isEqualTo("type");
        assertThat(p.path("target").asText()).isEqualTo("vm");
        assertThat(p.path("keep_last").asInt()).isEqualTo(3);
        assertThat(p.path("unused_for").asText()).isEqualTo("30d");
        assertThat(p.path("schedule").asText()).isEqualTo("1d");
        assertThat(p.path("enabled").asBoolean()).isTrue();
        assertThat(viewer.get("/1.0/retention/policies").metadata().toString()).contains("/1.0/retention/policies/vms");
    }

    @Test
    void aSecondPolicyForTheSameTargetIsRefused() {
        put("one", "{\"scope\":\"type\",\"target\":\"vm\",\"keep_last\":3}");
        assertRefused(api.putJson("/1.0/retention/policies/two", "{\"scope\":\"type\",\"target\":\"vm\",\"keep_last\":2}"),
                409, "already_exists");
    }

    @Test
    void aMoreSpecificPolicyGovernsItsImages() {
        String special = imageWith(3);
        String plain = imageWith(3);
        put("all", "{\"scope\":\"global\",\"keep_last\":1}");
        put("special", "{\"scope\":\"image\",\"target\":\"" + special + "\",\"keep_last\":3}");
        JsonNode plan = preview("{\"policy\":\"all\"}");
        assertThat(versionsOf(plan.path("remove"), plain)).containsExactly(0, 1);
        assertThat(versionsOf(plan.path("remove"), special)).isEmpty();
    }

    @Test
    void anImagesPreviewIsWhatTheMostSpecificPolicyWouldDoToIt() {
        String id = imageWith(4);
        put("all", "{\"scope\":\"global\",\"keep_last\":1}");
        put("containers", "{\"scope\":\"type\",\"target\":\"container\",\"keep_last\":2}");
        JsonNode plan = preview("{\"image\":\"" + id + "\"}");
        assertThat(plan.path("policy").path("id").asText()).isEqualTo("containers");
        assertThat(versionsOf(plan.path("remove"), id)).containsExactly(0, 1);
        appliedRun(apply(plan.path("plan_id").asText()));
        assertThat(versionNumbers(id)).containsExactly(2, 3);
    }

    @Test
    void anImageNoPolicyGovernsHasNoPreview() {
        assertRefused(api.postJson("/1.0/retention/preview", "{\"image\":\"" + imageWith(2) + "\"}"), 404,
                "not_found");
    }

    @Test
    void aViewerReadsButMayNotPreviewAndAnOperatorMayNotApply() {
        String id = imageWith(2);
        assertRefused(viewer.postJson("/1.0/retention/preview", "{\"scope\":\"global\",\"keep_last\":1}"), 403,
                "forbidden");
        Api.Reply plan = operator.postJson("/1.0/retention/preview", "{\"scope\":\"global\",\"keep_last\":1}");
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        assertRefused(operator.postJson("/1.0/retention/apply", "{\"plan_id\":\"" + plan.metadata().path("plan_id")
                .asText() + "\"}"), 403, "forbidden");
        assertRefused(operator.putJson("/1.0/retention/policies/x", "{\"scope\":\"global\",\"keep_last\":1}"), 403,
                "forbidden");
        assertThat(versionNumbers(id)).containsExactly(0, 1);
        assertThat(viewer.get("/1.0/retention/runs").status()).isEqualTo(200);
    }

    @Test
    void badRulesAreRefusedWithTheFieldNamed() {
        assertRefused(api.putJson("/1.0/retention/policies/x", "{\"scope\":\"global\",\"keep_last\":\"3\"}"), 400,
                "bad_request");
        Api.Reply duration = api.putJson("/1.0/retention/policies/x", "{\"scope\":\"global\",\"older_than\":\"30 days\"}");
        assertRefused(duration, 400, "bad_request");
        assertThat(duration.json().path("error").asText()).contains("older_than");
        assertRefused(api.putJson("/1.0/retention/policies/x", "{\"scope\":\"global\"}"), 400, "bad_request");
        assertRefused(api.putJson("/1.0/retention/policies/x", "{\"scope\":\"global\",\"keep_last\":1,\"keep_last\":2}"),
                400, "bad_request");
        assertRefused(api.get("/1.0/retention/runs?dry_run=true"), 400, "bad_request");
    }
}
