package io.amsfleet.cli.auth;

import io.amsfleet.model.Role;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.DocumentFormat;
import io.amsfleet.cli.output.Documents;
import io.amsfleet.model.TokensPost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code amc auth token create <name> --role <role>}. The server shows a token's secret only in
 * this answer, so by default stdout gets the bare secret and nothing else
 * ({@code TOKEN=$(amc auth token create ci --role viewer)}), and the note that it will not be
 * shown again goes to stderr.
 */
@Command(name = "create", description = {"Create a token and print its secret (shown this once only).",
        "The secret alone goes to stdout; --format json|yaml prints the whole token."})
final class TokenCreateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<name>", description = "Name of the token, e.g. ci or alice.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "<role>",
            description = "What the token may do: ${COMPLETION-CANDIDATES}.")
    Role role;

    @Option(names = "--format", paramLabel = "<format>",
            description = "Print the whole token (name, role, token, created_at) as ${COMPLETION-CANDIDATES}.")
    DocumentFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    TokenCreateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode token = session.client().sync("POST", "/1.0/tokens", new TokensPost(name, role.label()),
                AmsClient.REQUEST_TIMEOUT);
        if (format != null) {
            Documents.print(token, format, session.env().out());
        } else {
            session.env().out().println(token.path("token").asText());
        }
        session.env().err().println("token " + name + " created with role " + token.path("role").asText(role.label())
                + "; its secret is shown only this once");
        return ExitStatus.OK;
    }
}
