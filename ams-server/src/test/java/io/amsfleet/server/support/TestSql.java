package io.amsfleet.server.support;

import io.amsfleet.server.db.Statements;
import io.micronaut.data.jdbc.runtime.JdbcOperations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the tests' seeds and checks that no API offers, on the connection of the current
 * transaction (Micronaut Data's {@link JdbcOperations}, through the server's {@link Statements}).
 * The server itself reads and writes through its repositories and stores.
 */
public class TestSql {
    private final Statements statements;

    public TestSql(JdbcOperations jdbc) {
        this.statements = new Statements(jdbc);
    }

    /** Each PostgreSQL test class (and the browser tests' one server) starts from an empty schema, migrated by the server. */
    public static void resetPostgres(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the PostgreSQL test database " + url, e);
        }
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> list(String sql, Row<T> row, Object... params) {
        return statements.list(sql, row::map, params);
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        return statements.one(sql, row::map, params);
    }

    public long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    public boolean exists(String sql, Object... params) {
        return one(sql, rs -> Boolean.TRUE, params).isPresent();
    }

    public int update(String sql, Object... params) {
        return statements.update(sql, params);
    }

    /** Inserts one row and returns its generated {@code pk}. */
    public long insert(String sql, Object... params) {
        return insertReturning("pk", sql, params);
    }

    /** Inserts one row and returns its generated key, the column {@code key}. */
    public long insertReturning(String key, String sql, Object... params) {
        return statements.insertReturning(key, sql, params);
    }

    /** A {@code (?, ?, …)} list for an IN clause of n values. */
    public static String placeholders(int n) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ",?");
        }
        return b.append(')').toString();
    }

    /** Reads a nullable long column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Reads a nullable int column. */
    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
