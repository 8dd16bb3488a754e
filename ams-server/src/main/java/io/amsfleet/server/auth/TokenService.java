package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Token;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.db.Transactions;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** Creating, listing and revoking tokens; each change is audited in its own transaction. */
@Singleton
public class TokenService {
    private static final int MAX_NAME = 64;
    private final TokenRepository tokens;
    private final Transactions tx;
    private final AuditLog audit;

    public TokenService(TokenRepository tokens, Transactions tx, AuditLog audit) {
        this.tokens = tokens;
        this.tx = tx;
        this.audit = audit;
    }

    public Token create(String name, String roleText) {
        checkName(name);
        Role role = Roles.parse(roleText);
        String secret = TokenStore.newSecret();
        long now = System.currentTimeMillis() / 1000;
        tx.write(() -> {
            if (tokens.existsById(name)) {
                throw new ApiException(ReasonCode.ALREADY_EXISTS, "a token named " + name + " already exists",
                        Map.of("name", name));
            }
            tokens.save(new TokenRow(name, role.label(), TokenStore.hash(secret), now));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.TOKEN_CREATE, name));
            return null;
        });
        return new Token(name, role.label(), secret, now);
    }

    public List<Token> list() {
        return tx.read(() -> tokens.findAllOrderByName().stream()
                .map(row -> new Token(row.name(), row.role(), null, row.createdAt())).toList());
    }

    public void revoke(String name) {
        tx.write(() -> {
            String role = tokens.findByNameForUpdate(name).map(TokenRow::role)
                    .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "no token named " + name,
                            Map.of("name", name)));
            if (Role.ADMIN.label().equals(role)) {
                // Lock every admin row so that two revocations cannot each see the other admin.
                long admins = tokens.findByRoleForUpdate(Role.ADMIN.label()).size();
                if (admins <= 1) {
                    throw new ApiException(ReasonCode.LAST_ADMIN, "token " + name
                            + " is the last admin token; create another admin token first", Map.of("name", name));
                }
            }
            tokens.deleteById(name);
            audit.recordSuccess(AuditLog.Target.other(AuditAction.TOKEN_REVOKE, name));
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
