package io.amsfleet.server.image;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * A row of {@code images} as Micronaut Data maps it. Unescaped names: H2 folds unquoted names to
 * upper case and PostgreSQL to lower case, so quoted lower-case names would miss H2's tables.
 *
 * @param xid the public id ({@link Xid}); {@code id} is Micronaut Data's word for the key, here {@code pk}
 * @param defaultType the type when this image is its type's default (see V1), else null
 */
@MappedEntity(value = "images", escape = false)
record ImageRow(
        @Id @GeneratedValue @Nullable Long pk,
        @MappedProperty("id") String xid,
        String name,
        String type,
        String architecture,
        String variant,
        @Nullable String defaultType,
        boolean immutable,
        int statusCode,
        int nextVersion,
        long revision,
        @Nullable Long busyUntil,
        @Nullable String busyOperation,
        long createdAt,
        boolean deletionProtected,
        @Nullable Long unprotectAt) {

    ImageRecord toRecord() {
        return new ImageRecord(pk, xid, name, type, architecture, variant, defaultType != null, immutable, statusCode,
                nextVersion, revision, busyUntil, busyOperation, createdAt, deletionProtected, unprotectAt);
    }
}
