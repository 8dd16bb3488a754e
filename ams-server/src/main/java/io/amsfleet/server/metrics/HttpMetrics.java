package io.amsfleet.server.metrics;

import io.amsfleet.server.cluster.ClusterJobs;
import io.amsfleet.server.cluster.ClusterSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AMS's API series, under AMS's names (Anbox Cloud's Prometheus reference): {@code
 * ams_http_requests_total}, {@code ams_http_request_duration_seconds}, {@code
 * ams_http_request_size_bytes}, {@code ams_http_response_size_bytes} and {@code
 * ams_http_in_flight_requests}, labelled by {@code handler} ({@link HandlerLabels}), lowercase
 * {@code method}, {@code host} (this process's cluster name) and, on the counter, the status
 * {@code code}. Runs outside every other filter, so refusals before any endpoint are counted too.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class HttpMetrics implements HttpServerFilter {
    private static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final double[] BYTES = {256, 1024, 16384, 262144, 1048576, 16777216, 268435456, 1073741824,
            8589934592.0};
    private final MeterRegistry registry;
    private final String host;
    private final AtomicInteger inFlight = new AtomicInteger();

    public HttpMetrics(MeterRegistry registry, ClusterSettings cluster) {
        this.registry = registry;
        this.host = ClusterJobs.hostName(cluster.host());
        Gauge.builder("ams.http.in.flight.requests", inFlight, AtomicInteger::get)
                .description("Number of HTTP requests being processed at the moment").tag("host", host)
                .register(registry);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Requests being answered now: what a graceful shutdown waits for. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long start = System.nanoTime();
        Flux<MutableHttpResponse<?>> answer = Flux.from(chain.proceed(request))
                .doOnNext(response -> record(request, response, start));
        // An event-stream connection is not a request in flight: it lasts as long as its listener
        // (ams_events_listeners), and a shutdown must not wait for it.
        if ("websocket".equalsIgnoreCase(request.getHeaders().get("Upgrade"))) {
            return answer;
        }
        inFlight.incrementAndGet();
        return answer.doFinally(signal -> inFlight.decrementAndGet());
    }

    private void record(HttpRequest<?> request, MutableHttpResponse<?> response, long start) {
        String handler = HandlerLabels.of(request);
        String method = request.getMethodName().toLowerCase(Locale.ROOT);
        Counter.builder("ams.http.requests").description("Total number of HTTP requests made")
                .tags("handler", handler, "method", method, "host", host,
                        "code", String.valueOf(response.getStatus().getCode()))
                .register(registry).increment();
        Timer.builder("ams.http.request.duration").description("The HTTP request latency in seconds")
                .tags("handler", handler, "method", method, "host", host).serviceLevelObjectives(durations())
                .register(registry).record(Duration.ofNanos(System.nanoTime() - start));
        long requestSize = request.getContentLength();
        DistributionSummary.builder("ams.http.request.size").baseUnit("bytes")
                .description("The HTTP request size in bytes").serviceLevelObjectives(BYTES)
                .tags("handler", handler, "method", method, "host", host)
                .register(registry).record(Math.max(0, requestSize));
        // A JSON answer is encoded after the filters; only a length already known (files,
        // image downloads, empty answers) is counted.
        long responseSize = response.getContentLength();
        if (responseSize >= 0) {
            DistributionSummary.builder("ams.http.response.size").baseUnit("bytes")
                    .description("The HTTP response sizes in bytes").serviceLevelObjectives(BYTES)
                    .tags("handler", handler, "method", method, "host", host)
                    .register(registry).record(responseSize);
        }
    }

    private static Duration[] durations() {
        Duration[] d = new Duration[SECONDS.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Duration.ofNanos((long) (SECONDS[i] * 1e9));
        }
        return d;
    }
}
