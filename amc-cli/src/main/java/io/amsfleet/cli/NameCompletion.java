package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.client.AmsClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code amc __complete -- <words>}: what the completion script asks on TAB for the word being
 * typed (the last one) — the names of images, applications, versions, recycle bin entries or
 * tokens on the server, one a line, when that word is a value marked {@link Completes}. Quick
 * or nothing: the requests have a short timeout, and a failure of any kind (no server, no token,
 * a refusal) prints nothing and exits 0, so that TAB never shows an error in the middle of a
 * command line. Global options among the words ({@code --url}, {@code --token}, …) are used as
 * the command would use them.
 */
@Command(name = "__complete", hidden = true, description = "Names for the shell completion script.")
final class NameCompletion implements Callable<Integer> {
    /** For each request: TAB waits on it. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Parameters(paramLabel = "<word>", arity = "0..*")
    List<String> words = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Session session;

    NameCompletion(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try {
            List<String> names = names();
            names.forEach(session.env().out()::println);
        } catch (RuntimeException e) {
            // nothing: see the class comment
        }
        return ExitStatus.OK;
    }

    private List<String> names() {
        if (words.isEmpty() || words.get(words.size() - 1).startsWith("-")) {
            return List.of();
        }
        Amc root = (Amc) spec.root().userObject();
        CommandLine command = spec.root().commandLine();
        OptionSpec pending = null;
        List<String> positionals = new ArrayList<>();
        for (String word : words.subList(0, words.size() - 1)) {
            if (pending != null) {
                global(root, pending, word);
                pending = null;
            } else if (word.startsWith("-")) {
                OptionSpec option = command.getCommandSpec().findOption(word.contains("=") ? word.substring(0, word.indexOf('=')) : word);
                if (option != null && option.arity().max() > 0) {
                    if (word.contains("=")) {
                        global(root, option, word.substring(word.indexOf('=') + 1));
                    } else {
                        pending = option;
                    }
                }
            } else if (positionals.isEmpty() && command.getSubcommands().containsKey(word)) {
                command = command.getSubcommands().get(word);
            } else {
                positionals.add(word);
            }
        }
        Completes.Kind kind = pending != null ? kind(pending) : positionalKind(command.getCommandSpec(), positionals.size());
        if (kind == null) {
            return List.of();
        }
        String owner = positionals.isEmpty() ? null : positionals.get(0);
        return ask(kind, owner);
    }

    /** The connection options among the words, as the command itself would take them. */
    private static void global(Amc root, OptionSpec option, String value) {
        switch (option.longestName()) {
            case "--url" -> root.url = value;
            case "--token" -> root.token = value;
            case "--cert" -> root.cert = value;
            case "--key" -> root.key = value;
            case "--server-cert" -> root.serverCert = value;
            default -> {
            }
        }
    }

    private static Completes.Kind positionalKind(CommandSpec command, int index) {
        for (PositionalParamSpec p : command.positionalParameters()) {
            if (p.index().contains(index)) {
                return kind(p);
            }
        }
        return null;
    }

    private static Completes.Kind kind(ArgSpec arg) {
        // The written models (CommandModelWriter) keep the kind; picocli's own keep the field.
        if (arg.userObject() instanceof Completes.Kind kind) {
            return kind;
        }
        if (arg.userObject() instanceof Field field) {
            Completes marked = field.getAnnotation(Completes.class);
            return marked == null ? null : marked.value();
        }
        return null;
    }

    private List<String> ask(Completes.Kind kind, String owner) {
        Set<String> names = new LinkedHashSet<>();
        switch (kind) {
            case IMAGE -> get("/1.0/images?recursion=1").forEach(i -> names.add(i.path("name").asText()));
            case APPLICATION -> get("/1.0/applications?recursion=1").forEach(a -> names.add(a.path("name").asText()));
            case TRASH_ENTRY -> get("/1.0/trash?recursion=1").forEach(t -> names.add(t.path("id").asText()));
            case TOKEN -> get("/1.0/tokens").forEach(t -> names.add(t.path("name").asText()));
            case IMAGE_VERSION, APPLICATION_VERSION -> {
                if (owner != null) {
                    String base = kind == Completes.Kind.IMAGE_VERSION ? "/1.0/images/" : "/1.0/applications/";
                    get(base + AmsClient.segment(owner)).path("versions")
                            .forEach(v -> names.add(v.path("version").asText(v.path("number").asText())));
                }
            }
        }
        names.remove("");
        return new ArrayList<>(names);
    }

    private JsonNode get(String path) {
        return session.client().sync("GET", path, null, TIMEOUT);
    }
}
