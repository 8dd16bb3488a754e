package io.amsfleet.cli;

/**
 * Bad input found after picocli parsed the line (a missing file, a bad URL, no {@code --yes} on a
 * pipe): the command stops before sending anything and {@code amc} exits with status 2.
 */
public class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message, null, false, false);
    }
}
