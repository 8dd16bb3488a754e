package io.amsfleet.server.events;

import io.amsfleet.server.db.DbSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.annotation.PreDestroy;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raises the events of the AMS event stream (docs/events.md). Call {@link #lifecycle} and
 * {@link #operation} inside the transaction of the change they report: the event reaches
 * listeners only if, and once, that transaction commits — never for a change rolled back, nor
 * for an attempt {@code db/Transactions} retried.
 *
 * <p>On PostgreSQL the event is a {@code pg_notify} in that transaction, so the database hands it
 * at commit to every server process listening, this one included, in commit order; an event larger
 * than a NOTIFY payload is stored in {@code event_payloads} and its id notified instead. Each
 * process listens on one connection of its own, which reconnects after a failure; events raised
 * while it was reconnecting are not delivered to that process's listeners. On H2 (one process)
 * the event is delivered in this process once the transaction has committed.
 */
@Context
public class Events {
    public static final String OPERATION = "operation";
    public static final String LIFECYCLE = "lifecycle";
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    private static final String CHANNEL = "ams_events";
    /** NOTIFY refuses payloads of 8000 bytes or more; leave room for the prefix. */
    static final int NOTIFY_LIMIT = 7900;
    private static final long STORED_FOR_MILLIS = 60_000;
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final TransactionOperations<Connection> tx;
    private final JsonMapper json;
    private final EventHub hub;
    private final EventPayloadRepository payloads;
    private final DbSettings db;
    private final AtomicLong sequence = new AtomicLong();
    /** Tells apart identical payloads in one transaction, which NOTIFY would otherwise send once. */
    private final String processTag = UUID.randomUUID().toString().substring(0, 8);
    private final Thread listener;
    private volatile boolean running = true;

    public Events(TransactionOperations<Connection> tx, JsonMapper json, EventHub hub, EventPayloadRepository payloads,
                  DbSettings db) {
        this.tx = tx;
        this.json = json;
        this.hub = hub;
        this.payloads = payloads;
        this.db = db;
        if (db.usesPostgres()) {
            listener = new Thread(this::listen, "event-listener");
            listener.setDaemon(true);
            listener.start();
        } else {
            listener = null;
        }
    }

    /**
     * A lifecycle event: {@code action} one of {@link LifecycleAction}'s, {@code source} the API
     * path of the object (say {@code /1.0/images/<id>}), {@code context} what else a listener
     * needs to act without asking (names, versions); null or empty for none.
     */
    public void lifecycle(String action, String source, Map<String, ?> context) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("action", action);
        metadata.put("source", source);
        if (context != null && !context.isEmpty()) {
            metadata.put("context", context);
        }
        publish(LIFECYCLE, metadata);
    }

    /** An operation event: the operation exactly as {@code GET /1.0/operations/{id}} shows it. */
    public void operation(Object operation) {
        publish(OPERATION, operation);
    }

    private void publish(String type, Object metadata) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("timestamp", RFC3339.format(Instant.now()));
        event.put("metadata", metadata);
        String text;
        try {
            text = json.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var current = tx.findTransactionStatus();
        if (current.isPresent()) {
            raise(current.get(), type, text);
        } else {
            tx.executeWrite(status -> {
                raise(status, type, text);
                return null;
            });
        }
    }

    private void raise(TransactionStatus<?> status, String type, String text) {
        if (!db.usesPostgres()) {
            status.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    hub.deliver(type, text);
                }
            });
            return;
        }
        String tag = processTag + "." + sequence.incrementAndGet();
        String payload = tag + " " + type + " " + text;
        if (payload.getBytes(StandardCharsets.UTF_8).length > NOTIFY_LIMIT) {
            String id = UUID.randomUUID().toString();
            long now = System.currentTimeMillis();
            payloads.deleteByCreatedAtLessThan(now - STORED_FOR_MILLIS);
            payloads.save(new EventPayloadRow(id, text, now));
            payload = tag + " " + type + " @" + id;
        }
        Connection connection = (Connection) status.getConnection();
        Map<Connection, List<String>> open = pending.get();
        List<String> queued = open.get(connection);
        if (queued == null) {
            // The transaction's events go in one statement just before its commit: one round trip
            // where a delete's two events took two (docs/performance.md), in the order raised.
            List<String> mine = new ArrayList<>();
            open.put(connection, mine);
            status.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    open.remove(connection);
                    sendAll(connection, mine);
                }

                @Override
                public void afterCompletion(Status completed) {
                    open.remove(connection);
                }
            });
            queued = mine;
        }
        queued.add(payload);
    }

    /** Each transaction's events not yet sent, by its connection (a nested transaction has its own). */
    private final ThreadLocal<Map<Connection, List<String>>> pending = ThreadLocal.withInitial(IdentityHashMap::new);

    private static void sendAll(Connection connection, List<String> payloads) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < payloads.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("pg_notify(?, ?)");
        }
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            int p = 0;
            for (String payload : payloads) {
                s.setString(++p, CHANNEL);
                s.setString(++p, payload);
            }
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("could not raise " + payloads.size() + " event(s): " + e.getMessage(), e);
        }
    }

    /** The process's own listening connection: reconnects after a failure, with a growing pause. */
    private void listen() {
        long pause = 500;
        while (running) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
                pause = 500;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(1000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            handle(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("event listening connection failed, reconnecting in {} ms (events raised meanwhile are"
                        + " not delivered by this process): {}", pause, e.toString());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return;
                }
                pause = Math.min(pause * 2, 30_000);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (db.user() != null) {
            p.setProperty("user", db.user());
        }
        if (db.password() != null) {
            p.setProperty("password", db.password());
        }
        p.setProperty("ApplicationName", "ams-events");
        return DriverManager.getConnection(db.url(), p);
    }

    private void handle(String payload) {
        int first = payload.indexOf(' ');
        int second = first < 0 ? -1 : payload.indexOf(' ', first + 1);
        if (second < 0) {
            return;
        }
        String type = payload.substring(first + 1, second);
        String text = payload.substring(second + 1);
        if (text.startsWith("@")) {
            String id = text.substring(1);
            text = tx.executeRead(status -> payloads.findById(id).map(EventPayloadRow::body).orElse(null));
            if (text == null) {
                LOG.warn("a stored event was gone before this process read it");
                return;
            }
        }
        hub.deliver(type, text);
    }

    @PreDestroy
    void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
