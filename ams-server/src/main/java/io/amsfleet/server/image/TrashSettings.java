package io.amsfleet.server.image;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code AMS_TRASH_RETENTION}: how long a deleted image or version stays in the recycle bin;
 * null ({@code 0}) destroys at once. {@code purgeInterval} (how often the purge job looks) is not
 * documented: tests shorten it.
 */
@ConfigurationProperties("ams.trash")
public record TrashSettings(Duration retention, Duration purgeInterval) {
    @ConfigurationInject
    public TrashSettings(String retention, String purgeInterval) {
        this(retention.trim().equals("0") ? null : Setting.positiveDuration(retention, "AMS_TRASH_RETENTION"),
                Setting.positiveDuration(purgeInterval, "ams.trash.purge-interval"));
    }
}
