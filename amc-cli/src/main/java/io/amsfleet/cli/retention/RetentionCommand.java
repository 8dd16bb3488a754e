package io.amsfleet.cli.retention;

import io.amsfleet.cli.CommandGroup;
import io.amsfleet.cli.CommandWords;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc retention}: the server's retention policies (docs/retention.md). */
@Command(name = "retention", description = "Retention policies: set, show, preview, apply, and their runs.")
public final class RetentionCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<CommandWords> COMMANDS = List.of(
            CommandWords.of(RetentionSetCommand.class, "set"),
            CommandWords.of(RetentionShowCommand.class, "show"),
            CommandWords.of(RetentionDeleteCommand.class, "delete"),
            CommandWords.of(RetentionPreviewCommand.class, "preview"),
            CommandWords.of(RetentionApplyCommand.class, "apply"),
            CommandWords.of(RetentionRunsCommand.class, "runs"));
}
