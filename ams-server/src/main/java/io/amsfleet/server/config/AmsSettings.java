package io.amsfleet.server.config;

import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where the server keeps its files ({@code AMS_DATA_DIR}). Each feature's settings are a record
 * of their own beside the code that reads them; all take their text, defaults included, from
 * application.yml.
 */
@ConfigurationProperties("ams")
public record AmsSettings(Path dataDir) {
    @ConfigurationInject
    public AmsSettings(String dataDir) {
        this(Setting.optional(dataDir) == null ? Path.of(home(), ".local", "share", "ams") : Path.of(dataDir));
    }

    /** The shell's idea of home ($HOME), which is what {@code ~} in the docs means. */
    static String home() {
        String env = System.getenv("HOME");
        return env == null || env.isBlank() ? System.getProperty("user.home") : env;
    }
}
