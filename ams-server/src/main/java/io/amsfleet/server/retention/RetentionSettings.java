package io.amsfleet.server.retention;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

import java.time.Duration;

/**
 * Retention's bounds (docs/configuration.md): how long a preview's plan holds
 * ({@code AMS_RETENTION_PLAN_LIFETIME}), how many removals one plan holds
 * ({@code AMS_RETENTION_PLAN_LIMIT}), how many images one transaction locks
 * ({@code AMS_RETENTION_BATCH}), how many items of each kind a report keeps
 * ({@code AMS_RETENTION_REPORT_ITEMS}), how often schedules are looked at
 * ({@code AMS_RETENTION_CHECK_INTERVAL}).
 */
@ConfigurationProperties("ams.retention")
public record RetentionSettings(Duration planLifetime, int planLimit, int batch, int reportItems,
                                Duration checkInterval) {
    @ConfigurationInject
    public RetentionSettings(String planLifetime, String planLimit, String batch, String reportItems,
                             String checkInterval) {
        this(Setting.positiveDuration(planLifetime, "AMS_RETENTION_PLAN_LIFETIME"),
                count(planLimit, "AMS_RETENTION_PLAN_LIMIT", 100_000),
                count(batch, "AMS_RETENTION_BATCH", 10_000),
                count(reportItems, "AMS_RETENTION_REPORT_ITEMS", 100_000),
                Setting.positiveDuration(checkInterval, "AMS_RETENTION_CHECK_INTERVAL"));
    }

    private static int count(String text, String name, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ConfigurationException(name + " must be a whole number from 1 to " + max + ", not " + text);
    }
}
