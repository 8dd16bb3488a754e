package io.amsfleet.cli.config;

import io.amsfleet.cli.CommandGroup;
import io.amsfleet.cli.CommandWords;
import io.amsfleet.cli.trust.TrustCommand;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * {@code amc config}: amc's own settings (kept in {@code ~/.config/amc/config.yaml}), the server's
 * run-time settings, and the server's trust store.
 */
@Command(name = "config", description = "Manage amc's settings, the server's settings and its trusted certificates.")
public final class ConfigCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<CommandWords> COMMANDS = List.of(
            CommandWords.of(ConfigSetCommand.class, "set"),
            CommandWords.of(ConfigShowCommand.class, "show"),
            CommandWords.of(ConfigServerCommand.class, "server"),
            CommandWords.of(TrustCommand.class, "trust"));
}
