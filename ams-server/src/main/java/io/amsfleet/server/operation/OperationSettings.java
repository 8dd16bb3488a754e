package io.amsfleet.server.operation;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code AMS_OPERATIONS_RETENTION}; {@code expiryInterval}, how often expiry runs, is not documented: tests shorten it. */
@ConfigurationProperties("ams.operations")
public record OperationSettings(Duration retention, Duration expiryInterval) {
    @ConfigurationInject
    public OperationSettings(String retention, String expiryInterval) {
        this(Setting.duration(retention, "AMS_OPERATIONS_RETENTION"),
                Setting.positiveDuration(expiryInterval, "ams.operations.expiry-interval"));
    }
}
