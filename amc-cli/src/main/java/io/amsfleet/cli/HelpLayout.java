package io.amsfleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ScopeType;

import java.util.ArrayList;
import java.util.List;

/**
 * How every command's help reads: {@code Usage: amc image delete [OPTIONS] <id|name>...}, the
 * command's own options, and the global ones ({@code --url}, {@code --token}, …) named once in a
 * line that points at {@code amc --help}, where they are described — instead of the same
 * paragraphs under every command.
 */
final class HelpLayout {
    private static final String GLOBAL = "globalOptions";

    private HelpLayout() {
    }

    static void apply(CommandLine line) {
        UsageMessageSpec usage = line.getCommandSpec().usageMessage();
        usage.abbreviateSynopsis(true);
        boolean root = line.getParent() == null;
        usage.optionListHeading("%nOptions:%n");
        usage.commandListHeading("%nCommands:%n");
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            List<OptionSpec> shown = new ArrayList<>();
            for (OptionSpec o : help.commandSpec().options()) {
                if (!o.hidden() && !isGlobal(o)) {
                    shown.add(o);
                }
            }
            return help.optionListExcludingGroups(shown);
        });
        usage.sectionMap().put(GLOBAL, help -> root ? rootGlobals(help) : globalsLine(help));
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        if (!keys.contains(GLOBAL)) {
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, GLOBAL);
            usage.sectionKeys(keys);
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            apply(sub);
        }
    }

    private static boolean isGlobal(OptionSpec o) {
        return o.scopeType() == ScopeType.INHERIT && !o.usageHelp();
    }

    private static List<OptionSpec> globals(CommandLine.Help help) {
        List<OptionSpec> out = new ArrayList<>();
        for (OptionSpec o : help.commandSpec().options()) {
            if (!o.hidden() && isGlobal(o)) {
                out.add(o);
            }
        }
        return out;
    }

    private static String rootGlobals(CommandLine.Help help) {
        return String.format("%nGlobal options (every command takes them):%n") + help.optionListExcludingGroups(globals(help));
    }

    /** {@code Global options (amc --help): --url, --token, …}, wrapped at the help's width. */
    private static String globalsLine(CommandLine.Help help) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : globals(help)) {
            names.add(String.join("/", o.names()));
        }
        if (names.isEmpty()) {
            return "";
        }
        int width = help.commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder(String.format("%n"));
        StringBuilder row = new StringBuilder("Global options (amc --help):");
        for (int i = 0; i < names.size(); i++) {
            String word = " " + names.get(i) + (i < names.size() - 1 ? "," : "");
            if (row.length() + word.length() > width) {
                out.append(row).append(String.format("%n"));
                row = new StringBuilder(" ");
            }
            row.append(word);
        }
        return out.append(row).append(String.format("%n")).toString();
    }
}
