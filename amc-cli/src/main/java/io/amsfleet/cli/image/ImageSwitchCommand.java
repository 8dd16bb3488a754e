package io.amsfleet.cli.image;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.Session;
import io.amsfleet.model.ImagePatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code amc image switch}: makes an image the default of its type, the image applications get
 * when they name none. This is the only way a default changes (SPEC §3).
 */
@Command(name = "switch", description = "Make an image the default image of its type.")
final class ImageSwitchCommand extends ImagePatchCommand {
    ImageSwitchCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        Map<String, Object> meta = patch(new ImagePatch(true, null, null));
        Object name = meta.getOrDefault("name", image);
        Object kind = meta.getOrDefault("type", type.type());
        boolean already = meta.get("image_id") != null && meta.get("image_id").equals(meta.get("previous_default"));
        session.env().out().println("image " + name + (already ? " was already" : " is now") + " the default "
                + kind + " image");
        return ExitStatus.OK;
    }
}
