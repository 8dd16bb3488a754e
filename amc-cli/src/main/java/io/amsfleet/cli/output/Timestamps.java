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

    public static String ofMillis(long epochMillis) {
        return ofSeconds(Math.floorDiv(epochMillis, 1000L));
    }
}
