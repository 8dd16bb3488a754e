package io.amsfleet.server.content;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code AMS_CONTENT_*}: where image content lives and how the store is swept (docs/configuration.md). */
@ConfigurationProperties("ams.content")
public record ContentSettings(String url, String accessKey, String secretKey, Duration sweepInterval,
                              Duration orphanGrace) {
    @ConfigurationInject
    public ContentSettings(String url, String accessKey, String secretKey, String sweepInterval, String orphanGrace) {
        this(Setting.optional(url), Setting.optional(accessKey), Setting.optional(secretKey),
                Setting.positiveDuration(sweepInterval, "AMS_CONTENT_SWEEP_INTERVAL"),
                Setting.duration(orphanGrace, "AMS_CONTENT_ORPHAN_GRACE"));
    }
}
