package io.amsfleet.server.db;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the PostgreSQL implementation of a repository: a sub-interface that adds nothing, so that the
 * statements are declared once, on the interface callers use (see {@link Database}).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
@Requires(condition = Database.Postgres.class)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PostgresRepository {
}
