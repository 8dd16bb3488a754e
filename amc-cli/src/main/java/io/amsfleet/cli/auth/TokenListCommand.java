package io.amsfleet.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.cli.output.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code amc auth token list}: names and roles; the server keeps no secret to show. */
@Command(name = "list", aliases = "ls", description = "List tokens: name, role and creation time.")
final class TokenListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("NAME", "ROLE", "CREATED");

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    TokenListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode tokens = session.client().get("/1.0/tokens");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode t : tokens) {
            rows.add(List.of(t.path("name").asText(), t.path("role").asText(),
                    Timestamps.ofSeconds(t.path("created_at").asLong())));
        }
        new Listing(tokens, HEADERS, rows).print(format, session.env().out());
        return ExitStatus.OK;
    }
}
