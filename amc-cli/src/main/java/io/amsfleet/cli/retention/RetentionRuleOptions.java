package io.amsfleet.cli.retention;

import picocli.CommandLine.Option;

/**
 * The rules of a retention policy as options, shared by {@code amc retention set} and
 * {@code amc image prune}. Passed to the server as written: it checks them (docs/retention.md).
 */
public final class RetentionRuleOptions {
    @Option(names = "--keep", paramLabel = "<n>", description = "Keep the newest N versions of each image.")
    public Integer keep;

    @Option(names = "--older-than", paramLabel = "<duration>", description = "Keep versions created less than this long ago.")
    public String olderThan;

    @Option(names = "--unused-for", paramLabel = "<duration>",
            description = "Keep versions used by an application less than this long ago.")
    public String unusedFor;
}
