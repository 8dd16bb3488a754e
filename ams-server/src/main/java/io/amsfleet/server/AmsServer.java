package io.amsfleet.server;

import io.amsfleet.server.db.SchemaWarmUp;
import io.amsfleet.server.health.GracefulShutdown;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/** Starts the AMS server: settings come from {@code AMS_*} environment variables. */
public final class AmsServer {
    private AmsServer() {
    }

    public static void main(String[] args) {
        SchemaWarmUp.startIfEmbedded();
        // Read here, before Micronaut starts, because it sets a Micronaut setting of its own
        // (micronaut.server.ssl.enabled) from exactly the spellings docs/configuration.md gives.
        String tls = System.getenv("AMS_TLS");
        if (tls != null && (tls.equalsIgnoreCase("on") || tls.equalsIgnoreCase("true") || tls.equals("1"))) {
            // HTTPS on the same port, instead of plain HTTP.
            System.setProperty("micronaut.server.ssl.enabled", "true");
        }
        // Settings are bound at start, not at the first request that needs them: a bad value
        // stops the server with the variable to fix instead of failing some requests later.
        ApplicationContext context = Micronaut.build(args).mainClass(AmsServer.class).banner(false)
                .eagerInitConfiguration(true).start();
        GracefulShutdown.installSignalHandlers(context);
    }
}
