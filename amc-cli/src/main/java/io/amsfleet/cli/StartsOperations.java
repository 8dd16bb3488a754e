package io.amsfleet.cli;

/**
 * A command that starts operations on the server and waits on them, or streams a file: its run
 * needs the JDK's HTTP client (the event websocket, streamed uploads), which amc builds ahead, on
 * the warm-up thread, when the command line names such a command ({@link Warmup}). Every other
 * command talks to a plain-http server without it. Only a matter of speed: a command not marked
 * builds the client where it first needs it.
 */
public interface StartsOperations {
}
