package io.amsfleet.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's limit for {@code DELETE /1.0/images/{id}/{version}}: the catalogue work of one
 * version delete done directly over JDBC, with the server's own statements and a connection pool
 * of the server's size, and nothing else (no HTTP, no authentication, no framework).
 *
 * <p>One transaction: find the image by id, lock its row, read its versions, check the
 * applications that pin the version, delete the version row, bump the image's revision, write the
 * operation row and the audit row, commit. What the server does besides is its own cost: the token
 * lookup, HTTP, JSON, and the release of the version's content, which its collector does after the
 * answer in a transaction of its own.
 *
 * <p>Each call deletes a different version: call {@code s} takes image {@code s mod images + 1},
 * version {@code s div images}, so that concurrent calls touch different images. Where the next
 * {@code s} starts is kept in a file across JMH's forks (one per mode).
 */
@State(Scope.Benchmark)
public class JdbcDelete {
    private static final String IMAGE_COLUMNS = "pk, id, name, type, architecture, variant, default_type, immutable,"
            + " status_code, next_version, revision, busy_until, busy_operation, created_at";
    private static final String VERSION_COLUMNS = "image_pk, version, fingerprint, content_sha256, size, created_at,"
            + " status_code, remote_id, error_message";

    @Param("")
    public String url;
    @Param("")
    public String user;
    @Param("")
    public String progress;
    @Param("0")
    public int images;
    @Param("0")
    public int versions;
    @Param("10")
    public int pool;

    private HikariDataSource ds;
    private AtomicLong next;
    private long supply;

    @Setup(Level.Trial)
    public void open() throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        config.setMaximumPoolSize(pool);
        config.setAutoCommit(false);
        config.setPoolName("limit");
        ds = new HikariDataSource(config);
        Path p = Path.of(progress);
        next = new AtomicLong(Files.exists(p) ? Long.parseLong(Files.readString(p).trim()) : 0);
        supply = (long) images * (versions - 1);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        Files.writeString(Path.of(progress), Long.toString(next.get()));
        ds.close();
    }

    @Benchmark
    public String deleteVersion() throws SQLException {
        long s = next.getAndIncrement();
        if (s >= supply) {
            throw new IllegalStateException("the seeded catalogue has no deletable version left (" + supply + ")");
        }
        String id = Catalogue.imageId(s % images + 1);
        int version = (int) (s / images);
        String released;
        try (Connection c = ds.getConnection()) {
            try {
                released = deleteOne(c, id, version);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return released;
    }

    private static String deleteOne(Connection c, String id, int version) throws SQLException {
        long pk;
        String name;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + IMAGE_COLUMNS + " FROM images WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("image " + id + " not found");
                }
                pk = rs.getLong("pk");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + IMAGE_COLUMNS + " FROM images WHERE pk = ? FOR UPDATE")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                name = rs.getString("name");
            }
        }
        String sha = null;
        int count = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
                + " FROM image_versions WHERE image_pk = ? ORDER BY version")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                    if (rs.getInt("version") == version) {
                        sha = rs.getString("content_sha256");
                    }
                }
            }
        }
        if (sha == null || count < 2) {
            throw new IllegalStateException("version " + version + " of " + id + " cannot be deleted");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT a.id, a.name FROM application_versions av"
                + " JOIN applications a ON a.pk = av.app_pk WHERE av.image_pk = ? AND av.image_version = ? ORDER BY a.name")) {
            ps.setLong(1, pk);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new IllegalStateException("version " + version + " of " + id + " is pinned");
                }
            }
        }
        update(c, "DELETE FROM image_versions WHERE image_pk = ? AND version = ?", pk, version);
        update(c, "UPDATE images SET revision = revision + 1 WHERE pk = ?", pk);
        String op = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        update(c, "INSERT INTO operations (id, class, description, status_code, err, resources, metadata, created_at,"
                        + " updated_at) VALUES (?, 'task', ?, ?, ?, ?, ?, ?, ?)", op,
                "Delete version " + version + " of image " + name, 200, "",
                "{\"images\":[\"/1.0/images/" + id + "\"]}",
                "{\"image_id\":\"" + id + "\",\"name\":\"" + name + "\",\"type\":\"container\",\"version\":" + version
                        + ",\"force\":false,\"removed_versions\":[" + version + "],\"kept_by_applications\":[]}",
                now, now);
        update(c, "INSERT INTO audit_events (request_id, at, actor, client_address, action, image_id, image_name, version,"
                        + " target, force, dry_run, status, reason, operation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), now, "admin", "127.0.0.1", "image.version.delete", id, name, version, null,
                false, false, 202, null, op);
        return sha;
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    ps.setNull(i + 1, java.sql.Types.NULL);
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            return ps.executeUpdate();
        }
    }
}
