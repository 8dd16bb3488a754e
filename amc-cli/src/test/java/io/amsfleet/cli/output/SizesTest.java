package io.amsfleet.cli.output;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sizes read as {@code %.1f} of the unit would print them, with a point in every locale. */
class SizesTest {
    @Test
    void aSizeHasOneDecimalRoundedAsPercentDotOneFRoundsIt() {
        SplittableRandom random = new SplittableRandom(42);
        long[] edges = {1024, 1025, 1280, 1792, 1024 * 1023 + 1000, 1024 * 1024 - 1, 1024 * 1024, 5L << 40, 1L << 52};
        for (long bytes : edges) {
            assertEquals(formatted(bytes), Sizes.of(bytes), String.valueOf(bytes));
        }
        for (int i = 0; i < 200_000; i++) {
            long bytes = 1024 + random.nextLong(1L << (11 + random.nextInt(40)));
            assertEquals(formatted(bytes), Sizes.of(bytes), String.valueOf(bytes));
        }
    }

    @Test
    void aSizeHasAPointWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.5 KiB", Sizes.of(1536));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void underAKibibyteIsCountedInBytes() {
        assertEquals("1023 bytes", Sizes.of(1023));
    }

    private static String formatted(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
