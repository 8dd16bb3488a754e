package io.amsfleet.server.health;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
        disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
class ProcessOperationsOnPostgresTest extends ProcessOperationsContract {
    @Override
    protected String database() {
        return "postgresql";
    }
}
