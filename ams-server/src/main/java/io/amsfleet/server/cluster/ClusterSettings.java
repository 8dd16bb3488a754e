package io.amsfleet.server.cluster;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code AMS_CLUSTER_*}, and the host this process names itself by in {@code cluster_jobs}
 * ({@code $HOSTNAME}; null: the kernel's host name).
 */
@ConfigurationProperties("ams.cluster")
public record ClusterSettings(Duration lease, Duration pollInterval, String host) {
    @ConfigurationInject
    public ClusterSettings(String lease, String pollInterval, String host) {
        this(Setting.positiveDuration(lease, "AMS_CLUSTER_LEASE"),
                Setting.positiveDuration(pollInterval, "AMS_CLUSTER_POLL_INTERVAL"), Setting.optional(host));
    }
}
