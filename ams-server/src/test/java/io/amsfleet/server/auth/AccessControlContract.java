package io.amsfleet.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens, roles and the audit trail, through the HTTP API. */
public abstract class AccessControlContract extends ServerTestBase {
    private Map<String, Api> as;

    @BeforeEach
    void tokens() {
        sql("DELETE FROM tokens WHERE name <> 'admin'", "DELETE FROM audit_events");
        as = new LinkedHashMap<>();
        as.put("none", api.withToken(null));
        for (String role : List.of("viewer", "operator")) {
            Api.Reply r = api.postJson("/1.0/tokens", "{\"name\":\"" + role + "-t\",\"role\":\"" + role + "\"}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            as.put(role, api.withToken(r.metadata().path("token").asText()));
        }
        as.put("admin", api);
    }

    /** A fixture, rebuilt for each check so that one allowed delete does not change the next check. */
    private record Fixture(String image, String other, String app) {
    }

    private Fixture fixture() {
        clearCatalogue();
        String def = upload(unique("def"));
        String image = upload(unique("img"));
        addVersion(image);
        String app = createApp(unique("app"), def, null);
        return new Fixture(image, def, app);
    }

    private record Call(String label, String minimum, Function<Fixture, Function<Api, Api.Reply>> request) {
    }

    private static List<Call> endpoints() {
        byte[] tarball = TestTarballs.image();
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("list images", "viewer", f -> a -> a.get("/1.0/images?recursion=1")));
        calls.add(new Call("get image", "viewer", f -> a -> a.get("/1.0/images/" + f.image())));
        calls.add(new Call("list applications", "viewer", f -> a -> a.get("/1.0/applications")));
        calls.add(new Call("list operations", "viewer", f -> a -> a.get("/1.0/operations")));
        calls.add(new Call("dry-run delete", "viewer", f -> a -> a.delete("/1.0/images/" + f.image() + "?dry_run=true")));
        calls.add(new Call("upload", "operator", f -> a -> a.upload("POST", "/1.0/images/", tarball,
                "X-AMS-Request", "{\"name\":\"" + unique("up") + "\"}")));
        calls.add(new Call("update", "operator", f -> a -> a.upload("PATCH", "/1.0/images/" + f.image(),
                TestTarballs.image())));
        calls.add(new Call("create application", "operator", f -> a -> a.postJson("/1.0/applications",
                "{\"name\":\"" + unique("a") + "\",\"image\":\"" + f.image() + "\"}")));
        calls.add(new Call("delete application", "operator", f -> a -> a.delete("/1.0/applications/" + f.app())));
        calls.add(new Call("switch default", "admin", f -> a -> a.patchJson("/1.0/images/" + f.image(),
                "{\"default\":true}")));
        calls.add(new Call("delete image", "admin", f -> a -> a.delete("/1.0/images/" + f.image())));
        calls.add(new Call("delete version", "admin", f -> a -> a.delete("/1.0/images/" + f.image() + "/0")));
        calls.add(new Call("batch delete", "admin", f -> a -> a.delete("/1.0/images",
                "{\"images\":[{\"image\":\"" + f.image() + "\",\"version\":0}]}")));
        calls.add(new Call("list tokens", "admin", f -> a -> a.get("/1.0/tokens")));
        calls.add(new Call("create token", "admin", f -> a -> a.postJson("/1.0/tokens",
                "{\"name\":\"" + unique("t") + "\",\"role\":\"viewer\"}")));
        calls.add(new Call("revoke token", "admin", f -> a -> a.delete("/1.0/tokens/no-such-token")));
        calls.add(new Call("read audit", "admin", f -> a -> a.get("/1.0/audit")));
        return calls;
    }

