package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code amc version} (and {@code amc --version}): this client's version, then the server's —
 * its build, API version and the API extensions it advertises, which say what beyond AMS it
 * answers. The client's line comes first, so that it is there even when the server cannot be
 * reached (the command then fails with the reason, as every command does).
 */
@Command(name = "version", description = "Show amc's version, the server's, and the server's API extensions.")
final class VersionCommand implements Callable<Integer> {
    /** The build's version (Maven's project version), from a resource filtered at build time. */
    static final String CLIENT = clientVersion();

    @Mixin
    HelpOption help;

    private final Session session;

    VersionCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return print(session);
    }

    static int print(Session session) {
        PrintStream out = session.env().out();
        out.println("client version: " + CLIENT);
        out.flush();
        JsonNode version = session.client().get("/1.0/version");
        JsonNode status = session.client().get("/1.0");
        out.println("server: " + session.connection().url());
        out.println("server version: " + version.path("version").asText("unknown"));
        out.println("api version: " + status.path("api_version").asText());
        out.println("api extensions:");
        for (JsonNode extension : status.path("api_extensions")) {
            out.println("  " + extension.asText());
        }
        return ExitStatus.OK;
    }

    private static String clientVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/amc-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable file is a broken build; the version is then unknown, not fatal
        }
        return p.getProperty("version", "unknown");
    }
}
