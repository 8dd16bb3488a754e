package io.amsfleet.server.remote;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.db.Transactions;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Settings that change at run time ({@code PATCH /1.0/config}), kept in the database so that every
 * process sees them: the image server's address, credentials and sync interval. A key never set
 * takes its default (for {@code images.url}, {@code AMS_IMAGES_URL}).
 */
@Singleton
public class ServerConfig {
    public static final String IMAGES_URL = "images.url";
    public static final String IMAGES_AUTH = "images.auth";
    public static final String IMAGES_UPDATE_INTERVAL = "images.update_interval";
    /** AMS: whether a new application version is published as soon as it is ready. */
    public static final String APPLICATION_AUTO_PUBLISH = "application.auto_publish";
    /** AMS: how many published versions an application keeps; publishing more deletes the oldest. */
    public static final String APPLICATION_MAX_PUBLISHED_VERSIONS = "application.max_published_versions";
    /** AMS: whether applications get a new version when their base image gets one. */
    public static final String APPLICATION_AUTO_UPDATE = "application.auto_update";
    static final Set<String> KEYS = Set.of(IMAGES_URL, IMAGES_AUTH, IMAGES_UPDATE_INTERVAL, APPLICATION_AUTO_PUBLISH,
            APPLICATION_MAX_PUBLISHED_VERSIONS, APPLICATION_AUTO_UPDATE);
    /** Write-only over the API: shown as {@link #MASK} when set. */
    static final Set<String> SECRETS = Set.of(IMAGES_AUTH);
    public static final String MASK = "********";

    private final ConfigRepository settings;
    private final Transactions tx;
    private final Map<String, String> defaults;

    public ServerConfig(ConfigRepository settings, Transactions tx, ImageServerSettings configured,
                        ApplicationDefaults applications) {
        this.settings = settings;
        this.tx = tx;
        this.defaults = Map.of(IMAGES_URL, configured.url(), IMAGES_AUTH, configured.auth(),
                IMAGES_UPDATE_INTERVAL, configured.updateInterval(),
                APPLICATION_AUTO_PUBLISH, applications.autoPublish(),
                APPLICATION_MAX_PUBLISHED_VERSIONS, applications.maxPublishedVersions(),
                APPLICATION_AUTO_UPDATE, applications.autoUpdate());
    }

    /** {@link #APPLICATION_AUTO_PUBLISH}; call inside the transaction that uses it. */
    public boolean autoPublish() {
        return Boolean.parseBoolean(get(APPLICATION_AUTO_PUBLISH));
    }

    public boolean autoUpdate() {
        return Boolean.parseBoolean(get(APPLICATION_AUTO_UPDATE));
    }

    public int maxPublishedVersions() {
        return Integer.parseInt(get(APPLICATION_MAX_PUBLISHED_VERSIONS));
    }

    /** Every setting as the API shows it: a secret as {@link #MASK} when set, empty when not. */
    public Map<String, String> shown() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : KEYS.stream().sorted().toList()) {
            String value = get(key);
            out.put(key, SECRETS.contains(key) && !value.isEmpty() ? MASK : value);
        }
        return out;
    }

    public String get(String key) {
        return tx.read(() -> settings.findById(key)).map(ConfigSetting::settingValue)
                .orElse(defaults.getOrDefault(key, ""));
    }

    public void set(String key, String value) {
        if (key == null || !KEYS.contains(key)) {
            throw new ApiException(ReasonCode.BAD_REQUEST, "unknown setting " + key + "; known: " + KEYS.stream().sorted().toList());
        }
        String v = value == null ? "" : value.trim();
        if (SECRETS.contains(key) && v.equals(MASK)) {
            // A client that writes back what it read (amc, a form) must not replace the secret with its mask.
            return;
        }
        if (key.equals(IMAGES_URL) && !v.isEmpty() && (!v.startsWith("http://") && !v.startsWith("https://")
                || SimpleStreams.origin(toUri(v)) == null)) {
            // The host is required: the credentials are sent to the URL's origin and nowhere else.
            throw ApiException.badRequest("images.url must be an http:// or https:// URL with a host");
        }
        if (key.equals(IMAGES_UPDATE_INTERVAL)) {
            parseInterval(v);
        }
        if ((key.equals(APPLICATION_AUTO_PUBLISH) || key.equals(APPLICATION_AUTO_UPDATE))
                && !v.equals("true") && !v.equals("false")) {
            throw ApiException.badRequest(key + " must be true or false");
        }
        if (key.equals(APPLICATION_MAX_PUBLISHED_VERSIONS) && (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1)) {
            throw ApiException.badRequest(key + " must be a whole number from 1 to 9999");
        }
        tx.write(() -> {
            settings.deleteById(key);
            return settings.save(new ConfigSetting(key, v));
        });
    }

    private static URI toUri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("images.url is not a URL: " + e.getMessage());
        }
    }

    public Duration updateInterval() {
        return parseInterval(get(IMAGES_UPDATE_INTERVAL));
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}; at least 10 seconds. */
    static Duration parseInterval(String text) {
        if (text == null || !text.matches("[0-9]+[smh]")) {
            throw ApiException.badRequest("images.update_interval must look like 30s, 5m or 1h");
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        Duration d = switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.toSeconds() < 1) {
            throw ApiException.badRequest("images.update_interval must be at least 1s");
        }
        return d;
    }
}
