package io.amsfleet.server.db;

import io.amsfleet.server.support.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start over an up-to-date schema costs one query instead of a Flyway run, and a migration whose
 * file no longer matches what was applied is still refused, by Flyway, as before.
 */
abstract class SchemaCheckContract {
    private static final String TOKEN = "schema-check-token";
    private ServerProcess server;

    /** The {@code AMS_*} settings of the database under test, emptied. */
    abstract Map<String, String> freshDatabase(Path root) throws Exception;

    /** A connection to that database while no server runs. */
    abstract Connection connect(Path root) throws SQLException;

    /**
     * What the log says of a first start on that database: Flyway's count on PostgreSQL; on H2,
     * the copy of the build's migrated template (SchemaTemplate).
     */
    abstract String firstStartSays();

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.kill();
        }
    }

    private ServerProcess startedAndStopped(Path root) throws Exception {
        server = new ServerProcess("schema", root.resolve("data"), TOKEN, freshDatabase(root));
        server.start();
        stopGracefully();
        assertThat(server.logText()).contains(firstStartSays());
        return server;
    }

    private void stopGracefully() throws InterruptedException {
        server.terminate();
        assertThat(server.waitForExit(60)).as("the server stops").isNotNull();
    }

    @Test
    void aRestartOnAnUpToDateSchemaRunsNoMigrationScan() throws Exception {
        Path root = Files.createTempDirectory("ams-schema-");
        startedAndStopped(root);
        int before = server.logText().length();

        server.start();
        String second = server.logText().substring(before);
        assertThat(second).contains("schema up to date").doesNotContain("migration(s) applied")
                .doesNotContain("template");
    }

    @Test
    void aMigrationChangedAfterItWasAppliedIsStillRefused() throws Exception {
        Path root = Files.createTempDirectory("ams-schema-");
        startedAndStopped(root);
        try (Connection c = connect(root); Statement s = c.createStatement()) {
            // As if V2's file had been edited since it ran: the history keeps the old checksum.
            assertThat(s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1"
                    + " WHERE \"version\" = '2'")).isEqualTo(1);
        }

        server.launch();
        assertThat(server.waitForExit(60)).as("the server refuses to start").isNotNull().isNotZero();
        assertThat(server.logText()).contains("checksum mismatch");
    }

    @Test
    void aMigrationMissingFromTheHistoryIsApplied() throws Exception {
        Path root = Files.createTempDirectory("ams-schema-");
        startedAndStopped(root);
        int undone;
        try (Connection c = connect(root); Statement s = c.createStatement()) {
            // As if the database had been left by an earlier release: V13 and whatever came after
            // it on this dialect (PostgreSQL's V14 only sets a storage parameter, which a second
            // run sets again) undone.
            s.execute("ALTER TABLE application_versions DROP COLUMN parent_image_name");
            undone = s.executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"
                    + " AND CAST(\"version\" AS INT) >= 13");
            assertThat(undone).isPositive();
        }
        int before = server.logText().length();

        server.start();
        assertThat(server.logText().substring(before)).contains(undone + " migration(s) applied");
    }
}
