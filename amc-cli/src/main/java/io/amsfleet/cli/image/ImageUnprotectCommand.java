package io.amsfleet.cli.image;

import io.amsfleet.cli.Session;
import picocli.CommandLine.Command;

/**
 * {@code amc image unprotect}: asks for the protection to end; the server lets it take effect
 * after its cooldown, so that one automation cannot unprotect and delete in one go (admin).
 */
@Command(name = "unprotect", description = {"End an image's protection, after the server's cooldown"
        + " (AMS_PROTECTION_COOLDOWN).", "Until then deletes stay refused; amc image protect cancels it."})
final class ImageUnprotectCommand extends ProtectionCommand {
    ImageUnprotectCommand(Session session) {
        super(session, false);
    }
}
