package io.amsfleet.cli.retention;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.model.RetentionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code amc retention preview}: exactly what a policy would remove now, and what it keeps and why,
 * as a plan that {@code amc retention apply} carries out unchanged or not at all.
 */
@Command(name = "preview", description = {"Show exactly what a policy would remove now, and what it keeps and why.",
        "Prints the plan id that amc retention apply takes."})
final class RetentionPreviewCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<id>", description = "The policy.")
    String id;

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    RetentionPreviewCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        var plan = RetentionPlans.preview(session, new RetentionRequest(id, null, null, null, null, null, null, null),
                timeout.value());
        RetentionPlans.print(plan, format, session.env().out());
        if (format == OutputFormat.table && plan.path("remove_count").asInt() > 0) {
            session.env().out().println("Apply exactly this: amc retention apply " + plan.path("plan_id").asText());
        }
        return ExitStatus.OK;
    }
}
