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
 * came from, which is the first thing to check when the server says 401. The token is masked. For
 * an https:// address also the TLS files. It never asks the server: the server's own settings
 * are {@code amc config server}.
 */
@Command(name = "show", description = {"Show the server address, token and TLS files in effect, and where each comes from.",
        "The server's own settings: amc config server."})
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
        if ("https".equals(c.url().getScheme())) {
            out.println("cert: " + file(c.tls().certificate(), "none"));
            out.println("key: " + file(c.tls().key(), "none"));
            out.println("server-cert: " + file(c.tls().serverCertificate(), "none (the system's trust store)"));
        }
        return ExitStatus.OK;
    }

    private static String file(TlsFiles.Setting setting, String none) {
        return setting == null ? none : setting.path() + " (" + setting.source() + ")";
    }

    /** Enough to tell two tokens apart, not enough to use one. */
    private static String mask(String token) {
        return token.length() <= 8 ? "****" : token.substring(0, 4) + "…" + token.substring(token.length() - 2);
    }
}
