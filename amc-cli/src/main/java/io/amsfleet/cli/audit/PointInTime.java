package io.amsfleet.cli.audit;

import io.amsfleet.cli.DurationConverter;
import io.amsfleet.cli.UsageError;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --since}/{@code --until}, in the forms people type: Unix seconds, an ISO-8601 time
 * ({@code 2026-11-24T10:00:00Z}), a UTC date ({@code 2026-11-24}, its midnight), or a duration
 * meaning that long ago ({@code 90m}, {@code 24h}). Sent to the server as Unix seconds, so that a
 * bad value is a usage error here rather than a refusal there.
 */
final class PointInTime {
    private PointInTime() {
    }

    static String toEpochSeconds(String option, String value, Clock clock) {
        String v = value.trim();
        if (v.matches("[0-9]{1,12}")) {
            return v;
        }
        try {
            return String.valueOf(Instant.parse(v).getEpochSecond());
        } catch (DateTimeParseException notInstant) {
            // one of the other forms
        }
        try {
            return String.valueOf(LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        } catch (DateTimeParseException notDate) {
            // one of the other forms
        }
        try {
            return String.valueOf(clock.instant().minus(new DurationConverter().convert(v)).getEpochSecond());
        } catch (TypeConversionException notDuration) {
            throw new UsageError(option + " '" + value + "' is not a time: give Unix seconds, an ISO-8601 time such as"
                    + " 2026-11-24T10:00:00Z, a date such as 2026-11-24, or how long ago, such as 90m or 24h");
        }
    }
}
