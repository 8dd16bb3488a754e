package io.amsfleet.cli.config;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code amc config show}: the address and token this command line would use, and where each
 * came from, which is the first thing to check when the server says 401. The token is masked.
 */
@Command(name = "show", description = "Show the server address and token in effect, and where each comes from.")
final class ConfigShowCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private final Session session;

    ConfigShowCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Connection c = session.connection();
        PrintStream out = session.env().out();
        out.println("config file: " + ConfigFile.of(session.env()).path());
        out.println("url: " + c.url() + " (" + c.urlSource() + ")");
        out.println("token: " + (c.token() == null ? "none" : mask(c.token()) + " (" + c.tokenSource() + ")"));
        return ExitStatus.OK;
    }

    /** Enough to tell two tokens apart, not enough to use one. */
    private static String mask(String token) {
        return token.length() <= 8 ? "****" : token.substring(0, 4) + "…" + token.substring(token.length() - 2);
    }
}
