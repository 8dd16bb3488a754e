package io.amsfleet.server.auth;

import io.amsfleet.server.db.Transactions;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Bearer tokens, kept only as sha256 hashes. Tokens are 256 random bits, so a plain hash is
 * enough: there is nothing to guess that a slow hash would protect. Looked up on every request,
 * by primary key, so a revoked token stops working at once on every process.
 */
@Singleton
public class TokenStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final TokenRepository tokens;
    private final Transactions tx;

    public TokenStore(TokenRepository tokens, Transactions tx) {
        this.tokens = tokens;
        this.tx = tx;
    }

    public Optional<Identity> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        String hash = hash(token);
        return tx.single(() -> tokens.findByTokenHash(hash))
                .map(row -> new Identity(row.name(), Roles.parse(row.role())));
    }

    /** Stores (or replaces) the named token's hash. */
    public void put(String name, String role, String token) {
        String hash = hash(token);
        tx.write(() -> {
            tokens.deleteByNameOrTokenHash(name, hash);
            try {
                return tokens.save(new TokenRow(name, role, hash, System.currentTimeMillis() / 1000));
            } catch (RuntimeException e) {
                if (Transactions.isUniqueViolation(e)) {
                    // Another process put the same token at the same moment (several servers
                    // starting with one AMS_ADMIN_TOKEN): run again, and the DELETE will see it.
                    throw new io.amsfleet.server.db.Transactions.RetryableConflict("token " + name + " written concurrently");
                }
                throw e;
            }
        });
    }

    public boolean exists(String name) {
        return tx.read(() -> tokens.existsById(name));
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
