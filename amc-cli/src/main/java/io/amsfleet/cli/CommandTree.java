package io.amsfleet.cli;

import io.amsfleet.cli.application.ApplicationCommand;
import io.amsfleet.cli.audit.AuditCommand;
import io.amsfleet.cli.auth.AuthCommand;
import io.amsfleet.cli.config.ConfigCommand;
import io.amsfleet.cli.image.ImageCommand;
import io.amsfleet.cli.retention.RetentionCommand;
import io.amsfleet.cli.trash.TrashCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * amc's commands, and how much of them one run builds. picocli reads every command's
 * annotations up front, and with every command that is a good part of amc's start-up; a run that
 * names its command ({@code amc image list}) gets only that branch. A run that names none, or
 * one it does not know, or asks for completion, gets the whole tree, so that help, suggestions
 * and the completion script still list everything.
 */
final class CommandTree {
    /** Each group and its commands, in the order help lists them. */
    private static final Map<Class<?>, List<Class<?>>> GROUPS = new java.util.LinkedHashMap<>();

    static {
        GROUPS.put(ImageCommand.class, ImageCommand.COMMANDS);
        GROUPS.put(TrashCommand.class, TrashCommand.COMMANDS);
        GROUPS.put(RetentionCommand.class, RetentionCommand.COMMANDS);
        GROUPS.put(ApplicationCommand.class, ApplicationCommand.COMMANDS);
        GROUPS.put(ConfigCommand.class, ConfigCommand.COMMANDS);
        GROUPS.put(AuthCommand.class, AuthCommand.COMMANDS);
        GROUPS.put(AuditCommand.class, AuditCommand.COMMANDS);
        GROUPS.put(VersionCommand.class, List.of());
        GROUPS.put(CompletionCommand.class, List.of());
        GROUPS.put(NameCompletion.class, List.of());
    }

    /** Root options that take a value: the word after them is not a command. */
    private static final Set<String> VALUED = Set.of("--url", "--token", "--cert", "--key", "--server-cert");

    private CommandTree() {
    }

    static CommandLine build(Amc root, CommandLine.IFactory factory, String[] args) throws Exception {
        List<String> words = commandWords(args);
        boolean completing = !words.isEmpty() && find(List.of(NameCompletion.class), words.get(0)) != null;
        if (completing) {
            // amc __complete -- <the command line being typed>: that command line's branch, and
            // __complete itself, which TAB waits on.
            int dashes = Arrays.asList(args).indexOf("--");
            words = commandWords(dashes < 0 ? new String[0] : Arrays.copyOfRange(args, dashes + 1, args.length));
        }
        CommandLine cli = new CommandLine(root, factory);
        Class<?> group = words.isEmpty() ? null : find(GROUPS.keySet(), words.get(0));
        boolean whole = group == null || group == CompletionCommand.class;
        for (Map.Entry<Class<?>, List<Class<?>>> g : GROUPS.entrySet()) {
            if (whole || g.getKey() == group || (completing && g.getKey() == NameCompletion.class)) {
                cli.addSubcommand(groupLine(g.getKey(), g.getValue(), words, whole, factory));
            }
        }
        return cli;
    }

    private static CommandLine groupLine(Class<?> group, List<Class<?>> commands, List<String> words, boolean whole,
                                         CommandLine.IFactory factory) throws Exception {
        CommandLine line = new CommandLine(factory.create(group), factory);
        Class<?> named = whole || words.size() < 2 ? null : find(commands, words.get(1));
        for (Class<?> command : commands) {
            if (named == null || command == named) {
                line.addSubcommand(new CommandLine(factory.create(command), factory));
            }
        }
        return line;
    }

    /** The first two words that are not options: {@code image}, {@code list}. */
    private static List<String> commandWords(String[] args) {
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < args.length && words.size() < 2; i++) {
            String a = args[i];
            if (VALUED.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                words.add(a);
            }
        }
        return words;
    }

    private static Class<?> find(Iterable<Class<?>> commands, String word) {
        for (Class<?> c : commands) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(word) || Arrays.asList(command.aliases()).contains(word)) {
                return c;
            }
        }
        return null;
    }
}
