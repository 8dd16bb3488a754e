package io.amsfleet.cli.image;

import io.amsfleet.cli.StartsOperations;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.Confirmation;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.cli.retention.RetentionPlans;
import io.amsfleet.cli.retention.RetentionRuleOptions;
import io.amsfleet.model.RetentionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code amc image prune}: a one-off retention run on one image, by the server's engine: a preview
 * of an ad-hoc policy, then (unless {@code --dry-run}) that plan applied — exactly what was shown,
 * or nothing when something changed in between. What goes is the server's decision; amc shows it.
 */
@Command(name = "prune", description = {"Remove old versions of an image by retention rules, into the recycle bin.",
        "A version goes only when no rule keeps it; pinned versions, the last version and protected images stay.",
        "Shows exactly what would go and asks first, unless --yes; --dry-run only shows it. Durations: 30d, 12h, …"})
final class ImagePruneCommand implements Callable<Integer>, StartsOperations {
    @Parameters(paramLabel = "<id|name>", description = "The image.")
    String image;

    @Mixin
    RetentionRuleOptions rules;

    @Option(names = "--dry-run", description = "Show what would go and what stays, and why; change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ImagePruneCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (!dryRun && !yes) {
            Confirmation.requireTerminal(session.env());
        }
        JsonNode plan = RetentionPlans.preview(session, new RetentionRequest(null, "image", image, rules.keep,
                rules.olderThan, rules.unusedFor, null, null), timeout.value());
        if (dryRun || plan.path("remove_count").asInt() == 0) {
            RetentionPlans.print(plan, format, session.env().out());
            return ExitStatus.OK;
        }
        if (!yes) {
            List<String> items = new ArrayList<>();
            plan.path("remove").forEach(i -> items.add("version " + i.path("version").asInt() + " of "
                    + i.path("image").asText() + "\n    " + i.path("message").asText()));
            if (!Confirmation.ask(session.env(), "image version", "image versions", items)) {
                session.env().err().println("Aborted: nothing was removed.");
                return ExitStatus.FAILED;
            }
        }
        RetentionPlans.printRun(RetentionPlans.apply(session, plan.path("plan_id").asText(), timeout.value()), format,
                session.env().out());
        return ExitStatus.OK;
    }
}
