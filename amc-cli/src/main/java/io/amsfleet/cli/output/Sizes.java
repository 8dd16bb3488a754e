package io.amsfleet.cli.output;

/** Byte counts as a person reads them: {@code 226 bytes}, {@code 1.5 MiB}. */
public final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        // One decimal, rounded half up as %.1f rounds, by hand: Formatter looks up the locale's
        // digits and decimal separator first, some 10 ms of CPU in an amc run (docs/cli.md#performance).
        long tenths = Math.round(value * 10);
        return tenths / 10 + "." + tenths % 10 + " " + UNITS[unit];
    }
}
