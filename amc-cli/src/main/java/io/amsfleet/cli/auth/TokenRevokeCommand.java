package io.amsfleet.cli.auth;

import io.amsfleet.cli.Completes;
import io.amsfleet.cli.Confirmation;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code amc auth token revoke <name>}: the token stops working with the server's next request.
 * It cannot be undone, so amc asks first, as before every removal.
 */
@Command(name = "revoke", description = {"Revoke a token: it stops working at once.",
        "Asks first unless --yes is given. The last admin token cannot be revoked."})
final class TokenRevokeCommand implements Callable<Integer> {
    @Completes(Completes.Kind.TOKEN)
    @Parameters(paramLabel = "<name>", description = "Name of the token.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    HelpOption help;

    private final Session session;

    TokenRevokeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (!yes && !Confirmation.ask(session.env(), "token", "tokens", List.of(name))) {
            session.env().err().println("Aborted: nothing was revoked.");
            return ExitStatus.FAILED;
        }
        session.client().sync("DELETE", "/1.0/tokens/" + AmsClient.segment(name), null, AmsClient.REQUEST_TIMEOUT);
        session.env().out().println("token " + name + " revoked");
        return ExitStatus.OK;
    }
}
