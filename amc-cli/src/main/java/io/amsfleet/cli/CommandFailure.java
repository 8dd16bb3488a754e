package io.amsfleet.cli;

/**
 * A command that could not do its work, with a message a person can act on: {@code amc} prints
 * it on one line and exits with status 1. The cause is only shown with {@code --debug}.
 */
public class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
