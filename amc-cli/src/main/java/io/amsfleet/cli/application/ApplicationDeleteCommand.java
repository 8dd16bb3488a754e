package io.amsfleet.cli.application;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.Confirmation;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Refusal;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.ApiError;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc application delete}: asks as {@code amc image delete} does, then deletes each
 * application (or, with {@code --version}, that version of each) in turn, reporting each; the
 * images they pinned lose a user. A refusal is the server's: its message and its other blockers.
 */
@Command(name = "delete", description = {"Delete applications, or one version of each.",
        "Asks first unless --yes is given. The server's rules decide; --force lifts those it allows to."})
final class ApplicationDeleteCommand implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.APPLICATION)
    @Parameters(arity = "1..*", paramLabel = "<id|name>", description = "Applications: id or name.")
    List<String> applications;

    @Completes(Completes.Kind.APPLICATION_VERSION)
    @Option(names = {"-v", "--version"}, paramLabel = "<int>", description = "Delete only this version.")
    Integer version;

    @Option(names = {"-f", "--force"},
            description = "Delete even a published version or an immutable application.")
    boolean force;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    ApplicationDeleteCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (version != null && version < 0) {
            throw new UsageError("--version must be a version number (0 or more), not " + version);
        }
        List<String> targets = new ArrayList<>(new LinkedHashSet<>(applications));
        String what = version == null ? "application" : "application version";
        if (!yes && !Confirmation.ask(session.env(), what, what + "s", targets.stream()
                .map(a -> version == null ? a : a + " (version " + version + ")").toList())) {
            session.env().err().println("Aborted: nothing was deleted.");
            return ExitStatus.FAILED;
        }
        if (targets.size() == 1) {
            deleteOne(targets.get(0));
            return ExitStatus.OK;
        }
        int status = ExitStatus.OK;
        for (String app : targets) {
            try {
                deleteOne(app);
            } catch (ApiError e) {
                if (e.reason().equals("unauthorized") || e.reason().equals("forbidden")) {
                    throw e; // the same for every application: say it once
                }
                session.env().err().println("Error: " + Refusal.of(e).explain());
                status = ExitStatus.FAILED;
            } catch (CommandFailure e) {
                if (e.getCause() instanceof java.io.IOException) {
                    throw e; // the server is gone: the rest would fail the same way
                }
                session.env().err().println("Error: " + e.getMessage());
                status = ExitStatus.FAILED;
            }
        }
        return status;
    }

    private void deleteOne(String app) {
        String path = "/1.0/applications/" + AmsClient.segment(app) + (version == null ? "" : "/" + version);
        Operation op = session.client().async("DELETE", path, Map.of("force", force), timeout.value());
        Object name = op.metadata() == null ? null : op.metadata().get("name");
        String shown = String.valueOf(name == null ? app : name);
        session.env().out().println((version == null ? "application " : "version " + version + " of application ")
                + shown + " deleted");
    }
}
