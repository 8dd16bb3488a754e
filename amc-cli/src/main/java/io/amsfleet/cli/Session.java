package io.amsfleet.cli;

import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.config.Connection;

/**
 * One run of {@code amc}: the environment, the global options as parsed, and the client built
 * from them on first use (so that {@code amc completion bash} or {@code amc config set} never
 * need a reachable server or a valid URL).
 */
public final class Session {
    private final Environment env;
    private final Amc options;
    private Connection connection;
    private AmsClient client;

    Session(Environment env, Amc options) {
        this.env = env;
        this.options = options;
    }

    public Environment env() {
        return env;
    }

    public boolean debug() {
        return options.debug;
    }

    /** The server address and token in effect; a bad address is a usage error. */
    public Connection connection() {
        if (connection == null) {
            connection = Connection.resolve(new Connection.Flags(options.url, options.token, options.cert, options.key,
                    options.serverCert), env);
        }
        return connection;
    }

    /** Releases the client's threads, if one was made: amc exits sooner (see {@link AmsClient#close()}). */
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** {@code -q/--quiet}: no progress drawn; a list prints its ids alone. */
    public boolean quiet() {
        return options.quiet;
    }

    /** Whether progress may be drawn: stderr is a terminal and {@code --quiet} was not given. */
    public boolean showsProgress() {
        return env.stderrIsTerminal() && !options.quiet;
    }

    public AmsClient client() {
        if (client == null) {
            client = new AmsClient(connection(), debug() ? env.err() : null);
            client.waitingOutput(env.err(), showsProgress() ? new OperationProgressBar(env.err()) : null);
        }
        return client;
    }
}
