package io.amsfleet.server.tls;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code AMS_TLS_CERT}, {@code AMS_TLS_KEY}: PEM files for HTTPS; null: generated in the data dir. */
@ConfigurationProperties("ams.tls")
public record TlsSettings(String certificate, String key) {
    public TlsSettings {
        certificate = Setting.optional(certificate);
        key = Setting.optional(key);
    }
}
