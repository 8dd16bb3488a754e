package io.amsfleet.server.auth;

import io.micronaut.security.authentication.Authentication;

import java.util.List;

/**
 * The caller that presents {@code AMS_METRICS_TOKEN}: a Prometheus server. Its one role is
 * {@link #ROLE}, which only the metrics endpoint accepts, so a leaked scrape token reads counts and
 * nothing else (docs/operations.md).
 */
public final class Scraper {
    /** The role of the scrape token; not one of {@code Role}'s, so no other endpoint admits it. */
    public static final String ROLE = "metrics";
    static final Authentication AUTHENTICATION = Authentication.build("metrics-scraper", List.of(ROLE));

    private Scraper() {
    }
}
