package io.amsfleet.server.events;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The {@code event_payloads} table. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface EventPayloadRepository extends CrudRepository<EventPayloadRow, String> {

    int deleteByCreatedAtLessThan(long cutoff);
}
