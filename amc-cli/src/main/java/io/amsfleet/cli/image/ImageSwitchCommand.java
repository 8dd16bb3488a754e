package io.amsfleet.cli.image;

import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.model.ImagePatch;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc image switch}: makes an image the default of its type, the image applications get
 * when they name none. This is the only way a default changes (SPEC §3).
 */
@Command(name = "switch", description = "Make an image the default image of its type.")
final class ImageSwitchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<id|name>", description = "Image id, unique id prefix or name.")
    String image;

    @Mixin
    VmOption type;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageSwitchCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Operation op = session.client().async("PATCH", "/1.0/images/" + AmsClient.segment(image)
                + type.query('?'), new ImagePatch(true, null, null), timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        Object name = meta.getOrDefault("name", image);
        Object kind = meta.getOrDefault("type", type.type());
        boolean already = meta.get("image_id") != null && meta.get("image_id").equals(meta.get("previous_default"));
        session.env().out().println("image " + name + (already ? " was already" : " is now") + " the default "
                + kind + " image");
        return ExitStatus.OK;
    }
}
