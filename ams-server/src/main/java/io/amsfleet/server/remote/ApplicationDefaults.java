package io.amsfleet.server.remote;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The application settings of {@code /1.0/config} until {@code PATCH /1.0/config} says otherwise,
 * with AMS's defaults (application.yml): new versions published, three published versions kept,
 * applications following their image's new versions.
 */
@ConfigurationProperties("ams.applications")
public record ApplicationDefaults(String autoPublish, String maxPublishedVersions, String autoUpdate) {
}
