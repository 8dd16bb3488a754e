package io.amsfleet.server.trash;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The bin on an S3 bucket: a restore reads and checks every blob there too, and a missing or damaged one is refused. */
@MicronautTest(transactional = false)
@EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
        disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
class TrashOnPostgresWithS3Test extends TrashContract {
    @Override
    protected String database() {
        return "postgresql";
    }

    @Override
    protected String contentStore() {
        return "s3";
    }
}
