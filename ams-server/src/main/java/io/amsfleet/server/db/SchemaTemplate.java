package io.amsfleet.server.db;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A new embedded catalogue starts as a copy of one the build migrated. Running Flyway on a new H2
 * database costs a first start some 600 ms (Flyway's own start, then 14 migrations through the
 * interpreter) of the 1.5 s it is allowed (docs/performance.md); copying a 100 kB file costs
 * nothing. The copy is what Flyway itself made from these migrations, in the build that made this
 * jar ({@link #main}, bound to Maven's process-classes phase), so {@link SchemaCheck} then finds
 * it up to date; if it ever did not, Flyway would run on it as on any database. Its history's
 * {@code installed_on} is the build's time. Only migrations' own rows are in it: the admin token
 * and everything else a server stores come after, at the first start.
 */
public final class SchemaTemplate {
    /** Where the build puts the template, inside the jar. */
    static final String RESOURCE = "db/template/h2-catalogue.mv.db";
    /** The file H2 keeps the catalogue in, in the data dir. */
    static final String CATALOGUE_FILE = "catalogue.mv.db";

    private SchemaTemplate() {
    }

    /** Whether this build carries a template (a build that skipped process-classes may not). */
    static boolean available() {
        return SchemaTemplate.class.getClassLoader().getResource(RESOURCE) != null;
    }

    /**
     * Puts the template in place as the data dir's catalogue when there is none yet; true when it
     * did. Written under a temporary name and moved, so that a start killed half-way leaves no
     * half a database behind, and never over an existing file: a catalogue is never replaced.
     */
    static boolean seedIfNew(Path dataDir) throws IOException {
        Path catalogue = dataDir.resolve(CATALOGUE_FILE);
        if (Files.exists(catalogue)) {
            return false;
        }
        try (InputStream in = SchemaTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return false;
            }
            Path partial = Files.createTempFile(dataDir, "catalogue.", ".template");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                try {
                    // No REPLACE_EXISTING (nor ATOMIC_MOVE, which on Linux replaces): a catalogue
                    // that appeared meanwhile stays as it is.
                    Files.move(partial, catalogue);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    return false;
                }
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return true;
    }

    /**
     * The build's step: migrates a new H2 database in {@code args[0]} (a scratch directory) with the
     * migrations on the class path, compacts it, and writes it to {@code args[1]}/{@value #RESOURCE}.
     */
    public static void main(String[] args) throws IOException, SQLException {
        Path scratch = Path.of(args[0]);
        Path out = Path.of(args[1]).resolve(RESOURCE);
        Files.createDirectories(scratch);
        Path db = scratch.resolve("catalogue");
        Files.deleteIfExists(scratch.resolve(CATALOGUE_FILE));
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + db.toAbsolutePath() + ";FILE_LOCK=FS;DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        try (Connection keepOpen = ds.getConnection()) {
            Flyway.configure().dataSource(ds)
                    .locations(DatabaseFactory.MIGRATIONS_COMMON, DatabaseFactory.MIGRATIONS + "h2")
                    .load().migrate();
            try (Statement s = keepOpen.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
        }
        Files.createDirectories(out.getParent());
        Files.move(scratch.resolve(CATALOGUE_FILE), out, StandardCopyOption.REPLACE_EXISTING);
    }
}
