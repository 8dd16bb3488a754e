package io.amsfleet.cli.image;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc image}: the image catalogue. */
@Command(name = "image", description = "Manage images.")
public final class ImageCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<Class<?>> COMMANDS = List.of(ImageListCommand.class, ImageShowCommand.class,
            ImageAddCommand.class, ImageUpdateCommand.class, ImageSyncCommand.class, ImageSwitchCommand.class,
            ImageProtectCommand.class, ImageUnprotectCommand.class, ImageDeleteCommand.class,
            ImagePruneCommand.class);
}
