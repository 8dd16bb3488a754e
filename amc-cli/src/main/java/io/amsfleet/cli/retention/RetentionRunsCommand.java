package io.amsfleet.cli.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.cli.output.Sizes;
import io.amsfleet.cli.output.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code amc retention runs}: the reports of past runs, newest first, or one run's report in full. */
@Command(name = "runs", description = "List retention runs, newest first, or show one run's report.")
final class RetentionRunsCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "POLICY", "TRIGGER", "PLAN", "STARTED", "REMOVED", "KEPT",
            "BLOCKED", "FREED", "OUTCOME");

    @Parameters(arity = "0..1", paramLabel = "<run_id>", description = "One run's report.")
    String runId;

    @Option(names = "--policy", paramLabel = "<id>", description = "Only this policy's runs.")
    String policy;

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    RetentionRunsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (runId != null) {
            RetentionPlans.printRun(session.client().get("/1.0/retention/runs/" + AmsClient.segment(runId)), format,
                    session.env().out());
            return ExitStatus.OK;
        }
        JsonNode runs = session.client().get("/1.0/retention/runs?recursion=1"
                + (policy == null ? "" : "&policy=" + AmsClient.segment(policy)));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : runs) {
            rows.add(List.of(r.path("id").asText(), r.path("policy").asText(""), r.path("trigger").asText(),
                    r.path("plan_id").asText(""), Timestamps.ofText(r.path("started_at").asText(null)),
                    r.path("removed_count").asText(), r.path("kept_count").asText(), r.path("blocked_count").asText(),
                    Sizes.of(r.path("bytes_freed").asLong()), r.path("outcome").asText()));
        }
        new Listing(runs, HEADERS, rows).print(format, session.env().out());
        return ExitStatus.OK;
    }
}
