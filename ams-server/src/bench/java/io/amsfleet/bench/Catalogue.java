package io.amsfleet.bench;

import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One catalogue database for the benchmarks: an H2 file in a data dir (the server's own URL) or a
 * PostgreSQL database of its own on the given cluster. Created empty, migrated with the server's
 * Flyway migrations, then seeded in bulk with SQL ({@code INSERT … SELECT} over a number range):
 * never one HTTP call per image.
 *
 * <p>Seeded image {@code i} has id {@code bench} + i on 15 digits (a valid 20-character id), name
 * {@code bench-i}, versions 0…V-1, each version with a content row of its own whose sha256 is i and
 * the version number, each on 32 digits. Image 1 is the container default.
 */
public final class Catalogue {
    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    private final String vendor;
    /** H2: the server's data dir; PostgreSQL: null. */
    private final Path dataDir;
    private final String url;
    private final String user;

    private Catalogue(String vendor, Path dataDir, String url, String user) {
        this.vendor = vendor;
        this.dataDir = dataDir;
        this.url = url;
        this.user = user;
    }

    /** An empty H2 catalogue in {@code dataDir} (deleted first if it exists). */
    public static Catalogue h2(Path dataDir) {
        deleteTree(dataDir);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The URL DatabaseFactory builds for the server's data dir.
        String url = "jdbc:h2:file:" + dataDir.resolve("catalogue").toAbsolutePath()
                + ";FILE_LOCK=FS;WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        return new Catalogue(H2, dataDir, url, "sa");
    }

    /** An empty PostgreSQL database {@code name} on the cluster of {@code adminUrl} (dropped first). */
    public static Catalogue postgres(String adminUrl, String name) {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the benchmark database " + name + " with " + redact(adminUrl)
                    + ": " + e.getMessage(), e);
        }
        return new Catalogue(POSTGRESQL, null, withDatabase(adminUrl, name), null);
    }

    /** Drops a database made by {@link #postgres}. */
    public static void dropPostgres(String adminUrl, String name) {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("bench: could not drop " + name + ": " + e.getMessage());
        }
    }

    public String vendor() {
        return vendor;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL (PostgreSQL: with its credentials). */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public Connection connect() throws SQLException {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
    }

    /** Creates the schema with the server's migrations (the same locations DatabaseFactory uses). */
    public Catalogue migrate() {
        Flyway.configure()
                .dataSource(url, user, user == null ? null : "")
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .load()
                .migrate();
        return this;
    }

    public static String imageId(long i) {
        return String.format("bench%015d", i);
    }

    /**
     * Gives version {@code version} of image {@code i} real content: a blob of 1 MiB of zeros where
     * the server's default content store ({@code $AMS_DATA_DIR/content}, files named by sha256
     * under a two-character shard) looks for it, and the version's row pointing at its true
     * sha256. The seed registers made-up sha256s and writes no blobs, and a restore from the recycle
     * bin refuses a version whose blob is gone or does not match its sha256.
     */
    public Catalogue withRealContent(Path dataDir, long i, long version) {
        byte[] bytes = new byte[1048576];
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            Path blob = dataDir.resolve("content").resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha);
            Files.createDirectories(blob.getParent());
            Files.write(blob, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = connect(); var insert = c.prepareStatement(
                "INSERT INTO content (sha256, size, created_at) VALUES (?, ?, ?)"); var update = c.prepareStatement(
                "UPDATE image_versions SET content_sha256 = ?, fingerprint = ?, size = ? WHERE image_pk ="
                        + " (SELECT pk FROM images WHERE id = ?) AND version = ?")) {
            insert.setString(1, sha);
            insert.setLong(2, bytes.length);
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
            update.setString(1, sha);
            update.setString(2, sha);
            update.setLong(3, bytes.length);
            update.setString(4, imageId(i));
            update.setLong(5, version);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no version " + version + " of image " + imageId(i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /**
     * Adds images {@code from}…{@code to} with {@code versions} versions each, in that order (so
     * their primary keys follow i), and counts them in {@code image_types}.
     */
    public Catalogue seed(long from, long to, int versions) {
        long now = System.currentTimeMillis();
        String range = vendor.equals(H2) ? "SYSTEM_RANGE(" + from + ", " + to + ") r" : "generate_series(" + from + ", "
                + to + ") AS r(x)";
        String vrange = vendor.equals(H2) ? "SYSTEM_RANGE(0, " + (versions - 1) + ") v" : "generate_series(0, "
                + (versions - 1) + ") AS v(x)";
        String text = vendor.equals(H2) ? "CAST(%s AS VARCHAR)" : "CAST(%s AS TEXT)";
        String i = String.format(text, "r.x");
        String v = String.format(text, "v.x");
        String sha = "LPAD(" + i + ", 32, '0') || LPAD(" + v + ", 32, '0')";
        String shaOfRow = "LPAD(SUBSTRING(im.id, 6), 32, '0') || LPAD(" + v + ", 32, '0')";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO content (sha256, size, created_at) SELECT " + sha + ", 1048576, " + now
                    + " FROM " + range + " CROSS JOIN " + vrange);
            s.executeUpdate("INSERT INTO images (id, name, type, architecture, variant, default_type, immutable,"
                    + " status_code, next_version, revision, created_at) SELECT 'bench' || LPAD(" + i + ", 15, '0'),"
                    + " 'bench-' || " + i + ", 'container', 'x86_64', 'android',"
                    + " CASE WHEN r.x = 1 THEN 'container' ELSE NULL END, FALSE, 3, " + versions + ", 1, " + now / 1000
                    + " FROM " + range + " ORDER BY r.x");
            s.executeUpdate("INSERT INTO image_versions (image_pk, version, fingerprint, content_sha256, size, created_at,"
                    + " status_code) SELECT im.pk, v.x, " + shaOfRow + ", " + shaOfRow + ", 1048576, " + now / 1000
                    + ", 3 FROM images im CROSS JOIN " + vrange + " WHERE im.id >= '" + imageId(from) + "' AND im.id <= '"
                    + imageId(to) + "'");
            s.executeUpdate("UPDATE image_types SET image_count = image_count + " + (to - from + 1)
                    + " WHERE type = 'container'");
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding " + from + "…" + to + " on " + vendor + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** Makes images {@code from}…{@code to} VM images (seeded as containers), counted as such. */
    public Catalogue asVms(long from, long to) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE images SET type = 'vm', default_type = NULL WHERE id >= '" + imageId(from)
                    + "' AND id <= '" + imageId(to) + "'");
            s.executeUpdate("UPDATE image_types SET image_count = image_count - " + (to - from + 1)
                    + " WHERE type = 'container'");
            s.executeUpdate("UPDATE image_types SET image_count = image_count + " + (to - from + 1)
                    + " WHERE type = 'vm'");
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("making " + from + "…" + to + " VM images: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Settles the seeded catalogue into the state one that grew by use would be in: fresh planner
     * statistics, and no after-effects of one bulk transaction left for the measured runs to pay
     * for. Without this, H2 kept compacting the 800 MB file that one 600,000-row transaction leaves
     * (in the background, on the same two cores), and PostgreSQL's first reads of every new page
     * wrote its hint bits and woke autovacuum, and its checkpoint wrote for minutes, all during
     * the measurement.
     */
    public Catalogue settle() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (vendor.equals(H2)) {
                s.execute("ANALYZE");
                s.execute("SHUTDOWN COMPACT");
            } else {
                s.execute("VACUUM (FREEZE, ANALYZE)");
                // The bulk load's WAL has started a checkpoint that would spread its writes over
                // the next minutes, into the measurement: finished here instead.
                s.execute("CHECKPOINT");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public long count(String table) {
        try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM "
                + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String withDatabase(String url, String name) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        if (!url.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL with a database: " + redact(url));
        }
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query));
    }

    /** The URL without its query (which may carry a password). */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
