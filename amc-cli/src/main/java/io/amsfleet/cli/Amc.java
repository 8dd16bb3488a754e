package io.amsfleet.cli;

import io.amsfleet.cli.client.AmsClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code amc}, the command-line client of the AMS image fleet manager: the root command, its
 * global options and the process entry point.
 */
@Command(name = "amc", description = "Manage the images and applications of an AMS server.",
        footer = {"", "Server address and token: --url/AMC_URL and --token/AMC_TOKEN, else the config file"
                + " (amc config set url|token); with a server on this machine and no token set, its admin token file.",
                "With https://, a client certificate in the server's trust store also authenticates:"
                + " --cert/--key (AMC_CERT/AMC_KEY, amc config set cert|key)."})
public final class Amc extends CommandGroup {
    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "<url>",
            description = "AMS server address (default: AMC_URL, the config file, else http://127.0.0.1:8444).")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "<token>",
            description = "Bearer token (default: AMC_TOKEN, the config file, else a local server's admin token).")
    String token;

    @Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "<file>",
            description = "Client certificate (PEM or DER) for an https:// server (default: AMC_CERT, the config file).")
    String cert;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "<file>",
            description = "The client certificate's private key, PEM (default: AMC_KEY, the config file).")
    String key;

    @Option(names = "--server-cert", scope = ScopeType.INHERIT, paramLabel = "<file>",
            description = "Trust this server certificate, e.g. the server's self-signed server.crt (default:"
                    + " AMC_SERVER_CERT, the config file, else the system's trust store).")
    String serverCert;

    @Option(names = {"-x", "--debug"}, scope = ScopeType.INHERIT,
            description = "Trace the HTTP requests and show the stack trace of a failure.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Draw no progress on stderr (uploads, downloads the server runs); image, application and trash list print their ids alone.")
    boolean quiet;

    @Option(names = "--version", description = "Show amc's version, the server's and its API extensions (amc version).")
    boolean version;

    /** The commands' models as written at build time (CommandModelWriter), looked up once per JVM. */
    private static final CommandModels MODELS = CommandModels.written();

    /** Set by {@link #run}: {@code amc --version} runs {@code amc version}. */
    private Session session;

    @Override
    public Integer call() {
        return version ? VersionCommand.print(session) : super.call();
    }

    public static void main(String[] args) {
        // JLine (the progress bars' terminal) would otherwise ask `test -t` and `stty` through the
        // PATH — where a checkout's bin/ holds bin/test, the whole test suite — whenever its
        // native provider (jline-native, on the class path) can tell the same without a process.
        System.setProperty("org.jline.terminal.exec", "false");
        // The argument-free part of the start on another thread (Warmup), and the HTTP client it
        // may have built ahead closed if the run did not take it: its thread would delay the exit.
        Warmup.start(args);
        int status;
        try {
            status = run(args, Environment.system());
        } finally {
            AmsClient.discardPrepared();
        }
        if (status == 0 && onlyDaemonThreadsLeft()) {
            // The JVM ends with status 0 once main returns and no other thread keeps it alive,
            // running the same shutdown hooks as System.exit. System.exit first looks up the JDK's
            // logger for Runtime.exit (its exit logging, Java 21 and later): a service scan of every
            // jar on the class path, some 4 ms of every run (docs/cli.md#performance).
            return;
        }
        System.exit(status);
    }

    /** True when no thread but this one would keep the JVM running once main returns. */
    private static boolean onlyDaemonThreadsLeft() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        if (n == threads.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (threads[i] != Thread.currentThread() && !threads[i].isDaemon() && threads[i].isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Runs one command line and returns the exit status; never calls {@link System#exit}. */
    public static int run(String[] args, Environment env) {
        Amc root = new Amc();
        Session session = new Session(env, root);
        root.session = session;
        CommandLine cli;
        try {
            cli = CommandTree.build(root, new CommandFactory(session, MODELS), args);
        } catch (Exception e) {
            throw new IllegalStateException("amc's commands could not be set up", e);
        }
        HelpLayout.apply(cli);
        cli.setOut(new PrintWriter(env.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(env.err(), true, StandardCharsets.UTF_8));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(io.amsfleet.model.Role.class, words(io.amsfleet.model.Role.class));
        cli.registerConverter(io.amsfleet.model.ImageType.class, words(io.amsfleet.model.ImageType.class));
        cli.registerConverter(io.amsfleet.model.Outcome.class, words(io.amsfleet.model.Outcome.class));
        ErrorReport report = new ErrorReport(session);
        cli.setParameterExceptionHandler(report::usage);
        cli.setExecutionExceptionHandler(report::failure);
        int status = cli.execute(args);
        session.close();
        env.out().flush();
        env.err().flush();
        return status;
    }

    /**
     * The shared vocabularies (roles, image types, outcomes) as the command line spells them: the
     * wire's lowercase words, in any case, refused with the list of words rather than constant names.
     */
    private static <E extends Enum<E> & io.amsfleet.model.WireWord> CommandLine.ITypeConverter<E> words(Class<E> type) {
        return text -> {
            E found = io.amsfleet.model.WireWord.fromLabel(type, text.toLowerCase(java.util.Locale.ROOT));
            if (found == null) {
                throw new CommandLine.TypeConversionException("expected one of "
                        + java.util.Arrays.toString(type.getEnumConstants()) + " but was '" + text + "'");
            }
            return found;
        };
    }
}
