package io.amsfleet.server.operation;

import io.amsfleet.model.Operation;
import io.amsfleet.server.db.Transactions;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Operations live in the database, so that any server process can answer for an operation any
 * other started, and so that an operation is recorded in the same transaction as its change.
 */
@Singleton
public class OperationStore {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Argument<Map<String, List<String>>> RESOURCES =
            Argument.mapOf(Argument.STRING, Argument.listOf(String.class));
    private static final Argument<Map<String, Object>> METADATA = Argument.mapOf(String.class, Object.class);
    private final OperationRepository operations;
    private final Transactions tx;
    private final JsonMapper json;

    public OperationStore(OperationRepository operations, Transactions tx, JsonMapper json) {
        this.operations = operations;
        this.tx = tx;
        this.json = json;
    }

    /** Records a finished operation inside the caller's transaction. */
    public Operation recordSuccess(String description, Map<String, List<String>> resources,
                                   Map<String, Object> metadata) {
        return insert(description, Operation.SUCCESS, "", resources, metadata);
    }

    /** Records a started operation inside the caller's transaction. */
    public Operation recordRunning(String description, Map<String, List<String>> resources,
                                   Map<String, Object> metadata) {
        return insert(description, Operation.RUNNING, "", resources, metadata);
    }

    /** Finishes a running operation, in its own transaction. */
    public void finish(String id, boolean success, String err, Map<String, Object> metadata) {
        tx.write(() -> {
            operations.update(id, success ? Operation.SUCCESS : Operation.FAILURE, err == null ? "" : err,
                    write(metadata), System.currentTimeMillis());
            return null;
        });
    }

    private Operation insert(String description, int status, String err, Map<String, List<String>> resources,
                             Map<String, Object> metadata) {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        operations.save(new OperationRow(id, "task", description, status, err, write(resources), write(metadata), now,
                now));
        return new Operation(id, "task", description, time(now), time(now), statusName(status), status, resources,
                metadata, false, err);
    }

    public Optional<Operation> find(String id) {
        return tx.read(() -> operations.findById(id)).map(row -> new Operation(row.id(), row.operationClass(),
                row.description(), time(row.createdAt()), time(row.updatedAt()), statusName(row.statusCode()),
                row.statusCode(), read(row.resources(), RESOURCES), read(row.metadata(), METADATA), false, row.err()));
    }

    /** The most recent operations first. */
    public List<String> recentIds(int limit) {
        return tx.read(() -> operations.recentIds(limit));
    }

    static String statusName(int code) {
        return switch (code) {
            case 100 -> "Created";
            case 101 -> "Started";
            case 102 -> "Stopped";
            case 103 -> "Running";
            case 104 -> "Cancelling";
            case 105 -> "Pending";
            case 200 -> "Success";
            case 400 -> "Failure";
            case 401 -> "Cancelled";
            default -> "Unknown";
        };
    }

    static String time(long millis) {
        return RFC3339.format(Instant.ofEpochMilli(millis));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
