package io.amsfleet.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one run of {@code amc} sees of the world: environment variables, the home directory, the
 * standard streams and whether they are terminals. Tests build their own so that the prompt, the
 * progress bar and the configuration file can be exercised in-process.
 *
 * @param variables        environment variables ({@code AMC_URL}, {@code AMC_TOKEN}, …)
 * @param home             the user's home directory (config file, server's default data dir)
 * @param in               standard input, read by the confirmation prompt
 * @param out              results
 * @param err              errors, prompts and progress
 * @param stdinIsTerminal  whether a person can answer a prompt
 * @param stderrIsTerminal whether a progress bar can be drawn
 */
public record Environment(Map<String, String> variables, Path home, BufferedReader in, PrintStream out,
                          PrintStream err, boolean stdinIsTerminal, boolean stderrIsTerminal) {

    /** The real process: its variables, home directory and file descriptors 0, 1 and 2. */
    public static Environment system() {
        // FileOutputStream on the raw descriptors: System.out is already a PrintStream, but this
        // pins UTF-8 whatever the platform encoding, as the server's names may be non-ASCII.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // $HOME first, as a shell user expects (Java's user.home comes from the password file).
        String home = System.getenv("HOME");
        return new Environment(System.getenv(), Path.of(home != null && !home.isBlank() ? home
                : System.getProperty("user.home")),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err,
                isTerminal(0), isTerminal(2));
    }

    /** An environment variable, or null when unset or empty. */
    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Whether a file descriptor is a terminal. Java only says whether stdin and stdout both are
     * ({@link System#console()}); Linux tells each descriptor apart through /proc, so that
     * {@code amc image add … | tee log} still shows progress and {@code echo y | amc …} still
     * counts as a pipe.
     */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
