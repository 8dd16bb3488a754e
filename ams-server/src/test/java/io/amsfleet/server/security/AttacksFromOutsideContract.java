package io.amsfleet.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.audit.AuditExpiry;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.RawHttp;
import io.amsfleet.server.support.ServerTestBase;
import io.amsfleet.server.support.TestTarballs;
import io.amsfleet.server.tls.ServerCertificate;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of the security review that used to work, each answered now (docs/security.md).
 * Limits per client address are tested from addresses of their own (127.0.0.2, …), so that the
 * tests do not share a budget.
 */
public abstract class AttacksFromOutsideContract extends ServerTestBase {
    private static final int AUTH_FAILURES = 10;
    private static final int REFUSALS_PER_CALLER = 5;
    private static final String TRUST_PASSWORD = "open-sesame";

    @Inject
    AuditLog auditLog;
    @Inject
    AuditExpiry auditExpiry;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = super.getProperties();
        props.put("ams.auth-failure-limit", AUTH_FAILURES + "/60s");
        props.put("ams.audit.refusals-per-caller", REFUSALS_PER_CALLER + "/60s");
        props.put("ams.audit.refusals-overall", "1000/60s");
        props.put("ams.trust-password", TRUST_PASSWORD);
        props.put("ams.trust-password-attempts", "5/60s");
        return props;
    }

    @BeforeEach
    void emptyAuditAndADefaultImage() {
        auditLog.flushAggregates();
        sql("DELETE FROM audit_events");
        // The first image of a type becomes its default, which no delete may take: keep it out of the way.
        upload("the-default");
    }

    private RawHttp.Reply raw(String from, String method, String path, Map<String, String> headers, String body) {
        return RawHttp.send(from, server.getPort(), method, path, headers, body);
    }

    private String token(String name, String role) {
        Api.Reply r = api.postJson("/1.0/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.metadata().path("token").asText();
    }

    private long auditRows(String from) {
        return sqlCount("SELECT COUNT(*) FROM audit_events WHERE client_address = '" + from + "'");
    }

    private long auditedRequests(String from) {
        return sqlCount("SELECT COALESCE(SUM(repeats), 0) FROM audit_events WHERE client_address = '" + from + "'");
    }

    // ---- 1. filling the disk through the audit trail

    @Test
    void aFloodOfUnauthenticatedDeletesToHugePathsIsThrottledAndStoresABoundedNumberOfRecords() {
        String path = "/1.0/" + "x".repeat(3000);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            statuses.add(raw("127.0.0.2", "DELETE", path, Map.of(), null).status());
        }
        assertThat(statuses.subList(0, AUTH_FAILURES)).containsOnly(401);
        assertThat(statuses.subList(AUTH_FAILURES, 200)).containsOnly(429);
        auditLog.flushAggregates();
        // a few rows of their own, then one row for each kind of refusal, counting the rest
        assertThat(auditRows("127.0.0.2")).isLessThanOrEqualTo(REFUSALS_PER_CALLER + 2);
        assertThat(auditedRequests("127.0.0.2")).isEqualTo(200);
        assertThat(sqlCount("SELECT MAX(LENGTH(action)) FROM audit_events")).isLessThanOrEqualTo(48);
    }

    @Test
    void aThrottledAddressStillServesRequestsThatCarryValidCredentials() {
        for (int i = 0; i < AUTH_FAILURES + 5; i++) {
            raw("127.0.0.3", "GET", "/1.0/images", Map.of("Authorization", "Bearer wrong"), null);
        }
        assertThat(raw("127.0.0.3", "GET", "/1.0/images", Map.of("Authorization", "Bearer wrong"), null).status())
                .isEqualTo(429);
        RawHttp.Reply ok = raw("127.0.0.3", "GET", "/1.0/images", Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void theThrottledAnswerSaysWhenToComeBack() {
        RawHttp.Reply last = null;
        for (int i = 0; i <= AUTH_FAILURES; i++) {
            last = raw("127.0.0.4", "GET", "/1.0/images", Map.of(), null);
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.reason()).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(last.headers().get("retry-after"))).isBetween(1L, 60L);
    }

    /** An admin of its own, whose refusals are within its budget and so recorded one by one. */
    private Api freshAdmin() {
        return api.withToken(token(unique("admin"), "admin"));
    }

    @Test
    void anAuditRecordKeepsABoundedPartOfAHugeImageName() {
        String name = "n".repeat(250);
        assertThat(freshAdmin().delete("/1.0/images/" + name).status()).isEqualTo(404);
        JsonNode record = api.get("/1.0/audit?limit=1").metadata().get(0);
        assertThat(record.path("status").asInt()).isEqualTo(404);
        assertThat(record.path("image_name").asText()).hasSize(AuditLog.MAX_NAME).isEqualTo(name.substring(0, 128));
    }

    @Test
    void auditRecordsOlderThanTheRetentionArePurgedByTheClusterJob() {
        long day = 24L * 3600 * 1000;
        long now = System.currentTimeMillis();
        for (long age : new long[]{91, 200, 1}) {
            sql("INSERT INTO audit_events (request_id, at, actor, client_address, action, force, dry_run, status)"
                    + " VALUES ('r" + age + "', " + (now - age * day) + ", 'old', '-', 'image.delete', FALSE, FALSE, 200)");
        }
        assertThat(sqlCount("SELECT COUNT(*) FROM cluster_jobs WHERE name = 'audit-expiry'")).isEqualTo(1);
        auditExpiry.run();
        assertThat(api.get("/1.0/audit?actor=old").metadata()).hasSize(1);
        assertThat(api.get("/1.0/audit?actor=old").metadata().get(0).path("time").asLong()).isGreaterThan((now - 2 * day) / 1000);
    }

    // ---- 4. bypassing the delete rate limit

    @Test
    void aBatchWithDryRunInTheQueryIsRefusedNotCarriedOut() {
        upload("q1");
        upload("q2");
        Api.Reply r = api.delete("/1.0/images?dry_run=true",
                "{\"images\":[{\"image\":\"q1\"},{\"image\":\"q2\"}],\"dry_run\":false}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).contains("dry_run");
        assertThat(imageExists("q1")).isTrue();
        assertThat(imageExists("q2")).isTrue();
    }

    @Test
    void aBatchIsChargedForEachImageItDeletes() {
        Api limited = api.withToken(token(unique("batcher"), "admin"));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < DELETE_RATE_LIMIT + 3; i++) {
            upload("b" + i);
            items.add("{\"image\":\"b" + i + "\"}");
        }
        Api.Reply r = limited.delete("/1.0/images", "{\"images\":[" + String.join(",", items) + "]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.metadata().path("deleted")).hasSize(DELETE_RATE_LIMIT);
        assertThat(r.metadata().path("failures")).hasSize(3);
        r.metadata().path("failures").forEach(f -> assertThat(f.path("code").asText()).isEqualTo("too_many_requests"));
        Api.Reply next = limited.delete("/1.0/images/b" + DELETE_RATE_LIMIT);
        assertThat(next.status()).isEqualTo(429);
        assertThat(next.header("Retry-After")).isNotNull();
        assertThat(imageExists("b" + DELETE_RATE_LIMIT)).isTrue();
    }

    @Test
    void aBatchThatTheLimitStopsEntirelyIsAnswered429() {
        Api limited = api.withToken(token(unique("spent"), "admin"));
        for (int i = 0; i < DELETE_RATE_LIMIT; i++) {
            upload("s" + i);
            assertThat(limited.delete("/1.0/images/s" + i).status()).isEqualTo(202);
        }
        upload("kept");
        Api.Reply r = limited.delete("/1.0/images", "{\"images\":[{\"image\":\"kept\"}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(imageExists("kept")).isTrue();
    }

    @Test
    void dryRunsSpelledAnyWayNeverCount() {
        Api limited = api.withToken(token(unique("asker"), "admin"));
        upload("asked");
        for (int i = 0; i < DELETE_RATE_LIMIT + 5; i++) {
            assertThat(limited.delete("/1.0/images/asked?dry_run=" + (i % 2 == 0 ? "1" : "yes")).status()).isEqualTo(200);
            assertThat(limited.delete("/1.0/images", "{\"images\":[{\"image\":\"asked\"}],\"dry_run\":true}").status())
                    .isEqualTo(200);
        }
        assertThat(limited.delete("/1.0/images/asked").status()).isEqualTo(202);
    }

    @Test
    void refusedDeletesDoNotUseUpTheAllowance() {
        Api limited = api.withToken(token(unique("refused"), "admin"));
        String id = upload("only-one");
        for (int i = 0; i < DELETE_RATE_LIMIT + 5; i++) {
            assertThat(limited.delete("/1.0/images/" + id + "/0").reason()).isEqualTo("last_version");
        }
        addVersion(id);
        assertThat(limited.delete("/1.0/images/" + id + "/0").status()).isEqualTo(202);
    }

    @Test
    void anApplicationDeleteWithDryRunIsRefusedAndDeletesNothing() {
        upload("app-img");
        createApp("dry-app", "app-img", null);
        Api.Reply r = api.delete("/1.0/applications/dry-app?dry_run=true");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(api.get("/1.0/applications/dry-app").status()).isEqualTo(200);
    }

    @Test
    void applicationDeletesCountTowardsTheDeleteLimit() {
        String operator = token(unique("apps"), "operator");
        Api limited = api.withToken(operator);
        upload("apps-img");
        for (int i = 0; i <= DELETE_RATE_LIMIT; i++) {
            createApp("a" + i, "apps-img", null);
        }
        for (int i = 0; i < DELETE_RATE_LIMIT; i++) {
            assertThat(limited.delete("/1.0/applications/a" + i).status()).isEqualTo(202);
        }
        assertThat(limited.delete("/1.0/applications/a" + DELETE_RATE_LIMIT).status()).isEqualTo(429);
        assertThat(api.get("/1.0/applications/a" + DELETE_RATE_LIMIT).status()).isEqualTo(200);
    }

    @Test
    void aQueryParameterThatTheEndpointDoesNotTakeIsA400NamingIt() {
        upload("p1");
        Api.Reply r = api.delete("/1.0/images/p1?forse=true");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).contains("forse");
        assertThat(imageExists("p1")).isTrue();
        assertThat(api.get("/1.0/images?recursion=1&bogus=1").status()).isEqualTo(400);
        assertThat(api.get("/1.0/images?recursion=1&type=container").status()).isEqualTo(200);
    }

    // ---- 6. a 500 and a half-done batch from an ordinary name

    @Test
    void aBatchNamingAMissingLongNameDeletesTheOthersAndReportsIt() {
        upload("bt1");
        upload("bt2");
        String longName = "a-name-of-thirty-seven-characters-xyz";
        Api.Reply r = freshAdmin().delete("/1.0/images", "{\"images\":[{\"image\":\"bt1\"},{\"image\":\"" + longName
                + "\"},{\"image\":\"bt2\"}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.metadata().path("deleted")).as(r.toString()).hasSize(2);
        assertThat(r.metadata().path("failures").get(0).path("code").asText()).isEqualTo("not_found");
        assertThat(imageExists("bt1")).isFalse();
        assertThat(imageExists("bt2")).isFalse();
        assertThat(api.get("/1.0/audit?image=" + longName).metadata()).hasSize(1);
    }

    @Test
    void aSingleDeleteOfAMissingLongNameIsAnswered404AndAudited() {
        String longName = "another-name-of-more-than-twenty-characters";
        assertThat(freshAdmin().delete("/1.0/images/" + longName).status()).isEqualTo(404);
        JsonNode records = api.get("/1.0/audit?image=" + longName).metadata();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("status").asInt()).isEqualTo(404);
        assertThat(records.get(0).has("image_id")).isFalse();
    }

    // ---- 7. guessing the trust password

    private String certificateBody(String extra) throws Exception {
        String der = Base64.getEncoder().encodeToString(ServerCertificate.generate().certificate().getEncoded());
        return "{\"certificate\":\"" + der + "\"" + extra + "}";
    }

    @Test
    void guessingTheTrustPasswordIsThrottledPerAddress() throws Exception {
        String body = certificateBody(",\"trust-password\":\"guess\"");
        Map<String, String> json = Map.of("Content-Type", "application/json");
        for (int i = 0; i < 5; i++) {
            assertThat(raw("127.0.0.5", "POST", "/1.0/certificates", json, body).status()).isEqualTo(401);
        }
        RawHttp.Reply throttled = raw("127.0.0.5", "POST", "/1.0/certificates", json,
                certificateBody(",\"trust-password\":\"" + TRUST_PASSWORD + "\""));
        assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
        assertThat(throttled.headers()).containsKey("retry-after");
        assertThat(sqlCount("SELECT COUNT(*) FROM certificates")).isZero();
        // another address is not held back by this one's guesses
        RawHttp.Reply other = raw("127.0.0.6", "POST", "/1.0/certificates", json,
                certificateBody(",\"trust-password\":\"" + TRUST_PASSWORD + "\""));
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
    }

    @Test
    void aCertificateRegisteredWithTheTrustPasswordGetsTheOperatorsRoleNotAdmin() throws Exception {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        RawHttp.Reply plain = raw("127.0.0.7", "POST", "/1.0/certificates", json,
                certificateBody(",\"trust-password\":\"" + TRUST_PASSWORD + "\""));
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(plain.json().path("metadata").path("role").asText()).isEqualTo("viewer");
        RawHttp.Reply greedy = raw("127.0.0.7", "POST", "/1.0/certificates", json,
                certificateBody(",\"trust-password\":\"" + TRUST_PASSWORD + "\",\"role\":\"admin\""));
        assertThat(greedy.status()).as(greedy.toString()).isEqualTo(403);
        assertThat(sqlCount("SELECT COUNT(*) FROM certificates WHERE role = 'admin'")).isZero();
    }

    // ---- 10. lax JSON

    /**
     * What the server reads and drops after refusing an upload is bounded: a client that declares
     * a terabyte and never stops sending has its connection closed under it.
     */
    @Test
    void aClientThatNeverStopsSendingARefusedUploadIsCutOff() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(RawHttp.uploadHead(ADMIN_TOKEN, "foo", 1L << 40));
            byte[] chunk = new byte[1 << 16];
            // Not a measure of time: only a guard that ends the test if the server reads for ever.
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
                org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> {
                    while (true) {
                        out.write(chunk);
                    }
                });
            });
        }
    }

    @Test
    void aDuplicateKeyIsRefusedNotResolvedToTheFirst() {
        Api.Reply r = api.postJson("/1.0/tokens", "{\"name\":\"dup\",\"role\":\"viewer\",\"role\":\"admin\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(sqlCount("SELECT COUNT(*) FROM tokens WHERE name = 'dup'")).isZero();
    }

    @Test
    void anArrayWhereAStringBelongsIsRefused() {
        Api.Reply r = api.postJson("/1.0/tokens", "{\"name\":\"arr\",\"role\":[\"admin\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).contains("role");
        assertThat(sqlCount("SELECT COUNT(*) FROM tokens WHERE name = 'arr'")).isZero();
    }

    @Test
    void trailingDataAfterTheDocumentIsRefused() {
        Api.Reply r = api.postJson("/1.0/tokens", "{\"name\":\"trail\",\"role\":\"viewer\"} {\"role\":\"admin\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(sqlCount("SELECT COUNT(*) FROM tokens WHERE name = 'trail'")).isZero();
    }

    @Test
    void aStringWhereABooleanBelongsInTheUploadHeaderIsRefused() {
        Api.Reply r = api.upload("POST", "/1.0/images/", TestTarballs.image(), "X-AMS-Request",
                "{\"name\":\"yes-default\",\"default\":\"yes\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(imageExists("yes-default")).isFalse();
    }

    @Test
    void aStringWhereABooleanBelongsInADeleteBodyDeletesNothing() {
        upload("forced");
        Api.Reply r = api.delete("/1.0/images/forced", "{\"force\":\"yes\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(imageExists("forced")).isTrue();
    }

    @Test
    void anUploadWithoutContentTypeIsAnswered401BeforeAnythingElseAndAudited() {
        RawHttp.Reply r = raw("127.0.0.8", "POST", "/1.0/images", Map.of(), "x");
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(sqlCount("SELECT COUNT(*) FROM audit_events WHERE status = 401 AND client_address = '127.0.0.8'"))
                .isEqualTo(1);
        RawHttp.Reply authenticated = raw("127.0.0.8", "POST", "/1.0/images",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN), "x");
        assertThat(authenticated.status()).as(authenticated.toString()).isEqualTo(415);
        assertThat(authenticated.reason()).isEqualTo("unsupported_media_type");
    }

    // ---- 11. a filtered list's total

    @Test
    void aListOfApplicationsFilteredByNameCountsOnlyWhatMatches() {
        upload("tot-img");
        createApp("tot-1", "tot-img", null);
        createApp("tot-2", "tot-img", null);
        createApp("tot-3", "tot-img", null);
        Api.Reply r = api.get("/1.0/applications?name=tot-2");
        assertThat(r.metadata()).hasSize(1);
        assertThat(r.json().path("total_size").asLong()).isEqualTo(1);
    }
}
