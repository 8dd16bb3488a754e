package io.amsfleet.server.application;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * A row of {@code applications}.
 *
 * @param xid the public id; {@code id} is Micronaut Data's word for the key, here {@code pk}
 */
@MappedEntity(value = "applications", escape = false)
record ApplicationRow(
        @Id @GeneratedValue @Nullable Long pk,
        @MappedProperty("id") String xid,
        String name,
        boolean vm,
        int statusCode,
        String parentImageId,
        String parentImageVariant,
        long createdAt) {
}
