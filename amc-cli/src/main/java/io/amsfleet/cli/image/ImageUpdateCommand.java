package io.amsfleet.cli.image;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.model.Image;
import io.amsfleet.model.ImageUploadRequest;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code amc image update <id|name> <path>}: the image's next version. */
@Command(name = "update", description = "Upload a tarball as the next version of an image.")
final class ImageUpdateCommand implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.IMAGE)
    @Parameters(index = "0", paramLabel = "<id|name>", description = "Image id, unique id prefix or name.")
    String image;

    @Parameters(index = "1", paramLabel = "<path>", description = "Image tarball.")
    Path path;

    @Mixin
    VmOption type;

    @Option(names = "--default", description = "Also make the image the default of its type.")
    boolean makeDefault;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageUpdateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        long size = ImageUpload.checkFile(path);
        // Resolve first: an unknown or immutable image is refused before the upload, not after.
        Image target = session.client().get("/1.0/images/" + AmsClient.segment(image) + type.query('?'),
                Image.class);
        if (target.immutable()) {
            throw new CommandFailure("image " + target.name() + " is immutable (synced from the image server);"
                    + " it cannot be updated by upload");
        }
        Operation op = ImageUpload.send(session, "PATCH", "/1.0/images/" + target.id(),
                new ImageUploadRequest(null, makeDefault ? Boolean.TRUE : null, null, null, null),
                path, size, "Uploading " + target.name(), timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println("image " + target.name() + " updated to version " + meta.get("version")
                + " (sha256 " + meta.get("fingerprint") + ")");
        return ExitStatus.OK;
    }
}
