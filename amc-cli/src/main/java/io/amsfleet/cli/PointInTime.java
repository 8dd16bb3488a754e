package io.amsfleet.cli;

import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --since}/{@code --until}, in the forms people type: Unix seconds, an ISO-8601 time
 * ({@code 2026-11-24T10:00:00Z}), a UTC date ({@code 2026-11-24}, its midnight), or a duration
 * meaning that long ago ({@code 90m}, {@code 24h}). Sent as the server wants it (Unix
 * seconds for the audit trail, RFC 3339 for the recycle bin), so that a bad value is a usage error here rather than a refusal there. Shared by
 * {@code amc audit list} and {@code amc trash purge --before}.
 */
public final class PointInTime {
    private PointInTime() {
    }

    public static String toEpochSeconds(String option, String value, Clock clock) {
        return String.valueOf(toInstant(option, value, clock).getEpochSecond());
    }

    public static Instant toInstant(String option, String value, Clock clock) {
        String v = value.trim();
        if (v.matches("[0-9]{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(v));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException notInstant) {
            // one of the other forms
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
            // one of the other forms
        }
        try {
            return clock.instant().minus(new DurationConverter().convert(v));
        } catch (TypeConversionException notDuration) {
            throw new UsageError(option + " '" + value + "' is not a time: give Unix seconds, an ISO-8601 time such as"
                    + " 2026-11-24T10:00:00Z, a date such as 2026-11-24, or how long ago, such as 90m or 24h");
        }
    }
}
