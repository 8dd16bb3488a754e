package io.amsfleet.server.torture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short torture run of issue 8, part of every test run: two processes on PostgreSQL and S3,
 * a few thousand requests, processes killed with SIGKILL along the way, and not one violation.
 * {@code bin/torture --ops 100000} is the long run.
 */
@EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
        disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
class TortureTest {

    @Test
    void aShortRunWithKilledProcessesEndsWithoutAViolation() throws Exception {
        Torture.Options options = new Torture.Options(2000, 2, 4, System.nanoTime(), Duration.ofMillis(2500),
                System.getenv("AMS_TEST_DB_URL"), Files.createTempDirectory("ams-torture-"), System.out);
        Torture.Report report = new Torture(options).run();
        assertThat(report.kills()).as("processes were killed during the run").isPositive();
        assertThat(report.acknowledged()).as("requests were answered").isGreaterThan(options.ops() / 2);
        assertThat(report.violations()).as("seed %d", options.seed()).isEmpty();
    }
}
