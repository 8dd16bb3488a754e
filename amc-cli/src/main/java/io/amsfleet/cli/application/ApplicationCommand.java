package io.amsfleet.cli.application;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code amc application}: applications, each pinned to an image version. */
@Command(name = "application", description = "Manage applications.",
        subcommands = {ApplicationListCommand.class, ApplicationShowCommand.class, ApplicationCreateCommand.class,
                ApplicationDeleteCommand.class})
public final class ApplicationCommand extends CommandGroup {
}
