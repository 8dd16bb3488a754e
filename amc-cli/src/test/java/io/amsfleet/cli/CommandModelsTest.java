package io.amsfleet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The models CommandModelWriter wrote at build time are picocli's own: for every command, the
 * whole tree built from them and built by picocli from the annotations has the same commands,
 * the same options and parameters with the same attributes, and prints the same help.
 */
class CommandModelsTest {
    private static final CommandModels WRITTEN = CommandModels.written();

    @Test
    void theBuildWroteTheModels() {
        assertNotNull(WRITTEN, "io.amsfleet.cli.WrittenCommandModels is missing: the build did not run CommandModelWriter");
    }

    @Test
    void everyCommandsWrittenModelIsPicocliSOwn() throws Exception {
        CommandLine written = wholeTree(WRITTEN);
        CommandLine reflected = wholeTree(null);
        assertSame(reflected, written, "amc");
    }

    @Test
    void aCommandLineParsesAlikeWithEitherModel() throws Exception {
        String[] args = {"--url", "http://127.0.0.1:1", "image", "delete", "foo", "--version", "3", "--force", "--yes", "--dry-run"};
        CommandLine.ParseResult written = wholeTree(WRITTEN).parseArgs(args);
        CommandLine.ParseResult reflected = wholeTree(null).parseArgs(args);
        assertEquals(reflected.expandedArgs(), written.expandedArgs());
        CommandLine.ParseResult w = written.subcommand().subcommand();
        CommandLine.ParseResult r = reflected.subcommand().subcommand();
        assertEquals(r.commandSpec().name(), w.commandSpec().name());
        for (ArgSpec a : r.matchedArgs()) {
            ArgSpec b = w.commandSpec().args().get(r.commandSpec().args().indexOf(a));
            assertEquals(String.valueOf((Object) a.getValue()), String.valueOf((Object) b.getValue()), a.toString());
        }
    }

    private static CommandLine wholeTree(CommandModels models) throws Exception {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Environment env = new Environment(Map.of(), Path.of("/nonexistent"), new BufferedReader(new StringReader("")),
                discard, discard, false, false);
        Amc root = new Amc();
        CommandLine cli = CommandTree.build(root, new CommandFactory(new Session(env, root), models), new String[0]);
        HelpLayout.apply(cli);
        return cli;
    }

    private static void assertSame(CommandLine reflected, CommandLine written, String path) {
        CommandSpec r = reflected.getCommandSpec();
        CommandSpec w = written.getCommandSpec();
        assertEquals(r.name(), w.name(), path);
        assertEquals(Arrays.asList(r.aliases()), Arrays.asList(w.aliases()), path);
        assertEquals(r.usageMessage().hidden(), w.usageMessage().hidden(), path);
        assertEquals(r.mixins().keySet(), w.mixins().keySet(), path + ": mixins");
        assertEquals(reflected.getUsageMessage(CommandLine.Help.Ansi.OFF), written.getUsageMessage(CommandLine.Help.Ansi.OFF),
                path + ": help");
        assertEquals(r.options().size(), w.options().size(), path + ": options");
        for (int i = 0; i < r.options().size(); i++) {
            assertSameOption(r.options().get(i), w.options().get(i), path);
        }
        assertEquals(r.positionalParameters().size(), w.positionalParameters().size(), path + ": parameters");
        for (int i = 0; i < r.positionalParameters().size(); i++) {
            PositionalParamSpec a = r.positionalParameters().get(i);
            PositionalParamSpec b = w.positionalParameters().get(i);
            assertEquals(a.index().toString(), b.index().toString(), path + " " + a);
            assertSameArg(a, b, path + " " + a);
        }
        assertEquals(List.copyOf(reflected.getSubcommands().keySet()), List.copyOf(written.getSubcommands().keySet()),
                path + ": subcommands");
        for (String name : reflected.getSubcommands().keySet()) {
            assertSame(reflected.getSubcommands().get(name), written.getSubcommands().get(name), path + " " + name);
        }
    }

    private static void assertSameOption(OptionSpec a, OptionSpec b, String path) {
        String where = path + " " + a.longestName();
        assertEquals(Arrays.asList(a.names()), Arrays.asList(b.names()), where);
        assertEquals(a.usageHelp(), b.usageHelp(), where);
        assertEquals(a.versionHelp(), b.versionHelp(), where);
        assertEquals(a.negatable(), b.negatable(), where);
        assertEquals(a.fallbackValue(), b.fallbackValue(), where);
        assertEquals(a.order(), b.order(), where);
        assertSameArg(a, b, where);
    }

    private static void assertSameArg(ArgSpec a, ArgSpec b, String where) {
        assertEquals(a.type(), b.type(), where);
        assertEquals(Arrays.asList(a.auxiliaryTypes()), Arrays.asList(b.auxiliaryTypes()), where);
        assertEquals(a.arity().toString(), b.arity().toString(), where);
        assertEquals(a.arity().isUnspecified(), b.arity().isUnspecified(), where);
        assertEquals(a.required(), b.required(), where);
        assertEquals(a.paramLabel(), b.paramLabel(), where);
        assertEquals(Arrays.asList(a.description()), Arrays.asList(b.description()), where);
        assertEquals(a.defaultValue(), b.defaultValue(), where);
        assertEquals(a.splitRegex(), b.splitRegex(), where);
        assertEquals(a.scopeType(), b.scopeType(), where);
        assertEquals(a.inherited(), b.inherited(), where);
        assertEquals(a.hidden(), b.hidden(), where);
        assertEquals(a.hasInitialValue(), b.hasInitialValue(), where);
        assertEquals(String.valueOf(a.initialValue()), String.valueOf(b.initialValue()), where);
        assertEquals(a.showDefaultValue(), b.showDefaultValue(), where);
        assertEquals(classes(a.converters()), classes(b.converters()), where);
        assertEquals(a.completionCandidates() == null ? null : list(a.completionCandidates()),
                b.completionCandidates() == null ? null : list(b.completionCandidates()), where);
        assertEquals(a.typeInfo().isMultiValue(), b.typeInfo().isMultiValue(), where);
        assertEquals(a.typeInfo().isEnum(), b.typeInfo().isEnum(), where);
    }

    private static List<Class<?>> classes(Object[] objects) {
        List<Class<?>> types = new ArrayList<>();
        for (Object o : objects) {
            types.add(o.getClass());
        }
        return types;
    }

    private static List<String> list(Iterable<String> values) {
        List<String> l = new ArrayList<>();
        values.forEach(l::add);
        return l;
    }
}
