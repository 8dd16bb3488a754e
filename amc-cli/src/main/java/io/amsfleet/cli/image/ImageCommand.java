package io.amsfleet.cli.image;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code amc image}: the image catalogue. */
@Command(name = "image", description = "Manage images.",
        subcommands = {ImageListCommand.class, ImageShowCommand.class, ImageAddCommand.class, ImageUpdateCommand.class,
                ImageSwitchCommand.class, ImageDeleteCommand.class})
public final class ImageCommand extends CommandGroup {
}
