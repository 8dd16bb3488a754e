package io.amsfleet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Go-style durations, as amc's {@code --timeout} takes them. */
class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsGoDurations() {
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofMinutes(90), converter.convert("1h30m"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5s"));
        assertEquals(Duration.ofMillis(300), converter.convert("300ms"));
        assertEquals(Duration.ofSeconds(45), converter.convert("45"), "a bare number is seconds");
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThrows(TypeConversionException.class, () -> converter.convert("5 minutes"));
        assertThrows(TypeConversionException.class, () -> converter.convert("m5"));
        assertThrows(TypeConversionException.class, () -> converter.convert(""));
    }

    @Test
    void formatsTheWayItReads() {
        assertEquals("5m", DurationConverter.format(Duration.ofMinutes(5)));
        assertEquals("1h30m", DurationConverter.format(Duration.ofMinutes(90)));
        assertEquals("1m5s", DurationConverter.format(Duration.ofSeconds(65)));
        assertEquals("0s", DurationConverter.format(Duration.ZERO));
        assertEquals("300ms", DurationConverter.format(Duration.ofMillis(300)));
    }
}
