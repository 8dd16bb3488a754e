package io.amsfleet.server.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * A row of {@code audit_events}. {@code repeats} and {@code lastAt} count the refusals an
 * aggregated row stands for; {@code id} is null until the row is inserted.
 *
 * <p>{@code id} must stay the table's first column: an ANSI repository reads the generated key by
 * position, and PostgreSQL's driver returns the whole inserted row as generated keys (as for
 * {@code images.pk} and {@code applications.pk}).
 */
// escape = false: the migrations' names are unquoted, which H2 stores in upper case.
@MappedEntity(value = "audit_events", escape = false)
public record AuditRow(@Id @GeneratedValue @Nullable Long id, String requestId, long at, String actor,
                       String clientAddress, String action, @Nullable String imageId, @Nullable String imageName,
                       @Nullable Integer version, @Nullable String target, boolean force, boolean dryRun, int status,
                       @Nullable String reason, @Nullable String operationId, int repeats, @Nullable Long lastAt) {
}
