package io.amsfleet.server.remote;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The {@code config} table. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ConfigRepository extends CrudRepository<ConfigSetting, String> {
}
