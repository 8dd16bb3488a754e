package io.amsfleet.server;

import io.micronaut.runtime.Micronaut;

/** Starts the AMS server: settings come from {@code AMS_*} environment variables. */
public final class AmsServer {
    private AmsServer() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(AmsServer.class).banner(false).start();
    }
}
