package io.amsfleet.server.content;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code content}: a blob the catalogue knows. */
@MappedEntity(value = "content", escape = false)
record ContentRow(@Id String sha256, long size, long createdAt) {
}
