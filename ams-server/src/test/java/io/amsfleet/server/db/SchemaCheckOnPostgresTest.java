package io.amsfleet.server.db;

import io.amsfleet.server.support.TestSql;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

@EnabledIfEnvironmentVariable(named = "AMS_TEST_DB_URL", matches = ".+",
        disabledReason = "AMS_TEST_DB_URL is not set: no PostgreSQL to test against")
class SchemaCheckOnPostgresTest extends SchemaCheckContract {
    @Override
    Map<String, String> freshDatabase(Path root) throws SQLException {
        TestSql.resetPostgres(System.getenv("AMS_TEST_DB_URL"));
        return Map.of("AMS_DB_URL", System.getenv("AMS_TEST_DB_URL"));
    }

    @Override
    Connection connect(Path root) throws SQLException {
        return DriverManager.getConnection(System.getenv("AMS_TEST_DB_URL"));
    }

    @Override
    String firstStartSays() {
        return "migration(s) applied";
    }
}