    @Test
    void everyEndpointAnswersEachRoleAsTheRoleMatrixSays() {
        List<String> roles = List.of("none", "viewer", "operator", "admin");
        List<String> mismatches = new ArrayList<>();
        for (Call call : endpoints()) {
            for (String role : roles) {
                Fixture f = fixture();
                Api.Reply r = call.request().apply(f).apply(as.get(role));
                int expected;
                if (role.equals("none")) {
                    expected = 401;
                } else if (roles.indexOf(role) < roles.indexOf(call.minimum())) {
                    expected = 403;
                } else {
                    expected = 0;
                }
                boolean ok = expected == 0 ? r.status() != 401 && r.status() != 403 && r.status() < 500
                        : r.status() == expected && (expected == 401 ? "unauthorized" : "forbidden").equals(r.reason());
                if (!ok) {
                    mismatches.add(call.label() + " as " + role + ": " + r);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aViewerCannotDeleteAndIsToldWhichRoleItNeeds() {
        Fixture f = fixture();
        Api.Reply r = as.get("viewer").delete("/1.0/images/" + f.image() + "/0");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).isEqualTo("forbidden");
        assertThat(r.metadata().path("required_role").asText()).isEqualTo("admin");
        assertThat(r.json().path("error").asText()).contains("admin");
        assertThat(versionNumbers(f.image())).containsExactly(0, 1);
    }

    @Test
    void aTokenSecretIsShownOnceAndStoredOnlyAsAHash() {
        Api.Reply created = api.postJson("/1.0/tokens", "{\"name\":\"ci\",\"role\":\"operator\"}");
        String secret = created.metadata().path("token").asText();
        assertThat(secret).hasSizeGreaterThan(30);
        assertThat(created.metadata().path("created_at").asLong()).isPositive();
        JsonNode listed = api.get("/1.0/tokens").metadata();
        assertThat(listed.toString()).doesNotContain(secret);
        assertThat(listed.findValuesAsText("name")).contains("admin", "ci");
        assertThat(sqlCount("SELECT COUNT(*) FROM tokens WHERE token_hash = '" + secret + "'")).isZero();
        assertThat(api.postJson("/1.0/tokens", "{\"name\":\"ci\",\"role\":\"viewer\"}").reason())
                .isEqualTo("already_exists");
        assertThat(api.postJson("/1.0/tokens", "{\"name\":\"x\",\"role\":\"root\"}").reason()).isEqualTo("bad_request");
    }

    @Test
    void aRevokedTokenIsRefusedOnItsNextRequest() {
        Api viewer = as.get("viewer");
        assertThat(viewer.get("/1.0/images").status()).isEqualTo(200);
        assertThat(api.delete("/1.0/tokens/viewer-t").status()).isEqualTo(200);
        assertThat(viewer.get("/1.0/images").status()).isEqualTo(401);
    }

    @Test
    void theLastAdminTokenCannotBeRevoked() {
        assertThat(api.delete("/1.0/tokens/admin").reason()).isEqualTo("last_admin");
        Api.Reply second = api.postJson("/1.0/tokens", "{\"name\":\"admin2\",\"role\":\"admin\"}");
        Api admin2 = api.withToken(second.metadata().path("token").asText());
        assertThat(admin2.delete("/1.0/tokens/admin").status()).isEqualTo(200);
        assertThat(admin2.delete("/1.0/tokens/admin2").reason()).isEqualTo("last_admin");
        api.withToken(null);
        // give the suite its admin token back
        sql("DELETE FROM tokens WHERE name = 'admin2'");
        sql("INSERT INTO tokens (name, role, token_hash, created_at) VALUES ('admin', 'admin', '"
                + TokenStore.hash(ADMIN_TOKEN) + "', 0)");
    }

    @Test
    void tooManyDeletesFromOneTokenAreRefusedWith429AndRetryAfter() {
        String name = unique("bulk");
        Api bulk = api.withToken(api.postJson("/1.0/tokens", "{\"name\":\"" + name + "\",\"role\":\"admin\"}")
                .metadata().path("token").asText());
        upload("stays-default");
        for (int i = 0; i <= DELETE_RATE_LIMIT; i++) {
            upload("bulk-" + i);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(bulk.delete("/1.0/images/missing").status()).as("what is not deleted does not count")
                    .isEqualTo(404);
        }
        for (int i = 0; i < DELETE_RATE_LIMIT; i++) {
            assertThat(bulk.delete("/1.0/images/bulk-" + i).status()).isEqualTo(202);
        }
        assertThat(bulk.delete("/1.0/images/bulk-" + DELETE_RATE_LIMIT + "?dry_run=true").status())
                .as("dry runs do not count").isEqualTo(200);
        Api.Reply limited = bulk.delete("/1.0/images/bulk-" + DELETE_RATE_LIMIT);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.reason()).isEqualTo("too_many_requests");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(imageExists("bulk-" + DELETE_RATE_LIMIT)).isTrue();
        assertThat(api.delete("/1.0/images/bulk-" + DELETE_RATE_LIMIT).status())
                .as("the bootstrap admin token is exempt").isEqualTo(202);
    }

    @Test
    void entitlementsFollowTheCallersRole() {
        Fixture f = fixture();
        assertThat(as.get("viewer").get("/1.0/images/" + f.image() + "?entitlements=1").metadata()
                .path("entitlements").toString()).isEqualTo("[\"can_view\"]");
        assertThat(as.get("operator").get("/1.0/images?recursion=1&entitlements=1").metadata().get(0)
                .path("entitlements").toString()).isEqualTo("[\"can_view\",\"can_edit\"]");
        assertThat(api.get("/1.0/images/" + f.image() + "?entitlements=1").metadata().path("entitlements").size())
                .isEqualTo(3);
        assertThat(api.get("/1.0/images/" + f.image()).metadata().has("entitlements")).isFalse();
    }

    @Test
    void aViewersDryRunSaysFirstThatTheDeleteNeedsAnotherRole() {
        Fixture f = fixture();
        JsonNode report = as.get("viewer").delete("/1.0/images/" + f.other() + "?dry_run=true").metadata();
        assertThat(report.path("allowed").asBoolean()).isFalse();
        assertThat(report.path("blockers").get(0).path("code").asText()).isEqualTo("forbidden");
        assertThat(report.path("force_would_help").asBoolean()).isFalse();
        JsonNode admins = api.delete("/1.0/images/" + f.other() + "?dry_run=true").metadata();
        assertThat(admins.path("blockers").findValuesAsText("code")).doesNotContain("forbidden");
    }

    @Test
    void theAuditTrailSaysWhoDeletedWhatAndWhoWasRefused() {
        Fixture f = fixture();
        sql("DELETE FROM audit_events");
        as.get("viewer").delete("/1.0/images/" + f.image() + "/0");
        as.get("none").delete("/1.0/images/" + f.image());
        api.delete("/1.0/images/" + f.other());
        api.delete("/1.0/images/" + f.image() + "/0", "{\"force\":true}");
        api.delete("/1.0/images/" + f.image() + "?dry_run=true");
        JsonNode events = api.get("/1.0/audit?image=" + f.image()).metadata();
        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(e.path("actor").asText() + " " + e.path("action").asText() + " "
                + e.path("version").asText("") + " " + e.path("status").asInt() + " " + e.path("outcome").asText() + " "
                + e.path("reason").asText("") + " force=" + e.path("force").asBoolean() + " dry_run="
                + e.path("dry_run").asBoolean()));
        assertThat(lines).containsExactly(
                "admin image.delete  200 preview  force=false dry_run=true",
                "admin image.version.delete 0 202 success  force=true dry_run=false",
                "- image.delete  401 refused unauthorized force=false dry_run=false",
                "viewer-t image.version.delete 0 403 refused forbidden force=false dry_run=false");
        JsonNode refused = api.get("/1.0/audit?outcome=refused&actor=admin").metadata();
        assertThat(refused.get(0).path("reason").asText()).isEqualTo("image_is_default");
        assertThat(refused.get(0).path("image_id").asText()).isEqualTo(f.other());
        JsonNode success = events.get(1);
        assertThat(success.path("operation").asText()).isNotBlank();
        assertThat(api.get("/1.0/audit?outcome=success&image=" + f.image()).metadata()).hasSize(1);
        assertThat(api.get("/1.0/audit?outcome=preview&image=" + f.image()).metadata()).hasSize(1);
        assertThat(api.get("/1.0/audit?previews=false&image=" + f.image()).metadata()).hasSize(3);
        assertThat(success.path("client_address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void theAuditTrailFiltersByTimeAndOutcomeAndPagesWithEveryValueBound() {
        sql("DELETE FROM audit_events");
        for (int i = 1; i <= 5; i++) {
            sql("INSERT INTO audit_events (request_id, at, actor, client_address, action, target, force, dry_run, status)"
                    + " VALUES ('r" + i + "', " + i * 1_000_000L + ", 'pager', '-', 'test', 't" + i + "', FALSE, FALSE, "
                    + (i == 5 ? 500 : 200) + ")");
        }
        assertThat(targets("since=2000&until=4000")).containsExactly("t3", "t2");
        assertThat(targets("offset=1&limit=2")).containsExactly("t4", "t3");
        assertThat(targets("outcome=failed")).containsExactly("t5");
        assertThat(targets("outcome=success&since=4000")).containsExactly("t4");
        assertThat(api.get("/1.0/audit?actor=%27%20OR%20%271%27%3D%271").metadata()).isEmpty();
    }

    @Test
    void anAuditTimeIsInUnixSecondsAsEveryCreatedAtAndAsSinceAndUntilTakeIt() {
        Fixture f = fixture();
        sql("DELETE FROM audit_events");
        long before = java.time.Instant.now().getEpochSecond();
        api.delete("/1.0/images/" + f.image() + "?dry_run=true");
        long after = java.time.Instant.now().getEpochSecond();
        long time = api.get("/1.0/audit?image=" + f.image()).metadata().get(0).path("time").asLong();
        assertThat(time).isBetween(before, after);
        long created = api.get("/1.0/images/" + f.image()).metadata().path("versions").get(0).path("created_at").asLong();
        assertThat(time - created).isBetween(0L, 600L);
        assertThat(api.get("/1.0/audit?image=" + f.image() + "&since=" + time).metadata()).hasSize(1);
        assertThat(api.get("/1.0/audit?image=" + f.image() + "&until=" + time).metadata()).isEmpty();
    }

    private List<String> targets(String query) {
        List<String> out = new ArrayList<>();
        api.get("/1.0/audit?actor=pager&" + query).metadata().forEach(e -> out.add(e.path("target").asText()));
        return out;
    }

    @Test
    void aSuccessfulChangeAndItsAuditRecordCommitTogether() {
        Fixture f = fixture();
        sql("DELETE FROM audit_events");
        api.delete("/1.0/images/" + f.image() + "/1");
        assertThat(sqlCount("SELECT COUNT(*) FROM audit_events WHERE action = 'image.version.delete'"
                + " AND operation_id IS NOT NULL AND status = 202")).isEqualTo(1);
        assertThat(sqlCount("SELECT COUNT(*) FROM audit_events")).as("one record per request").isEqualTo(1);
    }
}
