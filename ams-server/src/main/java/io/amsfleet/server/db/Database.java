package io.amsfleet.server.db;

import io.amsfleet.server.config.AmsSettings;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * Which database the catalogue is on, as a bean condition: each repository is compiled once per
 * dialect (Micronaut Data computes its SQL at compile time, from the dialect on the annotation; the
 * data source's configured dialect does not change it), and these pick the implementation that
 * matches the data source {@link DatabaseFactory} builds from the same setting.
 */
public final class Database {
    private Database() {
    }

    static boolean postgres(ConditionContext<?> context) {
        return AmsSettings.isPostgresUrl(context.getProperty("ams.db.url", String.class).orElse(null));
    }

    /** The embedded H2 database (no {@code AMS_DB_URL}). */
    public static final class H2 implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return !postgres(context);
        }
    }

    /** PostgreSQL ({@code AMS_DB_URL=jdbc:postgresql:…}). */
    public static final class Postgres implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return postgres(context);
        }
    }
}
