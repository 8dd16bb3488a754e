package io.amsfleet.server.cluster;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code cluster_jobs}: a background job's lease and when it last ran. */
// escape = false: the migrations' names are unquoted, which H2 stores in upper case.
@MappedEntity(value = "cluster_jobs", escape = false)
public record ClusterJobRow(@Id String name, @Nullable String holder, long leaseUntil, long dueAt,
                            @Nullable Long lastStartedAt, @Nullable Long lastFinishedAt, boolean rerunRequested) {
}
