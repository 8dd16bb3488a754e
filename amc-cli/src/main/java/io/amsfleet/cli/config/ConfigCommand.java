package io.amsfleet.cli.config;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code amc config}: the settings kept in {@code ~/.config/amc/config.yaml}. */
@Command(name = "config", description = "Manage amc's settings (server address and token).",
        subcommands = {ConfigSetCommand.class, ConfigShowCommand.class})
public final class ConfigCommand extends CommandGroup {
}
