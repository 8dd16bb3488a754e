package io.amsfleet.cli.application;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.NameRule;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
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
 * {@code amc application create <dir|package>}: as AMS's amc, from a package (a tarball or zip,
 * or a directory packed here as a bzip2 tarball); the manifest names the application and its
 * image. {@code amc application create <name> [--image I] [--image-version N]}: beyond AMS, an
 * application on an image version without a package. The argument decides: something on disk is
 * a package, anything else a name.
 */
@Command(name = "create", description = {"Create an application from a package, or on an image version without one.",
        "A package is a directory holding manifest.yaml (packed as a .tar.bz2), a tarball or a zip;"
                + " the manifest names the application and its image.",
        "Given a name that is not a path instead, creates an application on an image version without a package."})
final class ApplicationCreateCommand implements Callable<Integer>, StartsOperations {
    @Parameters(paramLabel = "<dir|package|name>",
            description = "Package directory or file, or the name of an application without a package.")
    String source;

    @Completes(Completes.Kind.IMAGE)
    @Option(names = {"-i", "--image"}, paramLabel = "<id|name>",
            description = "Without a package: the image to base it on (default: the default image of the type).")
    String image;

    @Option(names = "--image-version", paramLabel = "<int>",
            description = "Without a package: the image version (default: the latest).")
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
        Operation op = ApplicationPackage.exists(source) ? fromPackage() : withoutPackage();
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println("application " + meta.get("name") + " created (id " + meta.get("application_id")
                + ", image " + meta.get("image_id") + " version " + meta.get("image_version") + ")");
        return ExitStatus.OK;
    }

    private Operation fromPackage() {
        if (image != null || imageVersion != null) {
            throw new UsageError("--image and --image-version are for an application without a package; a package's"
                    + " manifest.yaml names its image");
        }
        try (ApplicationPackage pkg = ApplicationPackage.of(source)) {
            return ApplicationUpload.send(session, "POST", "/1.0/applications?vm=" + vm, pkg,
                    "Uploading " + source, timeout.value());
        }
    }

    /** A path that is not there is said so, rather than sent as a name the server refuses. */
    private static boolean looksLikeAPath(String s) {
        return s.contains("/") || s.contains(java.io.File.separator)
                || s.matches("(?i).*\\.(tar|tar\\.bz2|tbz2?|tar\\.gz|tgz|tar\\.xz|txz|zip)");
    }

    private Operation withoutPackage() {
        if (looksLikeAPath(source)) {
            throw new UsageError("no such file or directory: " + source);
        }
        NameRule.check("application", source);
        if (imageVersion != null && imageVersion < 0) {
            throw new UsageError("--image-version must be a version number (0 or more), not " + imageVersion);
        }
        return session.client().async("POST", "/1.0/applications",
                new ApplicationsPost(source, image, imageVersion, vm ? Boolean.TRUE : null), timeout.value());
    }
}
