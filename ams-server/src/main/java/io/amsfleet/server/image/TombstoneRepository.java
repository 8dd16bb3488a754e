package io.amsfleet.server.image;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/** {@code remote_tombstones}. */
@JdbcRepository(dialect = Dialect.ANSI)
interface TombstoneRepository extends GenericRepository<TombstoneRow, TombstoneRow.Key> {
    TombstoneRow save(TombstoneRow row);

    boolean existsByKey(TombstoneRow.Key key);

    int deleteByKey(TombstoneRow.Key key);
}
