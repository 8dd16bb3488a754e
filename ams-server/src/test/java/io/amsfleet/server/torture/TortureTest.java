package io.amsfleet.server.torture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short torture runs of issues 8 and 17, part of every test run: two processes on PostgreSQL
 * and S3, and one process on its embedded H2 database and local store; random work with the
 * recycle bin on (a 10 s window, so that its job purges within the run), processes killed with
 * SIGKILL along the way, and not one violation. {@code bin/torture --ops 100000} is the long run.
 */
class TortureTest {
    private static final Duration WINDOW = Duration.ofSeconds(10);

    @Test
    @EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
            disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
    void twoProcessesOnPostgresKilledAlongTheWayEndWithoutAViolation() throws Exception {
        run(new Torture.Options(1000, 2, 4, System.nanoTime(), Duration.ofMillis(2500),
                System.getenv("AMS_TEST_DB_URL"), WINDOW, Files.createTempDirectory("ams-torture-"), System.out));
    }

    @Test
    void oneProcessOnH2KilledAlongTheWayEndsWithoutAViolation() throws Exception {
        run(new Torture.Options(400, 1, 3, System.nanoTime(), Duration.ofMillis(5000), null, WINDOW,
                Files.createTempDirectory("ams-torture-h2-"), System.out));
    }

    private static void run(Torture.Options options) throws Exception {
        Torture.Report report = new Torture(options).run();
        assertThat(report.kills()).as("processes were killed during the run").isPositive();
        assertThat(report.acknowledged()).as("requests were answered").isGreaterThan(options.ops() / 2);
        assertThat(report.violations()).as("seed %d", options.seed()).isEmpty();
    }
}
