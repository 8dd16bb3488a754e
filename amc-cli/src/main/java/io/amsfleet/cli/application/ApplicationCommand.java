package io.amsfleet.cli.application;

import io.amsfleet.cli.CommandGroup;
import io.amsfleet.cli.CommandWords;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc application}: applications, each pinned to an image version. */
@Command(name = "application", description = "Manage applications.")
public final class ApplicationCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<CommandWords> COMMANDS = List.of(
            CommandWords.of(ApplicationListCommand.class, "list", "ls"),
            CommandWords.of(ApplicationShowCommand.class, "show"),
            CommandWords.of(ApplicationCreateCommand.class, "create"),
            CommandWords.of(ApplicationUpdateCommand.class, "update"),
            CommandWords.of(ApplicationPublishing.Publish.class, "publish"),
            CommandWords.of(ApplicationPublishing.Revoke.class, "revoke"),
            CommandWords.of(ApplicationDeleteCommand.class, "delete"));
}
