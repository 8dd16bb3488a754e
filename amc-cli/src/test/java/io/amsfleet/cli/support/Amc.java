package io.amsfleet.cli.support;

import io.amsfleet.cli.Environment;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code amc} in-process, as a person or a script would: with environment variables, a home
 * directory of its own (so the developer's real config never leaks in), typed input and terminal
 * flags, capturing stdout, stderr and the exit status.
 */
public final class Amc {
    private final Map<String, String> variables = new HashMap<>();
    private Path home;
    private String input = "";
    private boolean terminal;
    private boolean errTerminal;

    /**
     * @param home the home directory amc sees: where it looks for its config file and for a local
     *             server's admin token
     */
    public Amc(String url, String token, Path home) {
        if (url != null) {
            variables.put("AMC_URL", url);
        }
        if (token != null) {
            variables.put("AMC_TOKEN", token);
        }
        this.home = home;
    }

    /** What one run printed and returned. */
    public record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public Amc env(String name, String value) {
        if (value == null) {
            variables.remove(name);
        } else {
            variables.put(name, value);
        }
        return this;
    }

    public Amc home(Path dir) {
        home = dir;
        return this;
    }

    public Path home() {
        return home;
    }

    /** Standard input is a terminal where a person types {@code typed}. */
    public Amc typing(String typed) {
        input = typed;
        terminal = true;
        return this;
    }

    /** Standard input is a pipe carrying {@code piped}. */
    public Amc piping(String piped) {
        input = piped;
        terminal = false;
        return this;
    }

    /** Standard error is a terminal: progress is drawn there. */
    public Amc showingProgress() {
        errTerminal = true;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment env = new Environment(Map.copyOf(variables), home, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, errTerminal);
        int status = io.amsfleet.cli.Amc.run(args, env);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
