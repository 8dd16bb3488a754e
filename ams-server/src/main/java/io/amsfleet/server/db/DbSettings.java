package io.amsfleet.server.db;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code AMS_DB_*}: PostgreSQL when {@code url} is set, else the embedded H2 database under the data dir. */
@ConfigurationProperties("ams.db")
public record DbSettings(String url, String user, String password, int poolSize) {
    @ConfigurationInject
    public DbSettings(String url, String user, String password, String poolSize) {
        this(Setting.optional(url), Setting.optional(user), Setting.optional(password), poolSize(poolSize));
    }

    public boolean usesPostgres() {
        return isPostgresUrl(url);
    }

    public static boolean isPostgresUrl(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    private static int poolSize(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new io.micronaut.context.exceptions.ConfigurationException(
                "AMS_DB_POOL_SIZE must be a number of connections, at least 1, not " + text);
    }
}
