package io.amsfleet.server.remote;

import io.amsfleet.server.db.H2Repository;
import io.amsfleet.server.db.PostgresRepository;
import io.micronaut.data.repository.CrudRepository;

/** The {@code config} table. */
public interface ConfigRepository extends CrudRepository<ConfigSetting, String> {

    @H2Repository
    interface OnH2 extends ConfigRepository {
    }

    @PostgresRepository
    interface OnPostgres extends ConfigRepository {
    }
}
