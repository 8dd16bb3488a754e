package io.amsfleet.cli.image;

import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.NameRule;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.ApiError;
import io.amsfleet.model.ImageUploadRequest;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code amc image add <name> <path>}: a new image, whose first version is the tarball. */
@Command(name = "add", description = "Add an image from a tarball (version 0 of a new image).")
final class ImageAddCommand implements Callable<Integer> {
    private static final Set<String> ARCHITECTURES = Set.of("x86_64", "aarch64");
    private static final Set<String> VARIANTS = Set.of("android", "aaos", "generic", "unknown");

    @Parameters(index = "0", paramLabel = "<name>", description = "Name of the new image.")
    String name;

    @Parameters(index = "1", paramLabel = "<path>", description = "Image tarball (.tar.gz, .tar.bz2, .tar.xz or .tar).")
    Path path;

    @Option(names = "--type", defaultValue = "container", paramLabel = "<type>",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ImageType type;

    @Option(names = "--default", description = "Make it the default image of its type.")
    boolean makeDefault;

    @Option(names = "--architecture", paramLabel = "<arch>",
            description = "x86_64 or aarch64 (default: from the tarball's metadata.yaml).")
    String architecture;

    @Option(names = "--variant", paramLabel = "<variant>",
            description = "android, aaos, generic or unknown (default: android).")
    String variant;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageAddCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        NameRule.check("image", name);
        if (architecture != null && !ARCHITECTURES.contains(architecture)) {
            throw new UsageError("--architecture must be x86_64 or aarch64, not '" + architecture + "'");
        }
        if (variant != null && !VARIANTS.contains(variant)) {
            throw new UsageError("--variant must be android, aaos, generic or unknown, not '" + variant + "'");
        }
        long size = ImageUpload.checkFile(path);
        refuseExisting();
        Operation op = ImageUpload.send(session, "POST", "/1.0/images/",
                new ImageUploadRequest(name, makeDefault ? Boolean.TRUE : null, type.name(), architecture, variant),
                path, size, "Uploading " + name, timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println("image " + name + " added (id " + meta.get("image_id") + ", version "
                + meta.get("version") + ", sha256 " + meta.get("fingerprint") + ")");
        return ExitStatus.OK;
    }

    /** Asks first, so that a taken name is found out before a long upload rather than after. */
    private void refuseExisting() {
        try {
            session.client().get("/1.0/images/" + AmsClient.segment(name) + "?type=" + type);
        } catch (ApiError e) {
            if (e.reason().equals("not_found")) {
                return;
            }
            throw e;
        }
        throw new CommandFailure("a " + type + " image named " + name + " already exists; add a version to it with"
                + " amc image update " + name + (type == ImageType.vm ? " --vm " : " ") + path);
    }
}
