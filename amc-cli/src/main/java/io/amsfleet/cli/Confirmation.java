package io.amsfleet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The question amc asks before it removes anything:
 * <pre>
 * The following image will be REMOVED:
 *   - foo
 * Do you want to continue? [Y/n]:
 * </pre>
 * Enter accepts. It is asked on stderr (stdout stays for results) and only when standard input
 * is a terminal: on a pipe there is no one to answer, so it fails at once naming {@code --yes}
 * rather than waiting or reading an answer meant for something else.
 */
public final class Confirmation {
    private Confirmation() {
    }

    /**
     * Fails, naming {@code --yes}, when nobody can answer: called before anything is sent, so that a
     * command reading what it will ask about (a delete's dry run) does not send that either.
     */
    public static void requireTerminal(Environment env) {
        if (!env.stdinIsTerminal()) {
            throw new UsageError("standard input is not a terminal, so amc cannot ask before removing anything;"
                    + " add --yes (-y) to go ahead without asking");
        }
    }

    /**
     * @param what  what is removed, singular and plural, e.g. {@code "image"}, {@code "images"}
     * @param items one entry per item; an entry's further lines (after {@code \n}) are details of it
     * @return true when the person agreed
     */
    public static boolean ask(Environment env, String what, String whatPlural, List<String> items) {
        requireTerminal(env);
        PrintStream err = env.err();
        err.println("The following " + (items.size() == 1 ? what : whatPlural) + " will be REMOVED:");
        for (String item : items) {
            err.println("  - " + item);
        }
        while (true) {
            err.print("Do you want to continue? [Y/n]: ");
            err.flush();
            String answer;
            try {
                answer = env.in().readLine();
            } catch (IOException e) {
                answer = null;
            }
            if (answer == null) {
                // End of input (Ctrl-D) is not a yes.
                err.println();
                return false;
            }
            switch (answer.trim().toLowerCase(Locale.ROOT)) {
                case "", "y", "yes" -> {
                    return true;
                }
                case "n", "no" -> {
                    return false;
                }
                default -> err.println("Please answer y or n.");
            }
        }
    }
}
