package io.amsfleet.cli.auth;

import io.amsfleet.cli.CommandGroup;
import io.amsfleet.cli.CommandWords;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc auth}: who may use the server. */
@Command(name = "auth", description = "Manage access to the server (bearer tokens).")
public final class AuthCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<CommandWords> COMMANDS = List.of(
            CommandWords.of(TokenCommand.class, "token"));
}
