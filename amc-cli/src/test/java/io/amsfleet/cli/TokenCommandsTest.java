package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsfleet.cli.support.Amc;
import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.CsvRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code amc auth token create|list|revoke} against a real server. */
class TokenCommandsTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a token and returns its secret. */
    private static String created(String name, String role) {
        Result r = SERVER.amc().run("auth", "token", "create", name, "--role", role);
        assertEquals(0, r.status(), r.toString());
        return r.out().strip();
    }

    private static Amc as(String secret) {
        return new Amc(SERVER.url(), secret, SERVER.scratch());
    }

    @Test
    void createPrintsOnlyTheSecretAndSaysOnStderrThatItIsShownOnce() {
        String name = unique("ci");
        Result r = SERVER.amc().run("auth", "token", "create", name, "--role", "viewer");
        assertEquals(0, r.status(), r.toString());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().strip().length() >= 40, "a 256-bit secret: " + r.out());
        assertEquals("token " + name + " created with role viewer; its secret is shown only this once\n", r.err());
    }

    @Test
    void theCreatedSecretWorksAsATokenWithItsRole() {
        String secret = created(unique("reader"), "viewer");
        assertEquals(0, as(secret).run("image", "list").status());
        Result delete = as(secret).run("image", "delete", "anything", "--yes");
        assertEquals(1, delete.status(), delete.toString());
        assertTrue(delete.err().endsWith("(the token's role does not allow this)\n"), delete.err());
    }

    @Test
    void createWithFormatJsonPrintsTheWholeToken() throws Exception {
        String name = unique("bot");
        Result r = SERVER.amc().run("auth", "token", "create", name, "--role", "operator", "--format", "json");
        assertEquals(0, r.status(), r.toString());
        JsonNode token = JSON.readTree(r.out());
        assertEquals(name, token.path("name").asText());
        assertEquals("operator", token.path("role").asText());
        assertEquals(0, as(token.path("token").asText()).run("image", "list").status());
        assertTrue(token.path("created_at").asLong() > 0, r.out());
    }

    @Test
    void createWithoutARoleIsUsageErrorAndCreatesNothing() {
        String name = unique("norole");
        Result r = SERVER.amc().run("auth", "token", "create", name);
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--role"), r.err());
        assertFalse(SERVER.amc().run("auth", "token", "list").out().contains(name));
    }

    @Test
    void createWithAnUnknownRoleIsUsageErrorAndCreatesNothing() {
        String name = unique("root");
        Result r = SERVER.amc().run("auth", "token", "create", name, "--role", "root");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("expected one of [viewer, operator, admin]"), r.err());
        assertFalse(SERVER.amc().run("auth", "token", "list").out().contains(name));
    }

    @Test
    void aTakenNameIsRefused() {
        String name = unique("twice");
        created(name, "viewer");
        Result r = SERVER.amc().run("auth", "token", "create", name, "--role", "admin");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: a token named " + name + " already exists\n", r.err());
    }

    @Test
    void listShowsNamesRolesAndCreationTimesButNoSecrets() {
        String name = unique("listed");
        String secret = created(name, "operator");
        Result table = SERVER.amc().run("auth", "token", "list");
        assertEquals(0, table.status(), table.toString());
        assertTrue(table.out().contains("| " + name + " | operator | "), table.out());
        assertFalse(table.out().contains(secret), table.out());
        List<String> row = CsvRecords.parse(SERVER.amc().run("auth", "token", "list", "--format", "csv").out())
                .stream().filter(r -> r.get(0).equals(name)).findFirst().orElseThrow();
        assertEquals("operator", row.get(1));
        assertTrue(row.get(2).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), row.get(2));
    }

    @Test
    void revokeEndsTheTokenAtOnce() {
        String name = unique("gone");
        String secret = created(name, "viewer");
        Result r = SERVER.amc().run("auth", "token", "revoke", name, "--yes");
        assertEquals(0, r.status(), r.toString());
        assertEquals("token " + name + " revoked\n", r.out());
        Result after = as(secret).run("image", "list");
        assertEquals(1, after.status(), after.toString());
        assertTrue(after.err().contains("it did not accept the token from AMC_TOKEN"), after.err());
    }

    @Test
    void revokeOnAPipeWithoutYesIsUsageErrorAndRevokesNothing() {
        String name = unique("kept");
        String secret = created(name, "viewer");
        Result r = SERVER.amc().piping("y\n").run("auth", "token", "revoke", name);
        assertEquals(2, r.status(), r.toString());
        assertEquals(0, as(secret).run("image", "list").status());
    }

    @Test
    void revokeAnsweredNoRevokesNothing() {
        String name = unique("asked");
        String secret = created(name, "viewer");
        Result r = SERVER.amc().typing("n\n").run("auth", "token", "revoke", name);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("The following token will be REMOVED:\n  - " + name), r.err());
        assertEquals(0, as(secret).run("image", "list").status());
    }

    @Test
    void theLastAdminTokenCannotBeRevoked() {
        Result r = SERVER.amc().run("auth", "token", "revoke", "admin", "--yes");
        assertEquals(1, r.status(), r.toString());
        assertEquals("Error: token admin is the last admin token; create another admin token first\n", r.err());
        assertEquals(0, SERVER.amc().run("image", "list").status());
    }

    @Test
    void anOperatorMayNotManageTokens() {
        String operator = created(unique("op"), "operator");
        Result r = as(operator).run("auth", "token", "list");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().endsWith("(the token's role does not allow this)\n"), r.err());
    }
}
