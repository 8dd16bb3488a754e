package io.amsfleet.cli.config;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.output.DocumentFormat;
import io.amsfleet.cli.output.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code amc config server}: the server's run-time settings ({@code GET /1.0/config}), as the
 * server sends them. A command of its own rather than part of {@code amc config show}, which
 * must work when the server is unreachable or refuses the token.
 */
@Command(name = "server", description = {"Show the server's settings (admin): images.url, images.auth,"
        + " images.update_interval.", "Change one with amc config set <key> <value>."})
final class ConfigServerCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "yaml", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DocumentFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    ConfigServerCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Documents.print(session.client().get("/1.0/config"), format, session.env().out());
        return ExitStatus.OK;
    }
}
