package io.amsfleet.server.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code tokens}: a token's name, role and the sha256 of its secret. */
// Unquoted names (escape = false), as the migrations wrote them: H2 folds them to upper case, so a
// quoted lower-case "tokens" would name a table H2 does not have.
@MappedEntity(value = "tokens", escape = false)
public record TokenRow(@Id String name, String role, String tokenHash, long createdAt) {
}
