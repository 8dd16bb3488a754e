package io.amsfleet.cli;

/** The exit statuses of {@code amc}, the same for every command. */
public final class ExitStatus {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** A refusal or a failure; with several items, at least one of them. */
    public static final int FAILED = 1;
    /** The command line was wrong; nothing was sent. */
    public static final int USAGE = 2;

    private ExitStatus() {
    }
}
