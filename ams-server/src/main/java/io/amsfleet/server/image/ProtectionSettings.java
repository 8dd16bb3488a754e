package io.amsfleet.server.image;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code AMS_PROTECTION_COOLDOWN}: how long an unprotection waits before deletes are allowed ({@code 0}: none). */
@ConfigurationProperties("ams.protection")
public record ProtectionSettings(Duration cooldown) {
    @ConfigurationInject
    public ProtectionSettings(String cooldown) {
        this(Setting.duration(cooldown, "AMS_PROTECTION_COOLDOWN"));
    }
}
