package io.amsfleet.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code -t, --timeout} of every command that waits for a server operation, as in amc: Go-style
 * durations, {@code 5m} unless told otherwise.
 */
public final class TimeoutOption {
    @Option(names = {"-t", "--timeout"}, defaultValue = "5m", converter = DurationConverter.class,
            paramLabel = "<duration>", description = "How long to wait for the server, e.g. 30s, 5m, 1h (default: 5m).")
    Duration timeout;

    public Duration value() {
        return timeout;
    }
}
