package io.amsfleet.cli.application;

import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.NameRule;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.model.ApplicationsPost;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc application create <name>}: an application on an image version. Without
 * {@code --image} the server picks the default image of the type; without
 * {@code --image-version}, that image's latest version.
 */
@Command(name = "create", description = "Create an application on an image version.")
final class ApplicationCreateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<name>", description = "Name of the new application.")
    String name;

    @Option(names = {"-i", "--image"}, paramLabel = "<id|name>",
            description = "Image to base it on (default: the default image of the type).")
    String image;

    @Option(names = "--image-version", paramLabel = "<int>", description = "Image version (default: the latest).")
    Integer imageVersion;

    @Option(names = "--vm", description = "A VM application, on a VM image.")
    boolean vm;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ApplicationCreateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        NameRule.check("application", name);
        if (imageVersion != null && imageVersion < 0) {
            throw new UsageError("--image-version must be a version number (0 or more), not " + imageVersion);
        }
        Operation op = session.client().async("POST", "/1.0/applications",
                new ApplicationsPost(name, image, imageVersion, vm ? Boolean.TRUE : null), timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println("application " + name + " created (id " + meta.get("application_id")
                + ", image " + meta.get("image_id") + " version " + meta.get("image_version") + ")");
        return ExitStatus.OK;
    }
}
