package io.amsfleet.cli.trash;

import io.amsfleet.cli.Completes;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.output.DocumentFormat;
import io.amsfleet.cli.output.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code amc trash show}: one entry of the recycle bin, as the server describes it. */
@Command(name = "show", description = "Show an entry of the recycle bin.")
final class TrashShowCommand implements Callable<Integer> {
    @Completes(Completes.Kind.TRASH_ENTRY)
    @Parameters(paramLabel = "<id|sha256:digest>", description = "Entry id, or sha256:<12+ hex digits> of a deleted version.")
    String entry;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DocumentFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    TrashShowCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Documents.print(session.client().get(TrashEntries.path(entry)), format, session.env().out());
        return ExitStatus.OK;
    }
}
