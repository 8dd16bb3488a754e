package io.amsfleet.cli.image;

import io.amsfleet.cli.Session;
import picocli.CommandLine.Command;

/** {@code amc image protect}: no delete of the image or its versions goes through, forced or not (operator). */
@Command(name = "protect", description = {"Protect an image: every delete of it or its versions is refused,"
        + " even with --force.", "Protecting again cancels a pending unprotection."})
final class ImageProtectCommand extends ProtectionCommand {
    ImageProtectCommand(Session session) {
        super(session, true);
    }
}
