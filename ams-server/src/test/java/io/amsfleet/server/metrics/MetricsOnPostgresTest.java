package io.amsfleet.server.metrics;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@MicronautTest(transactional = false)
@EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
        disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
class MetricsOnPostgresTest extends MetricsContract {
    @Override
    protected String database() {
        return "postgresql";
    }
}
