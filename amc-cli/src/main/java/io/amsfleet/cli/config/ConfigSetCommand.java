package io.amsfleet.cli.config;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.Pem;
import io.amsfleet.model.ConfigPost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code amc config set <key> <value>}. amc's own settings ({@code url}, {@code token},
 * {@code cert}, {@code key}, {@code server-cert}) go to its config file; the server's
 * ({@code images.url}, {@code images.auth}, {@code images.update_interval}, always with a dot) to
 * {@code PATCH /1.0/config}. The two sets of keys share no name, so the key alone says which.
 */
@Command(name = "set", description = {"Save one of amc's settings, or change one of the server's.",
        "amc's own, kept in its config file: url, token, cert, key, server-cert.",
        "The server's (admin): images.url, images.auth, images.update_interval; an empty value unsets"
                + " images.url and images.auth."})
final class ConfigSetCommand implements Callable<Integer>, StartsOperations {
    @Parameters(index = "0", paramLabel = "<key>", description = "The setting.")
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
        if (ServerSettings.KEYS.contains(key)) {
            session.client().async("PATCH", "/1.0/config", new ConfigPost(key, value.trim()),
                    AmsClient.REQUEST_TIMEOUT);
            session.env().out().println(key + " set on the server at " + session.connection().url());
            return ExitStatus.OK;
        }
        if (!ConfigFile.KEYS.contains(key)) {
            throw new UsageError("unknown setting '" + key + "': amc config set takes " + String.join(", ",
                    ConfigFile.KEYS) + " (amc's own) or " + String.join(", ", ServerSettings.KEYS) + " (the server's)");
        }
        String v = value.trim();
        if (v.isEmpty()) {
            throw new UsageError(key + " cannot be empty");
        }
        v = switch (key) {
            case "url" -> Connection.parseUrl(v, "the command line").toString();
            case "cert", "server-cert" -> {
                Path file = Path.of(v).toAbsolutePath();
                Pem.certificates(file, key.equals("cert") ? "the client certificate" : "the server certificate");
                yield file.toString();
            }
            case "key" -> {
                Path file = Path.of(v).toAbsolutePath();
                Pem.checkPrivateKey(file, "the private key");
                yield file.toString();
            }
            default -> v;
        };
        ConfigFile file = ConfigFile.of(session.env());
        file.set(key, v);
        session.env().out().println(key + " saved in " + file.path());
        return ExitStatus.OK;
    }
}
