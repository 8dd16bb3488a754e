package io.amsfleet.cli;

import java.util.List;

/**
 * A command and the words that name it on the command line, its {@code @Command} name and aliases
 * (CommandTreeTest holds the two together). amc picks the branch of its tree a run needs by these
 * words rather than by reading every command's annotations, which took some 20 ms of CPU of each
 * run (docs/cli.md#performance), more than building the branch itself.
 */
public record CommandWords(Class<?> type, List<String> words) {
    public static CommandWords of(Class<?> type, String... words) {
        return new CommandWords(type, List.of(words));
    }

    boolean names(String word) {
        return words.contains(word);
    }
}
