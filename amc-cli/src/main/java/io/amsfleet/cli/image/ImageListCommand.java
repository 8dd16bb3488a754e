package io.amsfleet.cli.image;

import io.amsfleet.model.ImageType;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.output.Listing;
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
 * downloaded. IMMUTABLE is the last column so that scripts reading the CSV by position keep working.
 */
@Command(name = "list", aliases = "ls", description = "List images.")
final class ImageListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "NAME", "STATUS", "VERSIONS", "ARCHITECTURE", "DEFAULT",
            "IMMUTABLE");

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--type", paramLabel = "<type>",
            description = "Only images of this type: ${COMPLETION-CANDIDATES}.")
    ImageType type;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode images = session.client().get("/1.0/images?recursion=1" + (type == null ? "" : "&type=" + type.label()));
        // Rows straight from the tree, not through the Image record: this is the command whose
        // start-up is measured, and building Jackson's record deserializers costs more than the
        // rest of the command. The fields are those of io.amsfleet.model.Image.
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode i : images) {
            rows.add(List.of(i.path("id").asText(), i.path("name").asText(), i.path("status").asText(),
                    String.valueOf(i.path("versions").size()), i.path("architecture").asText(),
                    String.valueOf(i.path("default").asBoolean()), String.valueOf(i.path("immutable").asBoolean())));
        }
        new Listing(images, HEADERS, rows).print(format, session.env().out());
        return ExitStatus.OK;
    }
}
