package io.amsfleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Range;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A build step (exec:java at process-classes, then compiled into amc's jar): writes the Java code
 * that builds picocli's model of every amc command through picocli's programmatic API, from the
 * commands' annotations as picocli itself reads them. At run time amc then builds the model
 * without reading an annotation: the JDK generates a proxy class for each annotation type on its
 * first read, with its ClassFile API, which C1 then compiles — about a sixth of an
 * {@code amc image list} (docs/cli.md#performance). picocli has no such generator of its own (its
 * annotation processor checks the model and writes GraalVM's configuration, not code), hence
 * this one; CommandModelsTest holds what it writes to picocli's own model of every command.
 *
 * <p>It writes, in each package with commands, a {@code WrittenModels} class, and
 * {@code io.amsfleet.cli.WrittenCommandModels}, the {@link CommandModels} amc looks up. Only the
 * annotation attributes amc uses are written; any other one fails the build, naming it, rather
 * than being left out of the model.
 */
public final class CommandModelWriter {
    private static final Set<String> COMMAND_ATTRIBUTES = Set.of("name", "aliases", "description", "footer", "hidden",
            "subcommands");
    private static final Set<String> OPTION_ATTRIBUTES = Set.of("names", "description", "paramLabel", "defaultValue",
            "arity", "required", "split", "scope", "hidden", "usageHelp", "fallbackValue", "converter");
    private static final Set<String> PARAMETERS_ATTRIBUTES = Set.of("index", "arity", "paramLabel", "description");
    private static final Set<String> MIXIN_ATTRIBUTES = Set.of("name");
    private static final Set<String> SPEC_ATTRIBUTES = Set.of();

    /**
     * Each abstract command class's concrete subclasses among the commands: picocli models a field
     * of an abstract class only in a concrete one's model, and the writer reads it there.
     */
    private static final Map<Class<?>, List<Class<?>>> CONCRETE_SUBCLASSES = new LinkedHashMap<>();

    static {
        List<Class<?>> all = new ArrayList<>();
        all.add(Amc.class);
        for (CommandTree.Group g : CommandTree.groups()) {
            all.add(g.group().type());
            for (CommandWords c : g.commands()) {
                all.add(c.type());
                all.addAll(Arrays.asList(c.type().getAnnotation(Command.class).subcommands()));
            }
        }
        for (Class<?> c : all) {
            for (Class<?> s = c.getSuperclass(); s != null && s != Object.class; s = s.getSuperclass()) {
                if (Modifier.isAbstract(s.getModifiers())) {
                    CONCRETE_SUBCLASSES.computeIfAbsent(s, k -> new ArrayList<>()).add(c);
                }
            }
        }
    }

    /** Per package: the classes whose models and members it writes, in the order they were met. */
    private final Map<String, Set<Class<?>>> commands = new TreeMap<>();
    private final Map<String, Set<Class<?>>> declaring = new TreeMap<>();
    private final Map<String, Set<Class<?>>> mixins = new TreeMap<>();

    private CommandModelWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        CommandModelWriter writer = new CommandModelWriter();
        writer.command(Amc.class);
        for (CommandTree.Group g : CommandTree.groups()) {
            writer.command(g.group().type());
            for (CommandWords c : g.commands()) {
                writer.command(c.type());
            }
        }
        writer.write(out);
    }

    private void command(Class<?> type) {
        if (!add(commands, type)) {
            return;
        }
        Command c = type.getAnnotation(Command.class);
        check(c, COMMAND_ATTRIBUTES, type.getName());
        for (Class<?> sub : c.subcommands()) {
            command(sub);
        }
        hierarchy(type);
    }

    private void hierarchy(Class<?> type) {
        for (Class<?> t : superclassesFirst(type)) {
            add(declaring, t);
            for (Field f : t.getDeclaredFields()) {
                Mixin m = f.getAnnotation(Mixin.class);
                if (m != null && add(mixins, f.getType())) {
                    hierarchy(f.getType());
                }
            }
        }
    }

    private static boolean add(Map<String, Set<Class<?>>> byPackage, Class<?> type) {
        return byPackage.computeIfAbsent(type.getPackageName(), p -> new LinkedHashSet<>()).add(type);
    }

    /** picocli reads a command's members from its topmost superclass down. */
    private static List<Class<?>> superclassesFirst(Class<?> type) {
        Deque<Class<?>> chain = new ArrayDeque<>();
        for (Class<?> t = type; t != null && t != Object.class; t = t.getSuperclass()) {
            chain.push(t);
        }
        return new ArrayList<>(chain);
    }

    /** Fails for an attribute set to other than its default that this writer does not write. */
    private static void check(Annotation a, Set<String> written, String where) {
        if (a == null) {
            return;
        }
        for (Method m : a.annotationType().getDeclaredMethods()) {
            try {
                Object value = m.invoke(a);
                Object unset = m.getDefaultValue();
                if (!written.contains(m.getName()) && !Arrays.deepEquals(new Object[]{value}, new Object[]{unset})) {
                    throw new IllegalStateException(where + ": @" + a.annotationType().getSimpleName() + "(" + m.getName()
                            + ") is not written by CommandModelWriter; add it there (and to CommandModelsTest)");
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void write(Path out) throws IOException {
        // Only this run's files: a package whose commands were removed must not keep its old code.
        if (Files.exists(out)) {
            try (var old = Files.walk(out)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Set<String> packages = new LinkedHashSet<>();
        packages.addAll(commands.keySet());
        packages.addAll(declaring.keySet());
        packages.addAll(mixins.keySet());
        for (String p : packages) {
            String code = packageModels(p, commands.getOrDefault(p, Set.of()), declaring.getOrDefault(p, Set.of()),
                    mixins.getOrDefault(p, Set.of()));
            Path file = out.resolve(p.replace('.', '/')).resolve("WrittenModels.java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, code, StandardCharsets.UTF_8);
        }
        StringBuilder r = new StringBuilder();
        r.append("package io.amsfleet.cli;\n\n")
                .append("/** Written by CommandModelWriter at build time: the model of each of amc's commands, by package. */\n")
                .append("final class WrittenCommandModels implements CommandModels {\n")
                .append("    @Override\n    public Object create(Class<?> type, Session session) {\n")
                .append("        switch (type.getPackageName()) {\n");
        for (String p : commands.keySet()) {
            r.append("            case ").append(literal(p)).append(": return ").append(p).append(".WrittenModels.create(type, session);\n");
        }
        r.append("            default: return null;\n        }\n    }\n\n")
                .append("    @Override\n    public picocli.CommandLine.Model.CommandSpec model(Object command, picocli.CommandLine.IFactory factory) {\n")
                .append("        switch (command.getClass().getPackageName()) {\n");
        for (String p : commands.keySet()) {
            r.append("            case ").append(literal(p)).append(": return ").append(p).append(".WrittenModels.model(command, factory);\n");
        }
        r.append("            default: return null;\n        }\n    }\n}\n");
        Path file = out.resolve("io/amsfleet/cli/WrittenCommandModels.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, r.toString(), StandardCharsets.UTF_8);
    }

    private String packageModels(String pkg, Set<Class<?>> commandTypes, Set<Class<?>> declaringTypes,
                                 Set<Class<?>> mixinTypes) {
        StringBuilder s = new StringBuilder();
        s.append("package ").append(pkg).append(";\n\n")
                .append("import picocli.CommandLine.IFactory;\n")
                .append("import picocli.CommandLine.Model.CommandSpec;\n")
                .append("import picocli.CommandLine.Model.IGetter;\n")
                .append("import picocli.CommandLine.Model.ISetter;\n")
                .append("import picocli.CommandLine.Model.OptionSpec;\n")
                .append("import picocli.CommandLine.Model.PositionalParamSpec;\n")
                .append("import picocli.CommandLine.Range;\n\n")
                .append("/** Written by io.amsfleet.cli.CommandModelWriter at build time; not edited by hand. */\n")
                .append("@SuppressWarnings({\"unchecked\", \"rawtypes\"})\n")
                .append("public final class WrittenModels {\n")
                .append("    private WrittenModels() {\n    }\n\n");
        // A new command of a type of this package, made as CommandFactory makes it.
        s.append("    public static Object create(Class<?> type, io.amsfleet.cli.Session session) {\n");
        for (Class<?> t : commandTypes) {
            if (Modifier.isAbstract(t.getModifiers()) || t == Amc.class) {
                continue;
            }
            s.append("        if (type == ").append(name(t)).append(".class) {\n            return new ").append(name(t))
                    .append(hasSessionConstructor(t) ? "(session)" : "()").append(";\n        }\n");
        }
        s.append("        return null;\n    }\n\n");
        // The model of a command of this package, bound to it.
        s.append("    public static CommandSpec model(Object command, IFactory factory) {\n");
        for (Class<?> t : commandTypes) {
            s.append("        if (command.getClass() == ").append(name(t)).append(".class) {\n            return command(("
            ).append(name(t)).append(") command, factory);\n        }\n");
        }
        s.append("        return null;\n    }\n");
        for (Class<?> t : commandTypes) {
            commandModel(s, t);
        }
        for (Class<?> t : mixinTypes) {
            mixinModel(s, t);
        }
        for (Class<?> t : declaringTypes) {
            members(s, t);
        }
        return s.append("}\n").toString();
    }

    private static boolean hasSessionConstructor(Class<?> t) {
        for (Constructor<?> c : t.getDeclaredConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Session.class) {
                check(!Modifier.isPrivate(c.getModifiers()), t + "'s constructor must not be private");
                return true;
            }
        }
        return false;
    }

    private void commandModel(StringBuilder s, Class<?> t) {
        Command c = t.getAnnotation(Command.class);
        s.append("\n    static CommandSpec command(").append(name(t)).append(" c, IFactory factory) {\n")
                .append("        CommandSpec spec = CommandSpec.wrapWithoutInspection(c, factory);\n");
        commandAttributes(s, c);
        for (Class<?> d : superclassesFirst(t)) {
            s.append("        ").append(d.getPackageName()).append(".WrittenModels.members(spec, (").append(name(d))
                    .append(") c, factory);\n");
        }
        for (Class<?> sub : c.subcommands()) {
            // Made by the factory, as picocli makes a subcommand: amc's hands it the run's Session.
            s.append("        try {\n            CommandSpec sub = ").append(sub.getPackageName())
                    .append(".WrittenModels.model(factory.create(").append(name(sub)).append(".class), factory);\n")
                    .append("            spec.addSubcommand(sub.name(), new picocli.CommandLine(sub, factory));\n")
                    .append("        } catch (Exception e) {\n")
                    .append("            throw new picocli.CommandLine.InitializationException(\"").append(sub.getSimpleName())
                    .append(" could not be made\", e);\n        }\n");
        }
        s.append("        return spec;\n    }\n");
    }

    private static void commandAttributes(StringBuilder s, Command c) {
        if (c == null) {
            return;
        }
        if (!c.name().equals("<main class>")) {
            s.append("        spec.name(").append(literal(c.name())).append(");\n");
        }
        if (c.aliases().length > 0) {
            s.append("        spec.aliases(").append(literals(c.aliases())).append(");\n");
        }
        if (c.description().length > 0) {
            s.append("        spec.usageMessage().description(").append(literals(c.description())).append(");\n");
        }
        if (c.footer().length > 0) {
            s.append("        spec.usageMessage().footer(").append(literals(c.footer())).append(");\n");
        }
        if (c.hidden()) {
            s.append("        spec.usageMessage().hidden(true);\n");
        }
    }

    private void mixinModel(StringBuilder s, Class<?> t) {
        s.append("\n    ").append(visibility(t)).append("static CommandSpec mixin(").append(name(t))
                .append(" m, IFactory factory) {\n")
                .append("        CommandSpec spec = CommandSpec.wrapWithoutInspection(m, factory);\n");
        commandAttributes(s, t.getAnnotation(Command.class));
        for (Class<?> d : superclassesFirst(t)) {
            s.append("        ").append(d.getPackageName()).append(".WrittenModels.members(spec, (").append(name(d))
                    .append(") m, factory);\n");
        }
        s.append("        return spec;\n    }\n");
    }

    /** A class's own members, in picocli's order: its fields as the class declares them. */
    private void members(StringBuilder s, Class<?> t) {
        CommandSpec reflected = reflectedModel(t);
        List<Field> bound = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (Field f : t.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            Parameters p = f.getAnnotation(Parameters.class);
            Mixin m = f.getAnnotation(Mixin.class);
            Spec sp = f.getAnnotation(Spec.class);
            String where = t.getName() + "." + f.getName();
            if (o != null || p != null) {
                check(o, OPTION_ATTRIBUTES, where);
                check(p, PARAMETERS_ATTRIBUTES, where);
                check(!Modifier.isPrivate(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()),
                        where + " must be neither private nor final");
                ArgSpec a = argFor(reflected, f);
                int index = bound.size();
                bound.add(f);
                body.append("        {\n            ").append(bindingName(t)).append(" b = new ").append(bindingName(t))
                        .append("(c, ").append(index).append(");\n");
                if (o != null) {
                    body.append("            spec.addOption(OptionSpec.builder(").append(literals(o.names())).append(")");
                } else {
                    body.append("            spec.addPositional(PositionalParamSpec.builder()");
                    if (!p.index().isEmpty()) {
                        body.append("\n                    .index(").append(literal(p.index())).append(")");
                    }
                }
                argAttributes(body, a, f, o, p);
                body.append("\n                    .getter(b).setter(b).initialValue(b.get()).build());\n        }\n");
            } else if (m != null) {
                check(m, MIXIN_ATTRIBUTES, where);
                String mixinName = m.name().isEmpty() ? f.getName() : m.name();
                body.append("        if (c.").append(f.getName()).append(" == null) {\n            c.").append(f.getName())
                        .append(" = new ").append(name(f.getType())).append("();\n        }\n")
                        .append("        spec.addMixin(").append(literal(mixinName)).append(", ")
                        .append(f.getType().getPackageName()).append(".WrittenModels.mixin(c.").append(f.getName())
                        .append(", factory));\n");
            } else if (sp != null) {
                check(sp, SPEC_ATTRIBUTES, where);
                body.append("        c.").append(f.getName()).append(" = spec;\n");
            }
        }
        s.append("\n    ").append(visibility(t)).append("static void members(CommandSpec spec, ").append(name(t))
                .append(" c, IFactory factory) {\n").append(body).append("    }\n");
        if (!bound.isEmpty()) {
            binding(s, t, bound);
        }
    }

    private static void argAttributes(StringBuilder s, ArgSpec a, Field f, Option o, Parameters p) {
        String indent = "\n                    ";
        s.append(indent).append(".type(").append(classLiteral(a.type())).append(")");
        s.append(indent).append(".auxiliaryTypes(");
        Class<?>[] aux = a.auxiliaryTypes();
        for (int i = 0; i < aux.length; i++) {
            s.append(i == 0 ? "" : ", ").append(classLiteral(aux[i]));
        }
        s.append(")");
        Range arity = a.arity();
        s.append(indent).append(".arity(Range.valueOf(").append(literal(arity.toString())).append(")")
                .append(arity.isUnspecified() ? ".unspecified(true)" : "").append(")");
        s.append(indent).append(".required(").append(a.required()).append(")");
        s.append(indent).append(".paramLabel(").append(literal(a.paramLabel())).append(")");
        String[] description = o != null ? o.description() : p.description();
        if (description.length > 0) {
            s.append(indent).append(".description(").append(literals(description)).append(")");
        }
        Completes completes = f.getAnnotation(Completes.class);
        if (completes != null) {
            // What NameCompletion offers for it: the field itself is not kept in the model.
            s.append(indent).append(".userObject(io.amsfleet.cli.Completes.Kind.").append(completes.value().name()).append(")");
        }
        if (o == null) {
            return;
        }
        if (!CommandLine.Option.NULL_VALUE.equals(o.defaultValue())) {
            s.append(indent).append(".defaultValue(").append(literal(o.defaultValue())).append(")");
        }
        if (!o.fallbackValue().isEmpty()) {
            s.append(indent).append(".fallbackValue(").append(literal(o.fallbackValue())).append(")");
        }
        if (!o.split().isEmpty()) {
            s.append(indent).append(".splitRegex(").append(literal(o.split())).append(")");
        }
        if (o.scope() != ScopeType.LOCAL) {
            s.append(indent).append(".scopeType(picocli.CommandLine.ScopeType.").append(o.scope().name()).append(")");
        }
        if (o.hidden()) {
            s.append(indent).append(".hidden(true)");
        }
        if (o.usageHelp()) {
            s.append(indent).append(".usageHelp(true)");
        }
        if (o.converter().length > 0) {
            s.append(indent).append(".converters(");
            for (int i = 0; i < o.converter().length; i++) {
                s.append(i == 0 ? "" : ", ").append("new ").append(name(o.converter()[i])).append("()");
            }
            s.append(")");
        }
    }

    /** One getter and setter for each of the class's bound fields, picked by number: no reflection. */
    private static void binding(StringBuilder s, Class<?> t, List<Field> fields) {
        String b = bindingName(t);
        s.append("\n    private static final class ").append(b).append(" implements IGetter, ISetter {\n")
                .append("        private final ").append(name(t)).append(" c;\n")
                .append("        private final int field;\n\n")
                .append("        ").append(b).append("(").append(name(t)).append(" c, int field) {\n")
                .append("            this.c = c;\n            this.field = field;\n        }\n\n")
                .append("        @Override\n        public <T> T get() {\n            switch (field) {\n");
        for (int i = 0; i < fields.size(); i++) {
            s.append("                case ").append(i).append(": return (T) (Object) c.").append(fields.get(i).getName())
                    .append(";\n");
        }
        s.append("                default: throw new IllegalStateException();\n            }\n        }\n\n")
                .append("        @Override\n        public <T> T set(T value) {\n            T old = get();\n")
                .append("            switch (field) {\n");
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            s.append("                case ").append(i).append(": c.").append(f.getName()).append(" = (")
                    .append(name(boxed(f.getType()))).append(") value; break;\n");
        }
        s.append("                default: throw new IllegalStateException();\n            }\n            return old;\n")
                .append("        }\n    }\n");
    }

    private static String bindingName(Class<?> t) {
        return t.getSimpleName() + "Fields";
    }

    /** picocli's own model of each class read so far: an abstract class's fields are read in each subclass's. */
    private static final Map<Class<?>, CommandSpec> REFLECTED = new LinkedHashMap<>();

    /** picocli's own model of the class's members, read from the annotations, for what it resolves. */
    private static CommandSpec reflectedModel(Class<?> t) {
        if (Modifier.isAbstract(t.getModifiers())) {
            return null;
        }
        return REFLECTED.computeIfAbsent(t, type -> {
            try {
                CommandFactory reflective = new CommandFactory(null, null);
                return CommandSpec.forAnnotatedObject(reflective.create(type), reflective);
            } catch (Exception e) {
                throw new IllegalStateException("picocli's model of " + type.getName(), e);
            }
        });
    }

    /** The ArgSpec picocli made of field f: from a concrete subclass's model when f's class is abstract. */
    private static ArgSpec argFor(CommandSpec reflected, Field f) {
        List<CommandSpec> models = new ArrayList<>();
        if (reflected != null) {
            models.add(reflected);
        } else {
            for (Class<?> concrete : CONCRETE_SUBCLASSES.getOrDefault(f.getDeclaringClass(), List.of())) {
                models.add(reflectedModel(concrete));
            }
        }
        for (CommandSpec m : models) {
            for (ArgSpec a : m.args()) {
                if (f.equals(a.userObject())) {
                    return a;
                }
            }
        }
        throw new IllegalStateException("no model of " + f + " (an abstract class's field needs a concrete subclass"
                + " among amc's commands)");
    }

    private static String visibility(Class<?> t) {
        return Modifier.isPublic(t.getModifiers()) ? "public " : "";
    }

    private static Class<?> boxed(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        return switch (t.getName()) {
            case "boolean" -> Boolean.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            default -> throw new IllegalStateException("a field of type " + t + ": add it to CommandModelWriter.boxed");
        };
    }

    private static String name(Class<?> t) {
        return t.getCanonicalName();
    }

    private static String classLiteral(Class<?> t) {
        return t.getCanonicalName() + ".class";
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static String literals(String[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(literal(values[i]));
        }
        return s.toString();
    }

    private static String literal(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (ch < 0x20 || ch > 0x7e) {
                        s.append(String.format("\\u%04x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
