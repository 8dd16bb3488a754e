package io.amsfleet.cli.retention;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code amc retention apply}: removes exactly what a preview listed, or nothing — the server
 * refuses a plan that no longer holds (a new pin, a new version, a changed policy) and says why.
 */
@Command(name = "apply", description = {"Remove exactly what a preview listed (into the recycle bin).",
        "Refused, with nothing removed, when something changed since the preview."})
final class RetentionApplyCommand implements Callable<Integer>, StartsOperations {
    @Parameters(paramLabel = "<plan_id>", description = "The plan id amc retention preview printed.")
    String planId;

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format of the run's report: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    RetentionApplyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        RetentionPlans.printRun(RetentionPlans.apply(session, planId, timeout.value()), format, session.env().out());
        return ExitStatus.OK;
    }
}
