package io.amsfleet.cli.application;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.DocumentFormat;
import io.amsfleet.cli.output.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code amc application show}. */
@Command(name = "show", description = "Show an application and the image versions it pins.")
final class ApplicationShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<id|name>", description = "Application id or name.")
    String application;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DocumentFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    ApplicationShowCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Documents.print(session.client().get("/1.0/applications/" + AmsClient.segment(application)), format,
                session.env().out());
        return ExitStatus.OK;
    }
}
