package io.amsfleet.server.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.Map;

/**
 * Probes for load balancers and supervisors (docs/operations.md): open to anyone, since a probe
 * carries no credentials, and so telling nothing but up or down per check.
 * {@code /health/liveness} is 200 while the process answers at all; {@code /health/readiness} is
 * 200 when it should be sent requests and 503 otherwise ({@link Readiness}).
 */
@Controller("/health")
public class HealthController {
    private final Readiness readiness;

    public HealthController(Readiness readiness) {
        this.readiness = readiness;
    }

    @Get("/liveness")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public Map<String, Object> liveness() {
        return Map.of("status", "up");
    }

    @Get("/readiness")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> readiness() {
        Readiness.Result r = readiness.check();
        Map<String, Object> body = Map.of("status", r.ready() ? "up" : "down", "checks", r.checks());
        return HttpResponse.status(r.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
