package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Token;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.db.Sql;
import io.amsfleet.server.db.Transactions;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** Creating, listing and revoking tokens; each change is audited in its own transaction. */
@Singleton
public class TokenService {
    private static final int MAX_NAME = 64;
    private final Sql sql;
    private final Transactions tx;
    private final AuditLog audit;

    public TokenService(Sql sql, Transactions tx, AuditLog audit) {
        this.sql = sql;
        this.tx = tx;
        this.audit = audit;
    }

    public Token create(String name, String roleText) {
        checkName(name);
        Role role = Roles.parse(roleText);
        String secret = TokenStore.newSecret();
        long now = System.currentTimeMillis() / 1000;
        tx.write(() -> {
            if (sql.exists("SELECT 1 FROM tokens WHERE name = ?", name)) {
                throw new ApiException(ReasonCode.ALREADY_EXISTS, "a token named " + name + " already exists",
                        Map.of("name", name));
            }
            sql.update("INSERT INTO tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)", name,
                    role.label(), TokenStore.hash(secret), now);
            audit.recordSuccess(AuditLog.Target.other("token.create", name));
            return null;
        });
        return new Token(name, role.label(), secret, now);
    }

    public List<Token> list() {
        return tx.read(() -> sql.list("SELECT name, role, created_at FROM tokens ORDER BY name",
                rs -> new Token(rs.getString(1), rs.getString(2), null, rs.getLong(3))));
    }

    public void revoke(String name) {
        tx.write(() -> {
            String role = sql.one("SELECT role FROM tokens WHERE name = ? FOR UPDATE", rs -> rs.getString(1), name)
                    .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "no token named " + name,
                            Map.of("name", name)));
            if (Role.ADMIN.label().equals(role)) {
                // Lock every admin row so that two revocations cannot each see the other admin.
                long admins = sql.list("SELECT name FROM tokens WHERE role = 'admin' FOR UPDATE", rs -> 1).size();
                if (admins <= 1) {
                    throw new ApiException(ReasonCode.LAST_ADMIN, "token " + name
                            + " is the last admin token; create another admin token first", Map.of("name", name));
                }
            }
            sql.update("DELETE FROM tokens WHERE name = ?", name);
            audit.recordSuccess(AuditLog.Target.other("token.revoke", name));
            return null;
        });
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw ApiException.badRequest("token name must be 1 to " + MAX_NAME
                    + " letters, digits and . _ - starting with a letter or digit");
        }
    }
}
