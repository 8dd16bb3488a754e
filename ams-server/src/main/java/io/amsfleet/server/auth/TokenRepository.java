package io.amsfleet.server.auth;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** The {@code tokens} table. Callers run it inside {@code db/Transactions}. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface TokenRepository extends CrudRepository<TokenRow, String> {

    Optional<TokenRow> findByTokenHash(String tokenHash);

    List<TokenRow> findAllOrderByName();

    Optional<TokenRow> findByNameForUpdate(String name);

    /** Every token of a role, locked: two revocations cannot each see the other's admin. */
    List<TokenRow> findByRoleForUpdate(String role);

    void deleteByNameOrTokenHash(String name, String tokenHash);
}
