package io.amsfleet.cli.trust;

import io.amsfleet.cli.StartsOperations;
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
 * {@code amc config trust remove <fingerprint>}: the certificate stops authenticating with the
 * server's next request. Asks first, as before every removal.
 */
@Command(name = "remove", aliases = "rm", description = {"Stop trusting a client certificate.",
        "Asks first unless --yes is given."})
final class TrustRemoveCommand implements Callable<Integer>, StartsOperations {
    @Parameters(paramLabel = "<fingerprint>",
            description = "Its sha256 fingerprint, a unique prefix of it, or its name in the trust store.")
    String certificate;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    HelpOption help;

    private final Session session;

    TrustRemoveCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String fingerprint = TrustStore.fingerprint(session, certificate);
        if (!yes && !Confirmation.ask(session.env(), "trusted certificate", "trusted certificates",
                List.of(fingerprint))) {
            session.env().err().println("Aborted: nothing was removed.");
            return ExitStatus.FAILED;
        }
        session.client().async("DELETE", "/1.0/certificates/" + AmsClient.segment(fingerprint), null,
                AmsClient.REQUEST_TIMEOUT);
        session.env().out().println("certificate " + fingerprint + " is no longer trusted");
        return ExitStatus.OK;
    }
}
