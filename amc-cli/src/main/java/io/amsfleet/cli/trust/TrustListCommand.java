package io.amsfleet.cli.trust;

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

/** {@code amc config trust list}: the trusted certificates by name, fingerprint and role. */
@Command(name = "list", aliases = "ls", description = "List the trusted client certificates.")
final class TrustListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("NAME", "FINGERPRINT", "ROLE");

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    TrustListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode certificates = TrustStore.list(session);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode c : certificates) {
            rows.add(List.of(c.path("name").asText(), c.path("fingerprint").asText(), c.path("role").asText()));
        }
        new Listing(certificates, HEADERS, rows).print(format, session.env().out());
        return ExitStatus.OK;
    }
}
