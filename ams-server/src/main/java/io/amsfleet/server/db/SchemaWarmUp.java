package io.amsfleet.server.db;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the H2 migrations once on a throwaway in-memory database, on a thread of its own, while
 * Micronaut starts on the main thread. Checking or creating the schema at start cost 0.9 s, most
 * of it the first run of Flyway's and H2's code (class initialization, the interpreter); run a
 * second time in the same JVM it takes 0.2 s (docs/performance.md). Started from {@code main}
 * before anything else, so that the real migration, in {@link DatabaseFactory}, finds that work
 * done. Only for the embedded database: PostgreSQL's migrations are its own.
 */
public final class SchemaWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaWarmUp.class);

    private SchemaWarmUp() {
    }

    /** Starts the warm-up in the background; does nothing when a PostgreSQL URL is configured. */
    public static void startIfEmbedded() {
        // The environment rather than DbSettings: this runs before Micronaut starts, so that the
        // warm-up overlaps the start instead of following it.
        String url = System.getenv("AMS_DB_URL");
        if (url != null && !url.isBlank()) {
            return;
        }
        // An existing catalogue is usually up to date, and then DatabaseFactory skips Flyway
        // (SchemaCheck): warming it up would only take CPU from the start. Guessed from the
        // environment as AmsSettings reads it; a wrong guess only costs or saves the head start.
        String dataDir = System.getenv("AMS_DATA_DIR");
        String home = System.getenv("HOME");
        Path dir = dataDir != null && !dataDir.isBlank() ? Path.of(dataDir)
                : Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home,
                        ".local", "share", "ams");
        // A new catalogue is a copy of the build's migrated template (SchemaTemplate), so Flyway
        // does not run on it either.
        if (Files.exists(dir.resolve(SchemaTemplate.CATALOGUE_FILE)) || SchemaTemplate.available()) {
            return;
        }
        Thread t = new Thread(SchemaWarmUp::run, "ams-schema-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try {
            JdbcDataSource memory = new JdbcDataSource();
            memory.setURL("jdbc:h2:mem:ams-schema-warm-up;DB_CLOSE_DELAY=0");
            memory.setUser("sa");
            try (var keepOpen = memory.getConnection()) {
                Flyway.configure().dataSource(memory)
                        .locations(DatabaseFactory.MIGRATIONS_COMMON, DatabaseFactory.MIGRATIONS + "h2")
                        .load().migrate();
            }
        } catch (Exception | LinkageError e) {
            // Only a head start: the real migration runs regardless and reports real problems.
            LOG.debug("schema warm-up skipped: {}", e.toString());
        }
    }
}
