package io.amsfleet.cli.config;

import java.util.List;

/** The server's run-time settings ({@code /1.0/config}), as docs/image-server.md describes them. */
final class ServerSettings {
    /** In the order help and errors list them. */
    static final List<String> KEYS = List.of("images.url", "images.auth", "images.update_interval");

    private ServerSettings() {
    }
}
