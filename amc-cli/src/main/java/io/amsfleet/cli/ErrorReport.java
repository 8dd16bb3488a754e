package io.amsfleet.cli;

import io.amsfleet.cli.client.ApiError;
import io.amsfleet.cli.config.Connection;
import io.amsfleet.cli.config.TlsFiles;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.util.List;

/**
 * How a command that did not succeed ends: one {@code Error: …} line on stderr and the exit
 * status of {@link ExitStatus}. Stack traces only with {@code --debug}.
 */
final class ErrorReport {
    private final Session session;

    ErrorReport(Session session) {
        this.session = session;
    }

    /** picocli's parse errors: always status 2, with the usage of the command that was meant. */
    int usage(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintStream err = session.env().err();
        String unknown = unknownCommand(e);
        if (unknown != null) {
            String group = cmd.getCommandSpec().qualifiedName();
            err.println("Error: unknown command '" + unknown + "' for '" + group + "'");
            List<String> close = ((UnmatchedArgumentException) e).getSuggestions();
            err.println(close.isEmpty() ? "Its commands: " + String.join(", ", visibleCommands(cmd))
                    : "Did you mean: " + String.join(" or ", close.stream().map(c -> group + " " + c).toList()) + "?");
            err.println("Run '" + group + " --help' for usage.");
            return ExitStatus.USAGE;
        }
        err.println("Error: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
        cmd.getErr().flush();
        if (CommandGroup.MISSING.equals(e.getMessage())) {
            err.print(cmd.getUsageMessage());
        } else {
            err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        return ExitStatus.USAGE;
    }

    /**
     * The word that was meant as a command of a group ({@code amc image bogus}), or null: picocli
     * calls it an unmatched argument, which says nothing to someone who mistyped a command.
     */
    private static String unknownCommand(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || e.getCommandLine().getSubcommands().isEmpty()
                || u.getUnmatched().isEmpty()) {
            return null;
        }
        String word = u.getUnmatched().get(0);
        return word.startsWith("-") ? null : word;
    }

    private static List<String> visibleCommands(CommandLine group) {
        List<String> names = new java.util.ArrayList<>();
        group.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && sub.getCommandName().equals(name)) {
                names.add(name);
            }
        });
        return names;
    }

    /** Everything a command throws. */
    int failure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintStream err = session.env().err();
        if (e instanceof ParameterException p) {
            return usage(p, parsed.originalArgs().toArray(String[]::new));
        }
        if (session.debug()) {
            e.printStackTrace(err);
        }
        if (e instanceof UsageError) {
            err.println("Error: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        if (e instanceof ApiError api) {
            err.println("Error: " + explain(api));
            return ExitStatus.FAILED;
        }
        if (e instanceof CommandFailure) {
            err.println("Error: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        err.println("Error: " + e + (session.debug() ? "" : " (run with --debug for details)"));
        return ExitStatus.FAILED;
    }

    /** A refusal in words; a token problem also says which token, and where it came from. */
    private String explain(ApiError e) {
        return switch (e.reason()) {
            case "unauthorized" -> {
                Connection c = session.connection();
                String which = c.token() == null ? "no token was given"
                        : "it did not accept the token from " + c.tokenSource();
                if (c.tls().hasClientCertificate()) {
                    TlsFiles.Setting cert = c.tls().certificate();
                    yield "the AMS server at " + e.server() + " refused the request: it does not trust the client"
                            + " certificate " + cert.path() + " (from " + cert.source() + ") and " + which
                            + "; an admin trusts the certificate with amc config trust add " + cert.path();
                }
                yield "the AMS server at " + e.server() + " refused the request: " + which
                        + "; pass one with --token or AMC_TOKEN, or save it with amc config set token";
            }
            case "forbidden" -> e.getMessage() + (session.connection().token() == null
                    && session.connection().tls().hasClientCertificate()
                    ? " (the certificate's role does not allow this)" : " (the token's role does not allow this)");
            default -> Refusal.of(e).explain();
        };
    }
}
