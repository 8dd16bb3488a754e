package io.amsfleet.server.limit;

import io.micronaut.context.exceptions.ConfigurationException;

/** At most {@code limit} events per {@code windowMillis}; a limit of 0 is no limit ({@code off}). */
public record Rate(int limit, long windowMillis) {
    public static final Rate OFF = new Rate(0, 0);

    /**
     * Reads {@code 120/60s} (count per window; the window in ms, s, m or h) or {@code off};
     * {@code setting} names the setting in the error.
     */
    public static Rate parse(String spec, String setting) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("off")) {
            return OFF;
        }
        String[] parts = spec.trim().split("/");
        if (parts.length != 2 || !parts[0].matches("[0-9]{1,9}") || !parts[1].matches("[0-9]{1,9}(ms|s|m|h)")) {
            throw new ConfigurationException(setting + " must look like 120/60s (count/window) or off, not " + spec);
        }
        String w = parts[1];
        long n = Long.parseLong(w.replaceAll("[a-z]", ""));
        long millis = w.endsWith("ms") ? n : w.endsWith("s") ? n * 1000 : w.endsWith("m") ? n * 60_000 : n * 3_600_000;
        return new Rate(Integer.parseInt(parts[0]), millis);
    }

    public boolean enabled() {
        return limit > 0;
    }
}
