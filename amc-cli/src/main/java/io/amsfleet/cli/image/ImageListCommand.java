package io.amsfleet.cli.image;

import io.amsfleet.model.ImageType;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.Sizes;
import io.amsfleet.cli.output.Timestamps;
import io.amsfleet.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code amc image list}: every image, container and VM, in one request. IMMUTABLE marks the images
 * synced from the image server, whose STATUS is {@code available} until their content is
 * downloaded. Columns are only ever added at the end (IMMUTABLE, then SIZE and CREATED), so that
 * scripts reading the CSV by position keep working. SIZE is what the image's versions take
 * together; CREATED is when its oldest version was uploaded. The global {@code -q/--quiet} prints
 * the ids alone, one a line, for scripts: a list draws no progress for it to silence.
 */
@Command(name = "list", aliases = "ls", description = {"List images.",
        "With -q/--quiet, only their ids, one a line: amc image delete $(amc image list -q --name foo)."})
final class ImageListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "NAME", "STATUS", "VERSIONS", "ARCHITECTURE", "DEFAULT",
            "IMMUTABLE", "SIZE", "CREATED");

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--type", paramLabel = "<type>",
            description = "Only images of this type: ${COMPLETION-CANDIDATES}.")
    ImageType type;

    @Option(names = "--name", paramLabel = "<name>", description = "Only the image of this name (of each type).")
    String name;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode images = session.client().get("/1.0/images?recursion=1" + (type == null ? "" : "&type=" + type.label())
                + (name == null ? "" : "&name=" + AmsClient.segment(name)));
        // Rows straight from the tree, not through the Image record: this is the command whose
        // start-up is measured, and building Jackson's record deserializers costs more than the
        // rest of the command. The fields are those of io.amsfleet.model.Image.
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode i : images) {
            rows.add(List.of(i.path("id").asText(), i.path("name").asText(), i.path("status").asText(),
                    String.valueOf(i.path("versions").size()), i.path("architecture").asText(),
                    String.valueOf(i.path("default").asBoolean()), String.valueOf(i.path("immutable").asBoolean()),
                    Sizes.of(size(i)), created(i)));
        }
        new Listing(images, HEADERS, rows).print(format, session.env().out(), session.quiet());
        return ExitStatus.OK;
    }

    private static long size(JsonNode image) {
        long total = 0;
        for (JsonNode v : image.path("versions")) {
            total += v.path("size").asLong();
        }
        return total;
    }

    /** When the oldest version still there was uploaded; empty for an image with none yet. */
    private static String created(JsonNode image) {
        long oldest = Long.MAX_VALUE;
        for (JsonNode v : image.path("versions")) {
            oldest = Math.min(oldest, v.path("created_at").asLong(Long.MAX_VALUE));
        }
        return oldest == Long.MAX_VALUE ? "" : Timestamps.ofSeconds(oldest);
    }
}
