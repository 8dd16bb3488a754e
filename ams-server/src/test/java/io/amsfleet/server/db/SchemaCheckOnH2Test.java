package io.amsfleet.server.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

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
}
