package io.amsfleet.cli.trash;

import io.amsfleet.cli.CommandGroup;
import io.amsfleet.cli.CommandWords;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc trash}: the server's recycle bin (docs/trash.md). */
@Command(name = "trash", description = "Deleted images and image versions, until they are purged: list, restore, purge.")
public final class TrashCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<CommandWords> COMMANDS = List.of(
            CommandWords.of(TrashListCommand.class, "list", "ls"),
            CommandWords.of(TrashShowCommand.class, "show"),
            CommandWords.of(TrashRestoreCommand.class, "restore"),
            CommandWords.of(TrashPurgeCommand.class, "purge"));
}
