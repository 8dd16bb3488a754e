package io.amsfleet.cli.output;

import java.util.Locale;

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
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
