package io.amsfleet.server.metrics;

import io.amsfleet.model.RoleNames;
import io.amsfleet.server.auth.Scraper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/**
 * {@code GET /internal/1.0/metrics}, where AMS serves its Prometheus metrics: for any role, or for
 * the scrape token ({@code AMS_METRICS_TOKEN}) that may read nothing else (docs/operations.md).
 */
@Controller("/internal/1.0/metrics")
public class MetricsController {
    /** Prometheus's text format, version 0.0.4: what every Prometheus server reads. */
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;
    private final FleetGauges fleet;

    public MetricsController(PrometheusMeterRegistry registry, FleetGauges fleet) {
        this.registry = registry;
        this.fleet = fleet;
    }

    @Get(produces = TEXT_FORMAT)
    @Secured({RoleNames.VIEWER, Scraper.ROLE})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> scrape() {
        fleet.refresh();
        return HttpResponse.ok(registry.scrape()).contentType(TEXT_FORMAT);
    }
}
