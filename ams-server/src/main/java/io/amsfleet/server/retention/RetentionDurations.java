package io.amsfleet.server.retention;

import io.amsfleet.server.api.ApiException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as policies spell them (docs/retention.md): a whole number and one unit, {@code s},
 * {@code m}, {@code h}, {@code d} or {@code w} — {@code 30d}, {@code 12h}. One unit only, so that
 * what an operator reads back is what they wrote; at most 100 years, so no sum overflows.
 */
final class RetentionDurations {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,6})([smhdw])");
    private static final long MAX = 36_500L * 86_400_000L;
    private static final char[] UNITS = {'w', 'd', 'h', 'm', 's'};

    private RetentionDurations() {
    }

    /** Null stays null (the rule is not set); anything else must be a positive duration. */
    static Long parse(String field, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw ApiException.badRequest(field + " must be a duration such as 30d, 12h, 90m, 45s or 2w, not \""
                    + abbreviate(text) + "\"");
        }
        long millis = Long.parseLong(m.group(1)) * unitMillis(m.group(2).charAt(0));
        if (millis <= 0 || millis > MAX) {
            throw ApiException.badRequest(field + " must be longer than 0 and at most 36500d, not " + text);
        }
        return millis;
    }

    /** The largest unit that divides it: what {@link #parse} reads back to the same value. */
    static String format(Long millis) {
        if (millis == null) {
            return null;
        }
        for (char unit : UNITS) {
            long u = unitMillis(unit);
            if (millis % u == 0) {
                return (millis / u) + String.valueOf(unit);
            }
        }
        return (millis / 1000) + "s";
    }

    private static long unitMillis(char unit) {
        return switch (unit) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            case 'w' -> 7 * 86_400_000L;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
