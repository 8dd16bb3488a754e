package io.amsfleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * amc's commands and picocli's model of each, as {@link CommandModelWriter} wrote them at build
 * time from the commands' annotations: made with {@code new}, and modelled through picocli's
 * programmatic API, so that a run reads no annotation and reflects on no field
 * (docs/cli.md#performance). Without the written code (a build that skipped the writer), amc
 * falls back to picocli reading the annotations; CommandModelsTest fails such a build.
 */
interface CommandModels {
    /** A new command of this type, as {@link CommandFactory} would make it; null for a type not written. */
    Object create(Class<?> type, Session session);

    /** picocli's model of this command, bound to it; null for a type not written. */
    CommandSpec model(Object command, CommandLine.IFactory factory);

    /** The written models, or null when this build has none. */
    static CommandModels written() {
        try {
            return (CommandModels) Class.forName("io.amsfleet.cli.WrittenCommandModels").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
