package io.amsfleet.cli.output;

import java.time.Instant;

/**
 * Times as the tables show them: ISO-8601 in UTC, to the second ({@code 2026-11-24T15:51:35Z}),
 * so that they sort as text and mean the same wherever the table is read.
 */
public final class Timestamps {
    private Timestamps() {
    }

    public static String ofSeconds(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    /** An RFC 3339 time from the server, to the second; anything else as it came (or empty for null). */
    public static String ofText(String rfc3339) {
        if (rfc3339 == null) {
            return "";
        }
        try {
            return ofSeconds(java.time.OffsetDateTime.parse(rfc3339).toEpochSecond());
        } catch (java.time.format.DateTimeParseException e) {
            return rfc3339;
        }
    }
}
