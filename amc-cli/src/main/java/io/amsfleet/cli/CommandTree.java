package io.amsfleet.cli;

import io.amsfleet.cli.application.ApplicationCommand;
import io.amsfleet.cli.audit.AuditCommand;
import io.amsfleet.cli.auth.AuthCommand;
import io.amsfleet.cli.config.ConfigCommand;
import io.amsfleet.cli.image.ImageCommand;
import io.amsfleet.cli.retention.RetentionCommand;
import io.amsfleet.cli.trash.TrashCommand;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * amc's commands, and how much of them one run builds. picocli builds every command's model up
 * front (from the code CommandModelWriter wrote, else from the annotations), and with every
 * command that is a good part of amc's start-up; a run that names its command
 * ({@code amc image list}) gets only that branch. A run that names none, or
 * one it does not know, or asks for completion, gets the whole tree, so that help, suggestions
 * and the completion script still list everything. The branch is picked by each command's words
 * ({@link CommandWords}), not its annotations, which picocli then reads for that branch alone.
 */
final class CommandTree {
    private static final CommandWords NAME_COMPLETION = CommandWords.of(NameCompletion.class, "__complete");

    /** Each group and its commands, in the order help lists them. */
    private static final List<Group> GROUPS = List.of(
            new Group(CommandWords.of(ImageCommand.class, "image"), ImageCommand.COMMANDS),
            new Group(CommandWords.of(TrashCommand.class, "trash"), TrashCommand.COMMANDS),
            new Group(CommandWords.of(RetentionCommand.class, "retention"), RetentionCommand.COMMANDS),
            new Group(CommandWords.of(ApplicationCommand.class, "application"), ApplicationCommand.COMMANDS),
            new Group(CommandWords.of(ConfigCommand.class, "config"), ConfigCommand.COMMANDS),
            new Group(CommandWords.of(AuthCommand.class, "auth"), AuthCommand.COMMANDS),
            new Group(CommandWords.of(AuditCommand.class, "audit"), AuditCommand.COMMANDS),
            new Group(CommandWords.of(VersionCommand.class, "version"), List.of()),
            new Group(CommandWords.of(CompletionCommand.class, "completion"), List.of()),
            new Group(NAME_COMPLETION, List.of()));

    /**
     * A group and its commands. Kept in a list and compared by identity, never hashed: a record's
     * first hashCode bootstraps its generated method, some 10 ms of a run.
     */
    record Group(CommandWords group, List<CommandWords> commands) {
    }

    /** Root options that take a value: the word after them is not a command. */
    private static final Set<String> VALUED = Set.of("--url", "--token", "--cert", "--key", "--server-cert");

    private CommandTree() {
    }

    static CommandLine build(Amc root, CommandFactory factory, String[] args) throws Exception {
        List<String> words = commandWords(args);
        boolean completing = !words.isEmpty() && NAME_COMPLETION.names(words.get(0));
        if (completing) {
            // amc __complete -- <the command line being typed>: that command line's branch, and
            // __complete itself, which TAB waits on.
            int dashes = Arrays.asList(args).indexOf("--");
            words = commandWords(dashes < 0 ? new String[0] : Arrays.copyOfRange(args, dashes + 1, args.length));
        }
        CommandLine cli = factory.line(root);
        CommandWords group = null;
        for (Group g : GROUPS) {
            if (group == null && !words.isEmpty() && g.group().names(words.get(0))) {
                group = g.group();
            }
        }
        boolean whole = group == null || group.type() == CompletionCommand.class;
        for (Group g : GROUPS) {
            if (whole || g.group() == group || (completing && g.group() == NAME_COMPLETION)) {
                cli.addSubcommand(groupLine(g.group().type(), g.commands(), words, whole, factory));
            }
        }
        return cli;
    }

    private static CommandLine groupLine(Class<?> group, List<CommandWords> commands, List<String> words, boolean whole,
                                         CommandFactory factory) throws Exception {
        CommandLine line = factory.line(factory.create(group));
        CommandWords named = whole || words.size() < 2 ? null : find(commands, words.get(1));
        for (CommandWords command : commands) {
            if (named == null || command == named) {
                line.addSubcommand(factory.line(factory.create(command.type())));
            }
        }
        return line;
    }

    /**
     * The command a command line names ({@code image list}: ImageListCommand), by the same words
     * {@link #build} picks its branch by; null when it names none, a group alone or one unknown.
     */
    static Class<?> named(String[] args) {
        List<String> words = commandWords(args);
        if (words.size() < 2) {
            return null;
        }
        for (Group g : GROUPS) {
            if (g.group().names(words.get(0))) {
                CommandWords command = find(g.commands(), words.get(1));
                return command == null ? null : command.type();
            }
        }
        return null;
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

    private static CommandWords find(Iterable<CommandWords> commands, String word) {
        for (CommandWords c : commands) {
            if (c.names(word)) {
                return c;
            }
        }
        return null;
    }

    /** Every group and each group's commands, with the words {@link #build} picks them by. */
    static List<Group> groups() {
        return GROUPS;
    }
}
