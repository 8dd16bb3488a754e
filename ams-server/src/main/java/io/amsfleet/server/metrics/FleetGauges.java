package io.amsfleet.server.metrics;

import io.amsfleet.model.ImageType;
import io.amsfleet.server.content.ContentCollector;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.events.EventHub;
import io.amsfleet.server.operation.OperationStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.data.connection.ConnectionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The product's own state as gauges: images, versions and bytes by type, the recycle bin, content
 * nothing references any more, operations by state, event-stream listeners. Read from the
 * database when Prometheus scrapes ({@link #refresh}), at most once a second whoever asks, so that
 * every process of a cluster reports the same catalogue and a scrape costs a few counting queries.
 * Every label is from a closed set: image types, bin entry kinds, operation states.
 */
@Singleton
public class FleetGauges {
    private static final long MIN_REFRESH_MILLIS = 1000;
    private static final List<String> STATES = List.of(100, 101, 102, 103, 104, 105, 200, 400, 401).stream()
            .map(OperationStore::statusName).toList();
    private static final String UNREFERENCED = " FROM content c"
            + " WHERE NOT EXISTS (SELECT 1 FROM image_versions v WHERE v.content_sha256 = c.sha256)"
            + " AND NOT EXISTS (SELECT 1 FROM application_versions a WHERE a.content_sha256 = c.sha256)"
            + " AND NOT EXISTS (SELECT 1 FROM application_versions p WHERE p.package_sha256 = c.sha256)"
            + " AND NOT EXISTS (SELECT 1 FROM trash_versions t WHERE t.content_sha256 = c.sha256)";

    private final Transactions tx;
    private final ConnectionOperations<Connection> connections;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);
    private long refreshedAt;

    /** Values by series and label value; read by the gauges, replaced whole by a refresh. */
    private record Snapshot(Map<String, Double> values, long at) {
        double get(String key) {
            return values.getOrDefault(key, 0.0);
        }
    }

    public FleetGauges(MeterRegistry registry, Transactions tx, ConnectionOperations<Connection> connections,
                       EventHub events, ContentCollector collector) {
        this.tx = tx;
        this.connections = connections;
        for (ImageType type : ImageType.values()) {
            String t = type.label();
            gauge(registry, "ams.images", "Images in the catalogue, by type", "type", t, "images/" + t);
            gauge(registry, "ams.image.versions", "Image versions in the catalogue, by type", "type", t, "versions/" + t);
            gauge(registry, "ams.image.bytes", "Bytes of the catalogue's image versions, by type", "type", t,
                    "bytes/" + t);
        }
        for (String kind : List.of("image", "version")) {
            gauge(registry, "ams.trash.items", "Entries in the recycle bin, by kind", "kind", kind, "trash/" + kind);
        }
        gauge(registry, "ams.trash.bytes", "Bytes of the versions in the recycle bin", null, null, "trash-bytes");
        gauge(registry, "ams.content.awaiting.collection", "Content blobs nothing references any more, not yet removed",
                null, null, "orphans");
        gauge(registry, "ams.content.awaiting.collection.bytes", "Bytes of the content awaiting collection",
                null, null, "orphan-bytes");
        for (String state : STATES) {
            gauge(registry, "ams.operations", "Operations kept, by state", "state", state.toLowerCase(), "ops/" + state);
        }
        Gauge.builder("ams.content.collection.lag", collector, c -> c.collectionLag().toMillis() / 1000.0)
                .description("How long the oldest content released on this process has waited for collection")
                .baseUnit("seconds").register(registry);
        Gauge.builder("ams.events.listeners", events, EventHub::size)
                .description("Event-stream connections open on this process").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String tag, String value, String key) {
        ToDoubleFunction<FleetGauges> read = g -> g.snapshot.get(key);
        Gauge.Builder<FleetGauges> b = Gauge.builder(name, this, read).description(description);
        (tag == null ? b : b.tag(tag, value)).register(registry);
    }

    /** Reads the catalogue's counts again unless they were read less than a second ago. */
    public void refresh() {
        synchronized (this) {
            long now = System.currentTimeMillis();
            if (now - refreshedAt < MIN_REFRESH_MILLIS) {
                return;
            }
            refreshedAt = now;
        }
        Map<String, Double> values = tx.read(() -> {
            Map<String, Double> v = new HashMap<>();
            Connection c = connections.getConnectionStatus().getConnection();
            query(c, "SELECT type, COUNT(*) FROM images GROUP BY type", r -> v.put("images/" + r.getString(1),
                    r.getDouble(2)));
            query(c, "SELECT i.type, COUNT(*), COALESCE(SUM(v.size), 0) FROM image_versions v"
                    + " JOIN images i ON i.pk = v.image_pk GROUP BY i.type", r -> {
                v.put("versions/" + r.getString(1), r.getDouble(2));
                v.put("bytes/" + r.getString(1), r.getDouble(3));
            });
            query(c, "SELECT kind, COUNT(*) FROM trash_items GROUP BY kind", r -> v.put("trash/" + r.getString(1),
                    r.getDouble(2)));
            query(c, "SELECT COALESCE(SUM(size), 0) FROM trash_versions", r -> v.put("trash-bytes", r.getDouble(1)));
            query(c, "SELECT COUNT(*), COALESCE(SUM(c.size), 0)" + UNREFERENCED, r -> {
                v.put("orphans", r.getDouble(1));
                v.put("orphan-bytes", r.getDouble(2));
            });
            query(c, "SELECT status_code, COUNT(*) FROM operations GROUP BY status_code",
                    r -> v.merge("ops/" + OperationStore.statusName(r.getInt(1)), r.getDouble(2), Double::sum));
            return v;
        });
        snapshot = new Snapshot(values, System.currentTimeMillis());
    }

    private interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    private static void query(Connection c, String sql, Row row) {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                row.accept(r);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("metrics: " + sql + ": " + e.getMessage(), e);
        }
    }
}
