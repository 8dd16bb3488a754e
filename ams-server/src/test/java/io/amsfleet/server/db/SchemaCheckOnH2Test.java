package io.amsfleet.server.db;

import io.amsfleet.server.support.ServerProcess;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCheckOnH2Test extends SchemaCheckContract {
    @Override
    Map<String, String> freshDatabase(Path root) {
        return Map.of();
    }

    @Override
    Connection connect(Path root) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + root.resolve("data").resolve("catalogue").toAbsolutePath()
                + ";FILE_LOCK=FS", "sa", "");
    }

    @Override
    String firstStartSays() {
        return "created from the build's migrated template";
    }

    @Test
    void aNewCatalogueHoldsWhatFlywayMakesOfTheseMigrations() throws Exception {
        Path root = Files.createTempDirectory("ams-schema-");
        ServerProcess server = new ServerProcess("template", root.resolve("data"), "template-token", Map.of());
        try {
            server.start();
            server.terminate();
            assertThat(server.waitForExit(60)).as("the server stops").isNotNull();
        } finally {
            server.kill();
        }
        assertThat(server.logText()).contains(firstStartSays());

        JdbcDataSource fresh = new JdbcDataSource();
        fresh.setURL("jdbc:h2:mem:template-reference;DB_CLOSE_DELAY=-1");
        fresh.setUser("sa");
        try (Connection reference = fresh.getConnection(); Connection made = connect(root)) {
            Flyway.configure().dataSource(fresh)
                    .locations(DatabaseFactory.MIGRATIONS_COMMON, DatabaseFactory.MIGRATIONS + "h2").load().migrate();
            String history = "SELECT \"version\", \"script\", \"checksum\", \"success\" FROM \"flyway_schema_history\""
                    + " ORDER BY \"installed_rank\"";
            String columns = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT"
                    + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME, COLUMN_NAME";
            String indexes = "SELECT TABLE_NAME, INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME, INDEX_NAME";
            for (String query : List.of(history, columns, indexes)) {
                assertThat(rows(made, query)).as(query).isNotEmpty().isEqualTo(rows(reference, query));
            }
        }
    }

    private static List<String> rows(Connection c, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
