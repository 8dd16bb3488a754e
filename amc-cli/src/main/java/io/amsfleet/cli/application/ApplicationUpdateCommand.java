package io.amsfleet.cli.application;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.model.ApplicationPatch;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc application update <app> <dir|package>}: the next version from a new package, as
 * AMS's amc. {@code amc application update <app> --image … --tags …}: the details the SDK's
 * UpdateApplicationWithDetails sends; the server decides which make a new version
 * (docs/applications.md). Neither: the server moves the application to its image's newest
 * version when there is one (the SDK's UpdateApplication).
 */
@Command(name = "update", description = {"Update an application: a new version from a package, or changed details.",
        "A package is a directory, a tarball or a zip. With neither, it follows its image's newest version if there is one.",
        "The server decides which details make a new version."})
final class ApplicationUpdateCommand implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.APPLICATION)
    @Parameters(index = "0", paramLabel = "<id|name>", description = "Application id or name.")
    String application;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<dir|package>",
            description = "Package directory (packed as a .tar.bz2), tarball or zip.")
    String source;

    @Completes(Completes.Kind.IMAGE)
    @Option(names = {"-i", "--image"}, paramLabel = "<id|name>", description = "Build new versions on this image.")
    String image;

    @Option(names = "--instance-type", paramLabel = "<type>", description = "Instance type, e.g. a4.3.")
    String instanceType;

    @Option(names = "--tags", split = ",", paramLabel = "<tag>", description = "Tags, comma-separated (replaces them).")
    List<String> tags;

    @Option(names = "--inhibit-auto-updates", arity = "0..1", fallbackValue = "true", paramLabel = "<bool>",
            description = "Do not follow new versions of the image (=false to follow them again).")
    Boolean inhibitAutoUpdates;

    @Option(names = "--boot-activity", paramLabel = "<activity>", description = "Activity to start at boot.")
    String bootActivity;

    @Option(names = "--features", split = ",", paramLabel = "<feature>", description = "Features, comma-separated.")
    List<String> features;

    @Option(names = "--video-encoder", paramLabel = "<encoder>",
            description = "gpu, gpu-preferred, software or vpu.")
    String videoEncoder;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ApplicationUpdateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String path = "/1.0/applications/" + AmsClient.segment(application);
        ApplicationPatch patch = new ApplicationPatch(image, instanceType, tags, null, null, inhibitAutoUpdates, null,
                null, bootActivity, null, videoEncoder, null, features, null, null, null);
        boolean details = !patch.equals(new ApplicationPatch(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null));
        Operation op;
        if (source != null) {
            if (details) {
                throw new UsageError("a package's manifest.yaml holds its details; give a package or options, not both");
            }
            try (ApplicationPackage pkg = ApplicationPackage.of(source)) {
                op = ApplicationUpload.send(session, "PATCH", path, pkg, "Uploading " + source, timeout.value());
            }
        } else {
            op = session.client().async("PATCH", path, patch, timeout.value());
        }
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        Object name = meta.getOrDefault("name", application);
        if (Boolean.FALSE.equals(meta.get("new_version"))) {
            session.env().out().println("application " + name + " updated (no new version)");
        } else {
            session.env().out().println("application " + name + " updated: version " + meta.get("version")
                    + " (image " + meta.get("image_id") + " version " + meta.get("image_version") + ")");
        }
        return ExitStatus.OK;
    }
}
