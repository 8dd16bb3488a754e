package io.amsfleet.cli.trash;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc trash}: the server's recycle bin (docs/trash.md). */
@Command(name = "trash", description = "Deleted images and image versions, until they are purged: list, restore, purge.")
public final class TrashCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<Class<?>> COMMANDS = List.of(TrashListCommand.class, TrashShowCommand.class,
            TrashRestoreCommand.class, TrashPurgeCommand.class);
}
