package io.amsfleet.server.health;

import io.amsfleet.server.metrics.HttpMetrics;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stop by {@code SIGTERM} (systemd, a container runtime) or {@code SIGINT}, in this order:
 * readiness turns false while the server still serves, for {@code AMS_SHUTDOWN_DRAIN}, so that a
 * load balancer's probe sees it and stops sending; then the requests in flight finish, for at
 * most {@code AMS_SHUTDOWN_TIMEOUT}; then the JVM exits, which stops Micronaut: the HTTP server
 * closes and the cluster jobs this process holds are handed over ({@code cluster.BackgroundWork}).
 *
 * <p>Why not Micronaut's own graceful shutdown ({@code micronaut.lifecycle.graceful-shutdown}):
 * it starts after the HTTP server has stopped listening, so a probe meets a closed port instead
 * of a readiness that says no, and it has no drain period. The signal handler replaces the JVM's
 * for these two signals only; a second signal during the drain exits at once.
 */
@Singleton
public class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    private final Readiness readiness;
    private final HttpMetrics http;
    private final ShutdownSettings settings;
    private final AtomicBoolean started = new AtomicBoolean();

    public GracefulShutdown(Readiness readiness, HttpMetrics http, ShutdownSettings settings) {
        this.readiness = readiness;
        this.http = http;
        this.settings = settings;
    }

    /** Called once the server runs (AmsServer#main): tests that embed the server keep the JVM's handlers. */
    public static void installSignalHandlers(ApplicationContext context) {
        GracefulShutdown shutdown = context.getBean(GracefulShutdown.class);
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> shutdown.onSignal(signal.getName()));
        }
    }

    private void onSignal(String signal) {
        if (!started.compareAndSet(false, true)) {
            LOG.info("SIG{} again: stopping now", signal);
            System.exit(0);
            return;
        }
        Thread t = new Thread(() -> drainAndExit(signal), "graceful-shutdown");
        t.start();
    }

    void drainAndExit(String signal) {
        LOG.info("SIG{}: readiness is false; serving for {} more while load balancers drain, then finishing "
                + "the requests in flight", signal, settings.drain());
        readiness.drain();
        try {
            Thread.sleep(settings.drain().toMillis());
            long deadline = System.currentTimeMillis() + settings.timeout().toMillis();
            while (http.inFlight() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            if (http.inFlight() > 0) {
                LOG.warn("stopping with {} requests still in flight after {}", http.inFlight(), settings.timeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopping");
        System.exit(0);
    }
}
