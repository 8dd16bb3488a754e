package io.amsfleet.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} on every command. picocli's {@code mixinStandardHelpOptions} would also add
 * {@code -V, --version}, which clashes with {@code amc image delete --version <int>}.
 */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
