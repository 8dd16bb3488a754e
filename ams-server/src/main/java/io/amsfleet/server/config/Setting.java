package io.amsfleet.server.config;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionService;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads a setting's text into the type its record holds. Each error names the setting (its
 * {@code AMS_*} variable where it has one), so that a bad value stops the start with the one thing
 * an operator has to fix, instead of Micronaut's name of a constructor argument.
 */
public final class Setting {
    private Setting() {
    }

    /** Unset and blank are the same: application.yml maps an unset variable to an empty string. */
    public static String optional(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    public static Duration duration(String text, String name) {
        return ConversionService.SHARED.convert(text == null ? "" : text.trim(), Duration.class)
                .filter(d -> !d.isNegative())
                .orElseThrow(() -> new ConfigurationException(name + " must be a duration such as 500ms, 10s, 5m,"
                        + " 1h or 90d, not " + text));
    }

    /** A positive duration, for intervals and leases: zero would make a timer spin. */
    public static Duration positiveDuration(String text, String name) {
        Duration d = duration(text, name);
        if (d.isZero()) {
            throw new ConfigurationException(name + " must be longer than 0, not " + text);
        }
        return d;
    }

    public static long bytes(String text, String name) {
        try {
            return parseSize(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name + ": " + e.getMessage());
        }
    }

    /**
     * Reads a byte size: a plain number of bytes or one with a binary suffix ({@code KB}/{@code KiB},
     * {@code MB}/{@code MiB}, {@code GB}/{@code GiB}, {@code TB}/{@code TiB}). The project's own
     * rather than Micronaut's {@code @ReadableBytes}, which knows neither {@code TB} nor the
     * {@code KiB} spellings that docs/configuration.md promises.
     */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        long unit = 1;
        String[] suffixes = {"KB", "MB", "GB", "TB"};
        for (int i = 0; i < suffixes.length; i++) {
            if (t.endsWith(suffixes[i])) {
                unit = 1L << (10 * (i + 1));
                t = t.substring(0, t.length() - 2).trim();
                break;
            }
        }
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(t);
            if (n <= 0) {
                throw new IllegalArgumentException("size must be positive: " + text);
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: " + text + " (use bytes or a KB/MB/GB/TB suffix)", e);
        }
    }
}
