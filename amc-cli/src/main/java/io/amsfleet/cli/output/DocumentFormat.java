package io.amsfleet.cli.output;

/** {@code --format} of the show commands: one object, as the server sent it. */
public enum DocumentFormat {
    yaml, json
}
