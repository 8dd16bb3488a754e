package io.amsfleet.cli.retention;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.DocumentFormat;
import io.amsfleet.cli.output.Documents;
import io.amsfleet.model.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code amc retention set}: creates or replaces a policy ({@code PUT /1.0/retention/policies/{id}}).
 * The rules and durations are checked by the server, whose refusal is shown as it is.
 */
@Command(name = "set", description = {"Create or replace a retention policy.",
        "A version goes only when no rule keeps it; the deletion rules (pins, the last version, protection) always keep theirs.",
        "Durations: a number and s, m, h, d or w (30d, 12h)."})
final class RetentionSetCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<id>", description = "The policy's id (lower-case letters, digits, . _ -).")
    String id;

    @Option(names = "--scope", required = true, paramLabel = "<global|type|image>", description = "What it covers.")
    String scope;

    @Option(names = "--target", paramLabel = "<type|image>", description = "container or vm for a type policy; the image for an image policy.")
    String target;

    @Mixin
    RetentionRuleOptions rules;

    @Option(names = "--schedule", paramLabel = "<duration>", description = "Run by itself this often (default: only when a preview is applied).")
    String schedule;

    @Option(names = "--disabled", description = "Store it without letting it run by itself.")
    boolean disabled;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DocumentFormat format;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    RetentionSetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        RetentionPolicy body = new RetentionPolicy(null, scope, target, rules.keep, rules.olderThan, rules.unusedFor, schedule,
                !disabled, null, null, null);
        Documents.print(session.client().sync("PUT", "/1.0/retention/policies/" + AmsClient.segment(id), body,
                timeout.value()), format, session.env().out());
        return ExitStatus.OK;
    }
}
