package io.amsfleet.server.remote;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code AMS_IMAGES_*}: the image server until {@code PATCH /1.0/config} says otherwise. Kept as
 * text, since that is what the API shows and overrides; the interval is checked where it is used.
 */
@ConfigurationProperties("ams.images")
public record ImageServerSettings(String url, String auth, String updateInterval) {
    public ImageServerSettings {
        url = url == null ? "" : url;
        auth = auth == null ? "" : auth;
    }
}
