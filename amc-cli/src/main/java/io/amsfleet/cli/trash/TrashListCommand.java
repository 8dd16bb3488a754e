package io.amsfleet.cli.trash;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.cli.output.Sizes;
import io.amsfleet.cli.output.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code amc trash list}: every entry of the recycle bin, newest first, in one request. The
 * fingerprint is cut to the 12 digits a {@code sha256:} reference needs; {@code --format json}
 * has it whole.
 */
@Command(name = "list", aliases = "ls", description = "List the recycle bin, newest first.")
final class TrashListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "KIND", "IMAGE", "VERSION", "FINGERPRINT", "SIZE", "DELETED AT",
            "BY", "FORCED", "PURGE AT");
    private static final int SHORT_FINGERPRINT = 12;

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    TrashListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode entries = session.client().get("/1.0/trash?recursion=1");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : entries) {
            String fingerprint = e.path("fingerprint").asText("");
            rows.add(List.of(e.path("id").asText(), e.path("kind").asText(), e.path("name").asText(),
                    TrashEntries.versions(e),
                    fingerprint.length() > SHORT_FINGERPRINT ? fingerprint.substring(0, SHORT_FINGERPRINT) : fingerprint,
                    Sizes.of(e.path("size").asLong()), Timestamps.ofText(e.path("deleted_at").asText(null)),
                    e.path("deleted_by").asText(""), String.valueOf(e.path("forced").asBoolean()),
                    Timestamps.ofText(e.path("purge_at").asText(null))));
        }
        new Listing(entries, HEADERS, rows).print(format, session.env().out(), session.quiet());
        return ExitStatus.OK;
    }
}
