package io.amsfleet.server.health;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How a stopping server drains (docs/operations.md): how long it keeps serving with readiness
 * false, so that a load balancer's probe sees it and sends no more ({@code AMS_SHUTDOWN_DRAIN}),
 * and how long it then waits at most for the requests in flight ({@code AMS_SHUTDOWN_TIMEOUT}).
 */
@ConfigurationProperties("ams.shutdown")
public record ShutdownSettings(Duration drain, Duration timeout) {
    @ConfigurationInject
    public ShutdownSettings(String drain, String timeout) {
        this(Setting.duration(drain, "AMS_SHUTDOWN_DRAIN"), Setting.duration(timeout, "AMS_SHUTDOWN_TIMEOUT"));
    }
}
