package io.amsfleet.cli.config;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc config}: the settings kept in {@code ~/.config/amc/config.yaml}. */
@Command(name = "config", description = "Manage amc's settings (server address and token).")
public final class ConfigCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<Class<?>> COMMANDS = List.of(ConfigSetCommand.class, ConfigShowCommand.class);
}
