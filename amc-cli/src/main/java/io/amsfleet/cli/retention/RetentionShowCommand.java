package io.amsfleet.cli.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.Documents;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.cli.output.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code amc retention show}: every policy in a table, or one as the server describes it. */
@Command(name = "show", description = "Show the retention policies, or one of them.")
final class RetentionShowCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "SCOPE", "TARGET", "KEEP", "OLDER THAN", "UNUSED FOR",
            "SCHEDULE", "ENABLED", "LAST RUN");

    @Parameters(arity = "0..1", paramLabel = "<id>", description = "One policy (default: all of them).")
    String id;

    @Option(names = "--format", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: table for all, yaml for one).")
    OutputFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    RetentionShowCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (id != null) {
            JsonNode policy = session.client().get("/1.0/retention/policies/" + AmsClient.segment(id));
            session.env().out().print(format == OutputFormat.json ? Documents.json(policy) : Documents.yaml(policy));
            return ExitStatus.OK;
        }
        JsonNode all = session.client().get("/1.0/retention/policies?recursion=1");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode p : all) {
            rows.add(List.of(p.path("id").asText(), p.path("scope").asText(), p.path("target").asText(""),
                    p.path("keep_last").asText(""), p.path("older_than").asText(""), p.path("unused_for").asText(""),
                    p.path("schedule").asText(""), String.valueOf(p.path("enabled").asBoolean()),
                    p.hasNonNull("last_run_at") ? Timestamps.ofText(p.path("last_run_at").asText()) : ""));
        }
        new Listing(all, HEADERS, rows).print(format == null ? OutputFormat.table : format, session.env().out());
        return ExitStatus.OK;
    }
}
