package io.amsfleet.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Makes amc's commands and their command lines, handing each command the {@link Session} when its
 * constructor takes one. This keeps commands free of static state, so tests can run many command
 * lines in one JVM. Commands and models come from the code {@link CommandModelWriter} wrote
 * where there is some; otherwise picocli reads the annotations.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Session session;
    private final CommandModels models;

    /** models: the written ones, or null to have picocli read every annotation (CommandModelWriter does). */
    CommandFactory(Session session, CommandModels models) {
        this.session = session;
        this.models = models;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Object made = models == null ? null : models.create(type, session);
        if (made != null) {
            return type.cast(made);
        }
        try {
            Constructor<K> withSession = type.getDeclaredConstructor(Session.class);
            withSession.setAccessible(true);
            return withSession.newInstance(session);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The command line of this command: from its written model where there is one. */
    CommandLine line(Object command) {
        CommandLine.Model.CommandSpec spec = models == null ? null : models.model(command, this);
        return spec == null ? new CommandLine(command, this) : new CommandLine(spec, this);
    }
}
