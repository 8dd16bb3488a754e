package io.amsfleet.server.operation;

import io.amsfleet.model.RoleNames;
import io.micronaut.security.annotation.Secured;
import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.Params;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.Audited;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code /1.0/operations}: read and wait on operations, from whichever process started them. */
@Controller("/1.0/operations")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OperationController {
    private static final int LISTED = 200;
    private static final int MAX_WAIT_SECONDS = 3600;
    private final OperationStore operations;

    public OperationController(OperationStore operations) {
        this.operations = operations;
    }

    @Secured(RoleNames.VIEWER)
    @Get
    public HttpResponse<Response<Object>> list(@Nullable @QueryValue String recursion) {
        int rec = Math.min(Params.integer("recursion", recursion, 0, 0), 1);
        List<String> ids = operations.recentIds(LISTED);
        if (rec == 0) {
            return HttpResponse.ok(Response.collection(ids.stream().map(id -> "/1.0/operations/" + id).toList(),
                    ids.size()));
        }
        // As the official SDK's ListOperations decodes it (docs/api.md): keyed by the status in lower case.
        Map<String, List<Operation>> byStatus = new LinkedHashMap<>();
        ids.stream().map(operations::find).flatMap(Optional::stream).forEach(op ->
                byStatus.computeIfAbsent(op.status().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(op));
        return HttpResponse.ok(Response.collection(byStatus, ids.size()));
    }

    /**
     * Cancels a running operation whose may_cancel is true: it is Cancelling until the process
     * running it, whichever that is, has stopped and undone its work, then Cancelled.
     */
    @Secured(RoleNames.OPERATOR)
    @Audited(AuditAction.OPERATION_CANCEL)
    @Delete("/{id}")
    public HttpResponse<Response<Map<String, Object>>> cancel(@PathVariable String id) {
        find(id);
        operations.cancel(id);
        return HttpResponse.ok(Response.sync(Map.of()));
    }

    @Secured(RoleNames.VIEWER)
    @Get("/{id}")
    public HttpResponse<Response<Operation>> get(@PathVariable String id) {
        return HttpResponse.ok(Response.sync(find(id)));
    }

    /** Blocks until the operation is final or {@code timeout} seconds pass (-1: up to an hour). */
    @Secured(RoleNames.VIEWER)
    @Get("/{id}/wait")
    public HttpResponse<Response<Operation>> await(@PathVariable String id, @Nullable @QueryValue String timeout)
            throws InterruptedException {
        int seconds = Params.integer("timeout", timeout, -1, -1);
        long deadline = System.currentTimeMillis() + 1000L * (seconds < 0 ? MAX_WAIT_SECONDS : seconds);
        Operation op = find(id);
        long pause = 20;
        while (!op.isFinal() && System.currentTimeMillis() < deadline) {
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 500);
            op = find(id);
        }
        return HttpResponse.ok(Response.sync(op));
    }

    private Operation find(String id) {
        if (id == null || !id.matches("[0-9a-fA-F-]{1,64}")) {
            throw ApiException.notFound("operation " + Objects.toString(id, "") + " not found");
        }
        return operations.find(id).orElseThrow(() -> ApiException.notFound("operation " + id + " not found"));
    }
}
