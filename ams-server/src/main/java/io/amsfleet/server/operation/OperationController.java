package io.amsfleet.server.operation;

import io.amsfleet.model.RoleNames;
import io.micronaut.security.annotation.Secured;
import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.Params;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Objects;

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
        int rec = Params.integer("recursion", recursion, 0, 0);
        List<String> ids = operations.recentIds(LISTED);
        Object metadata = rec == 0 ? ids.stream().map(id -> "/1.0/operations/" + id).toList()
                : ids.stream().map(operations::find).flatMap(java.util.Optional::stream).toList();
        return HttpResponse.ok(Response.collection(metadata, ids.size()));
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
