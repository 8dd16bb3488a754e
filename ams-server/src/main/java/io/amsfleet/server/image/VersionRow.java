package io.amsfleet.server.image;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of {@code image_versions}. */
@MappedEntity(value = "image_versions", escape = false)
record VersionRow(
        @EmbeddedId Key key,
        @Nullable String fingerprint,
        @Nullable String contentSha256,
        long size,
        long createdAt,
        int statusCode,
        @Nullable String remoteId,
        @Nullable String errorMessage,
        @Nullable String remotePath,
        @Nullable Long lastUsedAt) {

    /** The primary key: image and version number. */
    @Embeddable
    record Key(@MappedProperty("image_pk") long imagePk, @MappedProperty("version") int version) {
    }

    VersionRecord toRecord() {
        return new VersionRecord(key.imagePk(), key.version(), fingerprint, contentSha256, size, createdAt, statusCode,
                remoteId, errorMessage, lastUsedAt);
    }
}
