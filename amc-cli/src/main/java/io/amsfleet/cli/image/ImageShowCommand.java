package io.amsfleet.cli.image;

import io.amsfleet.cli.Completes;
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

/** {@code amc image show}: one image with its versions, as the server describes it. */
@Command(name = "show", description = "Show an image and its versions.")
final class ImageShowCommand implements Callable<Integer> {
    @Completes(Completes.Kind.IMAGE)
    @Parameters(paramLabel = "<id|name>", description = "Image id, unique id prefix or name.")
    String image;

    @Mixin
    VmOption type;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DocumentFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageShowCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Documents.print(session.client().get("/1.0/images/" + AmsClient.segment(image) + type.query('?')),
                format, session.env().out());
        return ExitStatus.OK;
    }
}
