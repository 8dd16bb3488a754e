package io.amsfleet.server.config;

import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

import java.util.Locale;

/**
 * {@code AMS_LOG_FORMAT}: {@code text} or {@code json}. Logging reads the variable itself, before
 * any setting is bound (LogSetup); this record is here so that a misspelt value stops the start
 * with the variable to fix instead of logging in the other format.
 */
@ConfigurationProperties("ams")
public record LogSettings(String logFormat) {
    @ConfigurationInject
    public LogSettings {
        String format = logFormat == null ? "" : logFormat.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigurationException("AMS_LOG_FORMAT must be text or json, not " + logFormat);
        }
        logFormat = format;
    }
}
