package io.amsfleet.cli.config;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code amc config set url|token <value>}. */
@Command(name = "set", description = "Save the server address (url) or the token (token) in the config file.")
final class ConfigSetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<key>", description = "url or token.")
    String key;

    @Parameters(index = "1", paramLabel = "<value>", description = "The value to save.")
    String value;

    @Mixin
    HelpOption help;

    private final Session session;

    ConfigSetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (!ConfigFile.KEYS.contains(key)) {
            throw new UsageError("unknown setting '" + key + "': amc config set takes url or token");
        }
        String v = value.trim();
        if (v.isEmpty()) {
            throw new UsageError(key + " cannot be empty");
        }
        if (key.equals("url")) {
            v = Connection.parseUrl(v, "the command line").toString();
        }
        ConfigFile file = ConfigFile.of(session.env());
        file.set(key, v);
        session.env().out().println(key + " saved in " + file.path());
        return ExitStatus.OK;
    }
}
