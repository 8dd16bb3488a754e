package io.amsfleet.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Builds commands for picocli, handing each the {@link Session} when its constructor takes one.
 * This keeps commands free of static state, so tests can run many command lines in one JVM.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Session session;

    CommandFactory(Session session) {
        this.session = session;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            Constructor<K> withSession = type.getDeclaredConstructor(Session.class);
            withSession.setAccessible(true);
            return withSession.newInstance(session);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
