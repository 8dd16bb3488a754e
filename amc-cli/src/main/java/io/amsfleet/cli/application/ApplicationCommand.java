package io.amsfleet.cli.application;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc application}: applications, each pinned to an image version. */
@Command(name = "application", description = "Manage applications.")
public final class ApplicationCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<Class<?>> COMMANDS = List.of(ApplicationListCommand.class, ApplicationShowCommand.class,
            ApplicationCreateCommand.class, ApplicationUpdateCommand.class, ApplicationPublishing.Publish.class,
            ApplicationPublishing.Revoke.class, ApplicationDeleteCommand.class);
}
