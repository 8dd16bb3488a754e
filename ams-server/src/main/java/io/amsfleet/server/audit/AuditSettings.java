package io.amsfleet.server.audit;

import io.amsfleet.server.config.Setting;
import io.amsfleet.server.limit.Rate;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code AMS_AUDIT_*}. {@code retention} null: records are kept for ever ({@code 0}).
 * {@code expiryInterval} (how often the purge runs) is not documented: tests shorten it.
 */
@ConfigurationProperties("ams.audit")
public record AuditSettings(Duration retention, Rate refusalsPerCaller, Rate refusalsOverall, Duration expiryInterval) {
    @ConfigurationInject
    public AuditSettings(String retention, String refusalsPerCaller, String refusalsOverall, String expiryInterval) {
        this(retention.trim().equals("0") ? null : Setting.positiveDuration(retention, "AMS_AUDIT_RETENTION"),
                Rate.parse(refusalsPerCaller, "AMS_AUDIT_REFUSALS_PER_CALLER"),
                Rate.parse(refusalsOverall, "AMS_AUDIT_REFUSALS_OVERALL"),
                Setting.positiveDuration(expiryInterval, "ams.audit.expiry-interval"));
    }
}
