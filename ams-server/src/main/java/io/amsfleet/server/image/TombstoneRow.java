package io.amsfleet.server.image;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of {@code remote_tombstones}: a synced image an operator force-deleted. */
@MappedEntity(value = "remote_tombstones", escape = false)
record TombstoneRow(@EmbeddedId Key key, long deletedAt) {

    @Embeddable
    record Key(@MappedProperty("type") String type, @MappedProperty("name") String name) {
    }
}
