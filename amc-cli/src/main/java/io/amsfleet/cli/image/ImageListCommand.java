package io.amsfleet.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.Json;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.model.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code amc image list}: every image, container and VM, in one request. */
@Command(name = "list", aliases = "ls", description = "List images.")
final class ImageListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "NAME", "STATUS", "VERSIONS", "ARCHITECTURE", "DEFAULT");

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
        JsonNode images = session.client().get("/1.0/images?recursion=1" + (type == null ? "" : "&type=" + type));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode node : images) {
            Image i = Json.read(node, Image.class);
            rows.add(List.of(i.id(), i.name(), String.valueOf(i.status()),
                    String.valueOf(i.versions() == null ? 0 : i.versions().size()), String.valueOf(i.architecture()),
                    String.valueOf(i.isDefault())));
        }
        new Listing(images, HEADERS, rows).print(format, session.env().out());
        return ExitStatus.OK;
    }
}
