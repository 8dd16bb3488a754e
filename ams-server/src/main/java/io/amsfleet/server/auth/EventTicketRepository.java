package io.amsfleet.server.auth;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The {@code event_tickets} table. Callers run it inside {@code db/Transactions}. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface EventTicketRepository extends CrudRepository<EventTicketRow, String> {

    long countByName(String name);

    int deleteByExpiresAtLessThan(long now);

    /** 1 for the one caller that redeems the ticket, 0 for anyone after it. */
    int deleteByTicketHash(String ticketHash);
}
