package io.amsfleet.server.image;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

import java.time.Duration;

/**
 * How long an upload's hold on its image lasts unrenewed, and how often it is renewed. Not
 * documented settings: tests shorten them to see a killed upload's hold lapse.
 */
@ConfigurationProperties("ams.upload")
public record UploadLease(Duration lease, Duration renewInterval) {
    public UploadLease {
        if (renewInterval.compareTo(lease) >= 0) {
            throw new ConfigurationException("ams.upload.renew-interval (" + renewInterval
                    + ") must be shorter than ams.upload.lease (" + lease + ")");
        }
    }

    @ConfigurationInject
    public UploadLease(String lease, String renewInterval) {
        this(Setting.positiveDuration(lease, "ams.upload.lease"),
                Setting.positiveDuration(renewInterval, "ams.upload.renew-interval"));
    }
}
