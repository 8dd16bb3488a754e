package io.amsfleet.cli.image;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.model.ImageType;
import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.NameRule;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.ApiError;
import io.amsfleet.cli.client.Json;
import io.amsfleet.model.Image;
import io.amsfleet.model.ImageUploadRequest;
import io.amsfleet.model.ImagesPost;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code amc image add <name> <path>}: a new image, whose first version is the tarball; or
 * {@code amc image add <name> <remote>@<release>}: one release imported from the image server.
 * The second argument decides: an existing file is uploaded; anything else with an {@code @} is
 * an import (image-server names never hold {@code @} or {@code /}, so a path that is not there is
 * refused as a bad remote name rather than sent); anything else is a missing file.
 */
@Command(name = "add", description = {"Add an image: a tarball as version 0 of a new image, or a release imported from the image server.",
        "amc image add <name> <file> uploads the file; amc image add <name> <remote>@<release> imports the release.",
        "An existing file is uploaded; otherwise <remote>@<release> is imported, and waited for until downloaded."})
final class ImageAddCommand implements Callable<Integer>, StartsOperations {
    private static final Set<String> ARCHITECTURES = Set.of("x86_64", "aarch64");
    private static final Set<String> VARIANTS = Set.of("android", "aaos", "generic", "unknown");

    @Parameters(index = "0", paramLabel = "<name>", description = "Name of the new image.")
    String name;

    /** A Path, not a String, so that shell completion offers files; an import's name is a valid path too. */
    @Parameters(index = "1", paramLabel = "<path|remote@release>",
            description = "Image tarball (.tar.gz, .tar.bz2, .tar.xz or .tar), or an image-server image and release.")
    Path path;

    @Option(names = "--type", paramLabel = "<type>",
            description = "${COMPLETION-CANDIDATES} (default: container); uploads only, an import takes the remote's.")
    ImageType type;

    @Option(names = "--default", description = "Make it the default image of its type.")
    boolean makeDefault;

    @Option(names = "--architecture", paramLabel = "<arch>",
            description = "x86_64 or aarch64 (default: from the tarball's metadata.yaml); uploads only.")
    String architecture;

    @Option(names = "--variant", paramLabel = "<variant>",
            description = "android, aaos, generic or unknown (default: android); uploads only.")
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
        if (!Files.exists(path) && path.toString().contains("@")) {
            return importRelease();
        }
        ImageType kind = type == null ? ImageType.CONTAINER : type;
        if (architecture != null && !ARCHITECTURES.contains(architecture)) {
            throw new UsageError("--architecture must be x86_64 or aarch64, not '" + architecture + "'");
        }
        if (variant != null && !VARIANTS.contains(variant)) {
            throw new UsageError("--variant must be android, aaos, generic or unknown, not '" + variant + "'");
        }
        long size = ImageUpload.checkFile(path);
        Image existing = existing(kind);
        if (existing != null) {
            throw new CommandFailure("a " + kind.label() + " image named " + name + " already exists; add a version to it with"
                    + " amc image update " + name + (kind == ImageType.VM ? " --vm " : " ") + path);
        }
        Operation op = ImageUpload.send(session, "POST", "/1.0/images/",
                new ImageUploadRequest(name, makeDefault ? Boolean.TRUE : null, kind.label(), architecture, variant),
                path, size, "Uploading " + name, timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println("image " + name + " added (id " + meta.get("image_id") + ", version "
                + meta.get("version") + ", sha256 " + meta.get("fingerprint") + ")");
        return ExitStatus.OK;
    }

    private int importRelease() {
        String source = path.toString();
        int at = source.lastIndexOf('@');
        String remote = source.substring(0, at);
        String release = source.substring(at + 1);
        if (remote.isEmpty() || release.isEmpty()) {
            throw new UsageError("'" + source + "' is neither a file nor <remote>@<release>: name the image-server"
                    + " image and its release, e.g. jammy:android13:amd64@20261101");
        }
        NameRule.check("image-server image", remote);
        if (type != null || architecture != null || variant != null) {
            throw new UsageError("--type, --architecture and --variant describe an uploaded tarball; an imported"
                    + " image takes them from the image server");
        }
        Image existing = existing(ImageType.CONTAINER);
        if (existing != null && !existing.immutable()) {
            throw new CommandFailure("a container image named " + name + " was uploaded here; import under another"
                    + " name, or add versions to it with amc image update " + name + " <path>");
        }
        Operation op = session.client().async("POST", "/1.0/images", new ImagesPost(name,
                makeDefault ? Boolean.TRUE : null, null, new ImagesPost.Source("import", remote, release)),
                timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println("image " + meta.getOrDefault("name", name) + " imported from " + remote + "@"
                + release + " (id " + meta.get("image_id") + ", version "
                + (meta.get("versions") instanceof java.util.List<?> v && v.size() == 1 ? v.get(0) : "?") + ")");
        return ExitStatus.OK;
    }

    /**
     * The image of that name and type, or null. Asked first, so that a taken name is found out
     * before a long upload or download rather than after.
     */
    private Image existing(ImageType kind) {
        try {
            return Json.read(session.client().get("/1.0/images/" + AmsClient.segment(name) + "?type=" + kind.label()),
                    Image.class);
        } catch (ApiError e) {
            if (e.reason().equals("not_found")) {
                return null;
            }
            throw e;
        }
    }
}
