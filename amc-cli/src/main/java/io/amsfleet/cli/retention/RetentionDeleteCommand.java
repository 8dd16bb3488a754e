package io.amsfleet.cli.retention;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.client.AmsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code amc retention delete}: removes a policy; the versions it removed stay removed (in the recycle bin). */
@Command(name = "delete", description = "Delete a retention policy (not what it removed).")
final class RetentionDeleteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<id>", description = "The policy.")
    String id;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    RetentionDeleteCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.client().sync("DELETE", "/1.0/retention/policies/" + AmsClient.segment(id), null, timeout.value());
        session.env().out().println("retention policy " + id + " deleted");
        return ExitStatus.OK;
    }
}
