package io.amsfleet.cli.output;

/** {@code --format} of the list commands. Lowercase: these are the words typed on the command line. */
public enum OutputFormat {
    table, json, yaml, csv
}
