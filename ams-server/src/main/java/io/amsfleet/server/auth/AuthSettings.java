package io.amsfleet.server.auth;

import io.amsfleet.server.config.Setting;
import io.amsfleet.server.limit.Rate;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

import java.util.Locale;
import java.util.Set;

/** Credentials the server is given and the limits on those who fail or delete (docs/configuration.md). */
@ConfigurationProperties("ams")
public record AuthSettings(String adminToken, String trustPassword, String trustPasswordRole,
                           Rate trustPasswordAttempts, Rate authFailureLimit,
                           Rate deleteRateLimit, boolean deleteRateLimitAdmin, String metricsToken) {
    @ConfigurationInject
    public AuthSettings(String adminToken, String trustPassword, String trustPasswordRole,
                        String trustPasswordAttempts, String authFailureLimit,
                        String deleteRateLimit, String deleteRateLimitAdmin, String metricsToken) {
        this(Setting.optional(adminToken), Setting.optional(trustPassword), role(trustPasswordRole),
                Rate.parse(trustPasswordAttempts, "AMS_TRUST_PASSWORD_ATTEMPTS"),
                Rate.parse(authFailureLimit, "AMS_AUTH_FAILURE_LIMIT"),
                Rate.parse(deleteRateLimit, "AMS_DELETE_RATE_LIMIT"),
                Boolean.parseBoolean(deleteRateLimitAdmin.trim()), Setting.optional(metricsToken));
    }

    private static String role(String text) {
        String role = text.trim().toLowerCase(Locale.ROOT);
        if (!Set.of("viewer", "operator", "admin").contains(role)) {
            throw new ConfigurationException("AMS_TRUST_PASSWORD_ROLE must be viewer, operator or admin, not " + text);
        }
        return role;
    }
}
