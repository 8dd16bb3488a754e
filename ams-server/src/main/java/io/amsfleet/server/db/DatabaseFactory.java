package io.amsfleet.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.amsfleet.server.config.DataDirectory;
import io.amsfleet.server.config.PrivateFiles;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * The catalogue database: PostgreSQL when {@code AMS_DB_URL} is set, otherwise an H2 file under
 * the data dir. Migrations run here, before any repository can touch the schema; when the
 * schema is already up to date ({@link SchemaCheck}), one query instead of Flyway.
 *
 * <p>Built by hand rather than from {@code datasources.*} configuration because the URL is derived
 * (H2's path comes from the data dir) and the migration location depends on the database.
 */
@Factory
public class DatabaseFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFactory.class);
    /** Migrations both databases run as written. */
    static final String MIGRATIONS_COMMON = "classpath:db/migration/common";
    /** Followed by the vendor: the migrations written for one database. */
    static final String MIGRATIONS = "classpath:db/migration/";

    /** Kept to close the pool at shutdown: the bean itself is wrapped by Micronaut Data's proxy. */
    private HikariDataSource pool;

    @PreDestroy
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @Singleton
    @Named("default")
    public DataSource dataSource(DbSettings settings, DataDirectory dataDir, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        String vendor;
        if (settings.usesPostgres()) {
            config.setJdbcUrl(settings.url());
            if (settings.user() != null) {
                config.setUsername(settings.user());
            }
            if (settings.password() != null) {
                config.setPassword(settings.password());
            }
            config.setMaximumPoolSize(settings.poolSize());
            vendor = "postgresql";
        } else if (settings.url() != null) {
            throw new ConfigurationException("AMS_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host/db), got: "
                    + masked(settings.url()));
        } else {
            // FILE_LOCK=FS: the operating system's lock on the file (FileChannel.tryLock), so a
            // second process on the same data dir is refused instead of corrupting the file, and
            // the lock goes with the process that held it. H2's default (FILE, a lock file kept
            // fresh by a watchdog thread) makes every start after a crash or kill -9 wait two
            // seconds to be sure the old lock file is stale (docs/performance.md). WRITE_DELAY=0: H2 otherwise writes commits
            // up to half a second late, and a kill -9 in that window loses acknowledged changes.
            config.setJdbcUrl("jdbc:h2:file:" + dataDir.resolve("catalogue").toAbsolutePath()
                    + ";FILE_LOCK=FS;WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
            config.setUsername("sa");
            config.setMaximumPoolSize(Math.min(settings.poolSize(), 10));
            vendor = "h2";
            try {
                if (SchemaTemplate.seedIfNew(dataDir.path())) {
                    LOG.info("catalogue on h2: a new database, created from the build's migrated template");
                }
            } catch (IOException e) {
                throw new ConfigurationException("cannot create the catalogue in " + dataDir.path() + ": "
                        + e.getMessage(), e);
            }
        }
        config.setPoolName("ams");
        // The pool's use (hikaricp_connections_active, _pending, _timeout_total…) on the metrics endpoint.
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        config.setAutoCommit(true);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigurationException(describeOpenFailure(settings, dataDir, e), e);
        }
        pool = ds;
        if (!settings.usesPostgres()) {
            restrictDatabaseFiles(dataDir);
        }
        long start = System.nanoTime();
        List<String> locations = List.of(MIGRATIONS_COMMON, MIGRATIONS + vendor);
        if (SchemaCheck.upToDate(ds, locations)) {
            // Start-up time is a target (docs/performance.md): say what the schema check cost.
            LOG.info("catalogue on {}: schema up to date (history matches the migrations), checked in {} ms",
                    vendor, (System.nanoTime() - start) / 1_000_000);
            return ds;
        }
        MigrateResult migrated = Flyway.configure()
                .dataSource(ds)
                .locations(locations.toArray(String[]::new))
                .load()
                .migrate();
        LOG.info("catalogue on {}: schema version {}, {} migration(s) applied, checked in {} ms", vendor,
                migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : migrated.initialSchemaVersion,
                migrated.migrationsExecuted, (System.nanoTime() - start) / 1_000_000);
        return ds;
    }

    /**
     * H2 creates its files (catalogue.mv.db, the lock file) with the process's umask, typically
     * 0644; they hold the image server's credentials. The pool has opened the database by now.
     */
    private static void restrictDatabaseFiles(DataDirectory dataDir) {
        try {
            PrivateFiles.files(dataDir.path(), "catalogue.*");
        } catch (IOException e) {
            throw new ConfigurationException("cannot make the catalogue files in " + dataDir.path()
                    + " private: " + e.getMessage(), e);
        }
    }

    private static String describeOpenFailure(DbSettings settings, DataDirectory dataDir, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        // H2's error 90020: "Database may be already in use: Locked by another process".
        boolean inUse = cause instanceof SQLException sql && sql.getErrorCode() == 90020;
        if (!settings.usesPostgres() && (inUse || message.toLowerCase(java.util.Locale.ROOT).contains("locked"))) {
            return "the embedded database in " + dataDir.path()
                    + " is in use by another ams process; H2 serves one process only"
                    + " (use PostgreSQL, AMS_DB_URL, to run several)";
        }
        return "cannot open the catalogue database: " + masked(message);
    }

    /** A JDBC URL or message with the value of any {@code password=} in it hidden: it goes to the log. */
    static String masked(String text) {
        return text == null ? null : text.replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
    }
}
