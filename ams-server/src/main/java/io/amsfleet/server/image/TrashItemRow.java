package io.amsfleet.server.image;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of {@code trash_items}: one entry of the recycle bin (V10). */
@MappedEntity(value = "trash_items", escape = false)
record TrashItemRow(
        @Id @GeneratedValue @Nullable Long pk,
        @MappedProperty("id") String xid,
        String kind,
        long imagePk,
        String imageId,
        String name,
        String type,
        String architecture,
        String variant,
        boolean immutable,
        int statusCode,
        int nextVersion,
        long imageCreatedAt,
        @Nullable Integer version,
        long deletedAt,
        String deletedBy,
        boolean forced,
        long purgeAt) {
}
