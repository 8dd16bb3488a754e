package io.amsfleet.cli.retention;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc retention}: the server's retention policies (docs/retention.md). */
@Command(name = "retention", description = "Retention policies: set, show, preview, apply, and their runs.")
public final class RetentionCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<Class<?>> COMMANDS = List.of(RetentionSetCommand.class, RetentionShowCommand.class,
            RetentionDeleteCommand.class, RetentionPreviewCommand.class, RetentionApplyCommand.class,
            RetentionRunsCommand.class);
}
