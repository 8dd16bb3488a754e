package io.amsfleet.server.audit;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The audit action of an endpoint that changes something ({@link AuditAction}): every request it
 * handles leaves a record — the service's own, written in the change's transaction, or, for a
 * refusal, a failure or a dry run, the one {@link AuditInterceptor} writes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Around
public @interface Audited {
    /** The action, one of {@link AuditAction}'s. */
    String value();

    /** The action when the request's body is JSON, for a route that also takes tarballs; empty: the same. */
    String json() default "";
}
