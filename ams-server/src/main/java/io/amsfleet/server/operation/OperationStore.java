package io.amsfleet.server.operation;

import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.events.Events;
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
 * Every state an operation is recorded in raises an operation event in the same transaction
 * ({@link Events}), so listeners hear of it once it has committed.
 *
 * <p>Cancelling (docs/events.md): an operation recorded {@linkplain #recordCancellable cancellable}
 * has {@code may_cancel} true; {@link #cancel} moves it to Cancelling (104) in the database, from
 * any process; the process running it sees that at its next {@linkplain #cancelRequested checkpoint},
 * undoes what it had started and records Cancelled (401) with {@link #finishCancelled}.
 */
@Singleton
public class OperationStore {
    public static final int CANCELLING = 104;
    public static final int CANCELLED = 401;
    public static final String CANCELLED_ERR = "operation cancelled";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Argument<Map<String, List<String>>> RESOURCES =
            Argument.mapOf(Argument.STRING, Argument.listOf(String.class));
    private static final Argument<Map<String, Object>> METADATA = Argument.mapOf(String.class, Object.class);
    private final OperationRepository operations;
    private final Transactions tx;
    private final JsonMapper json;
    private final Events events;

    public OperationStore(OperationRepository operations, Transactions tx, JsonMapper json, Events events) {
        this.operations = operations;
        this.tx = tx;
        this.json = json;
        this.events = events;
    }

    /** Records a finished operation inside the caller's transaction. */
    public Operation recordSuccess(String description, Map<String, List<String>> resources,
                                   Map<String, Object> metadata) {
        return insert(description, Operation.SUCCESS, resources, metadata, false);
    }

    /** Records a started operation that cannot be cancelled, inside the caller's transaction. */
    public Operation recordRunning(String description, Map<String, List<String>> resources,
                                   Map<String, Object> metadata) {
        return insert(description, Operation.RUNNING, resources, metadata, false);
    }

    /**
     * Records a started operation that can be cancelled, inside the caller's transaction: its
     * runner must check {@link #cancelRequested} at its checkpoints and end with
     * {@link #finishCancelled} when asked to stop.
     */
    public Operation recordCancellable(String description, Map<String, List<String>> resources,
                                       Map<String, Object> metadata) {
        return insert(description, Operation.RUNNING, resources, metadata, true);
    }

    /**
     * Finishes a running (or cancelling) operation, in its own transaction. A runner that finished
     * before it saw a cancel records what really happened: the work is done, or failed.
     */
    public void finish(String id, boolean success, String err, Map<String, Object> metadata) {
        finishAs(id, success ? Operation.SUCCESS : Operation.FAILURE, success ? "" : err == null ? "" : err, metadata);
    }

    /** Ends an operation its runner stopped because it was asked to: Cancelled, with the reason. */
    public void finishCancelled(String id, Map<String, Object> metadata) {
        finishAs(id, CANCELLED, CANCELLED_ERR, metadata);
    }

    private void finishAs(String id, int status, String err, Map<String, Object> metadata) {
        tx.write(() -> {
            operations.update(id, status, err, write(metadata), System.currentTimeMillis());
            find(id).ifPresent(events::operation);
            return null;
        });
    }

    /**
     * Replaces a running operation's metadata (its runner's progress, docs/events.md), in a
     * transaction of its own, and raises an operation event with the status unchanged. Nothing
     * happens once the operation is cancelling or final: a late progress report must not
     * overwrite what its end recorded.
     */
    public void progress(String id, Map<String, Object> metadata) {
        tx.write(() -> {
            if (operations.updateRunningMetadata(id, write(metadata), System.currentTimeMillis()) == 1) {
                find(id).ifPresent(events::operation);
            }
            return null;
        });
    }

    /** Whether someone asked, on any process, that this operation stop. */
    public boolean cancelRequested(String id) {
        return tx.read(() -> operations.statusOf(id)).map(s -> s == CANCELLING).orElse(true);
    }

    /**
     * Asks that a running cancellable operation stop: Cancelling until its runner has undone its
     * work. A second cancel of a cancelling operation is answered as the first.
     */
    public Operation cancel(String id) {
        return tx.write(() -> {
            OperationRow row = operations.findByIdForUpdate(id)
                    .orElseThrow(() -> ApiException.notFound("operation " + id + " not found"));
            if (row.statusCode() >= Operation.SUCCESS) {
                throw new ApiException(ReasonCode.OPERATION_FINAL, "operation " + id + " has already finished ("
                        + statusName(row.statusCode()) + "); only a running operation can be cancelled",
                        Map.of("status", statusName(row.statusCode())));
            }
            if (!row.mayCancel()) {
                throw new ApiException(ReasonCode.OPERATION_NOT_CANCELLABLE, "operation " + id + " ("
                        + row.description() + ") cannot be cancelled; its may_cancel is false", Map.of());
            }
            if (row.statusCode() != CANCELLING) {
                operations.transition(id, row.statusCode(), CANCELLING, System.currentTimeMillis());
            }
            Operation op = find(id).orElseThrow();
            if (row.statusCode() != CANCELLING) {
                events.operation(op);
            }
            return op;
        });
    }

    private Operation insert(String description, int status, Map<String, List<String>> resources,
                             Map<String, Object> metadata, boolean mayCancel) {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        operations.save(new OperationRow(id, "task", description, status, "", write(resources), write(metadata), now,
                now, mayCancel));
        Operation op = new Operation(id, "task", description, time(now), time(now), statusName(status), status,
                resources, metadata, mayCancel, "");
        events.operation(op);
        return op;
    }

    public Optional<Operation> find(String id) {
        return tx.read(() -> operations.findById(id)).map(this::parsed);
    }

    private Operation parsed(OperationRow row) {
        // may_cancel only while it can still be acted on: a final operation cannot be cancelled.
        boolean mayCancel = row.mayCancel() && row.statusCode() < Operation.SUCCESS;
        return new Operation(row.id(), row.operationClass(), row.description(), time(row.createdAt()),
                time(row.updatedAt()), statusName(row.statusCode()), row.statusCode(), read(row.resources(), RESOURCES),
                read(row.metadata(), METADATA), mayCancel, row.err());
    }

    /** The most recent operations first. */
    public List<String> recentIds(int limit) {
        return tx.read(() -> operations.recentIds(limit));
    }

    public static String statusName(int code) {
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
