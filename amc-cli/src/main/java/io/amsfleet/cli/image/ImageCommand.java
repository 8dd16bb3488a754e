package io.amsfleet.cli.image;

import io.amsfleet.cli.CommandGroup;
import io.amsfleet.cli.CommandWords;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc image}: the image catalogue. */
@Command(name = "image", description = "Manage images.")
public final class ImageCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<CommandWords> COMMANDS = List.of(
            CommandWords.of(ImageListCommand.class, "list", "ls"),
            CommandWords.of(ImageShowCommand.class, "show"),
            CommandWords.of(ImageAddCommand.class, "add"),
            CommandWords.of(ImageUpdateCommand.class, "update"),
            CommandWords.of(ImageSyncCommand.class, "sync"),
            CommandWords.of(ImageSwitchCommand.class, "switch"),
            CommandWords.of(ImageProtectCommand.class, "protect"),
            CommandWords.of(ImageUnprotectCommand.class, "unprotect"),
            CommandWords.of(ImageDeleteCommand.class, "delete"),
            CommandWords.of(ImagePruneCommand.class, "prune"));
}
