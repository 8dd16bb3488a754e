package io.amsfleet.server.remote;

import io.amsfleet.model.RoleNames;
import io.amsfleet.server.audit.Audited;
import io.micronaut.security.annotation.Secured;
import io.amsfleet.model.ConfigPost;
import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.amsfleet.server.cluster.ClusterJobs;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.api.JsonBodies;
import io.amsfleet.server.api.Responses;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.auth.Access;
import io.amsfleet.model.Role;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.operation.OperationStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Map;

/** {@code /1.0/config}: the run-time settings, as AMS shapes them; admin only. */
@Controller("/1.0/config")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConfigController {
    private final ServerConfig config;
    private final Access access;
    private final JsonBodies bodies;
    private final OperationStore operations;
    private final Transactions tx;
    private final AuditLog audit;
    private final ClusterJobs jobs;

    public ConfigController(ServerConfig config, Access access, JsonBodies bodies, OperationStore operations,
                            Transactions tx, AuditLog audit, ClusterJobs jobs) {
        this.jobs = jobs;
        this.config = config;
        this.access = access;
        this.bodies = bodies;
        this.operations = operations;
        this.tx = tx;
        this.audit = audit;
    }

    @Secured(RoleNames.ADMIN)
    @Get
    public HttpResponse<Response<Map<String, Object>>> get(HttpRequest<?> request) {
        return HttpResponse.ok(Response.sync(Map.of("config", config.shown())));
    }

    @Secured(RoleNames.ADMIN)
    @Audited(AuditAction.CONFIG_SET)
    @Patch(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Response<Operation>> set(HttpRequest<?> request, @Nullable @Body String body) {
        ConfigPost post = bodies.read(body, ConfigPost.class);
        if (post == null) {
            throw ApiException.badRequest("send {\"name\": \"images.url\", \"value\": \"https://…\"}");
        }
        config.set(post.name(), post.value());
        // A new address, credentials or interval should not wait for the end of the old interval.
        jobs.requestRun(SyncScheduler.JOB);
        Operation op = tx.write(() -> {
            Operation o = operations.recordSuccess("Set " + post.name(), Map.of("config", List.of("/1.0/config")),
                    Map.of("name", post.name()));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.CONFIG_SET, post.name()), o.id());
            return o;
        });
        return Responses.async(op);
    }
}
