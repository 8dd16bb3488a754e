package io.amsfleet.cli.image;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.model.ImagePatch;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc image sync <image>}: downloads every version of a synced image that is not here yet
 * ({@code force_sync}), rather than on first use, and waits until they are downloaded.
 */
@Command(name = "sync", description = {"Download every version of a synced (immutable) image not downloaded yet.",
        "Waits until done; a download that fails leaves the version in status error with its reason."})
final class ImageSyncCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<id|name>", description = "Image id, unique id prefix or name.")
    String image;

    @Mixin
    VmOption type;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageSyncCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Operation op = session.client().async("PATCH", "/1.0/images/" + AmsClient.segment(image) + type.query('?'),
                new ImagePatch(null, true, null), timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        Object name = meta.getOrDefault("name", image);
        List<?> versions = meta.get("versions") instanceof List<?> list ? list : List.of();
        session.env().out().println("image " + name + " synced: " + (versions.isEmpty()
                ? "every version was already downloaded"
                : "downloaded version" + (versions.size() == 1 ? " " : "s ")
                + String.join(", ", versions.stream().map(String::valueOf).toList())));
        return ExitStatus.OK;
    }
}
