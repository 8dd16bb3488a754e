package io.amsfleet.cli.image;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.Session;
import io.amsfleet.model.ImagePatch;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Map;

/**
 * {@code amc image sync <image>}: downloads every version of a synced image that is not here yet
 * ({@code force_sync}), rather than on first use, and waits until they are downloaded.
 */
@Command(name = "sync", description = {"Download every version of a synced (immutable) image not downloaded yet.",
        "Waits until done; a download that fails leaves the version in status error with its reason."})
final class ImageSyncCommand extends ImagePatchCommand {
    ImageSyncCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        Map<String, Object> meta = patch(new ImagePatch(null, true, null));
        Object name = meta.getOrDefault("name", image);
        List<?> versions = meta.get("versions") instanceof List<?> list ? list : List.of();
        session.env().out().println("image " + name + " synced: " + (versions.isEmpty()
                ? "every version was already downloaded"
                : "downloaded version" + (versions.size() == 1 ? " " : "s ")
                + String.join(", ", versions.stream().map(String::valueOf).toList())));
        return ExitStatus.OK;
    }
}
