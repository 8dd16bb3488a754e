package io.amsfleet.server.image;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of {@code trash_versions}: an image version as it was, held by a bin entry. */
@MappedEntity(value = "trash_versions", escape = false)
record TrashVersionRow(
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

    @Embeddable
    record Key(@MappedProperty("trash_pk") long trashPk, @MappedProperty("version") int version) {
    }

    static TrashVersionRow of(long trashPk, VersionRow v) {
        return new TrashVersionRow(new Key(trashPk, v.key().version()), v.fingerprint(), v.contentSha256(), v.size(),
                v.createdAt(), v.statusCode(), v.remoteId(), v.errorMessage(), v.remotePath(), v.lastUsedAt());
    }

    VersionRow back(long imagePk) {
        return new VersionRow(new VersionRow.Key(imagePk, key.version()), fingerprint, contentSha256, size, createdAt,
                statusCode, remoteId, errorMessage, remotePath, lastUsedAt);
    }
}
