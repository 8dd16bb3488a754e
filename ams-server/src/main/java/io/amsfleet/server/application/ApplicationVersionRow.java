package io.amsfleet.server.application;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * A row of {@code application_versions}.
 *
 * @param imagePk      the pinned image while its version is in the catalogue; null once force-deleted
 * @param imageVersion the pinned version, null with {@code imagePk}
 */
@MappedEntity(value = "application_versions", escape = false)
public record ApplicationVersionRow(
        @EmbeddedId Key key,
        @Nullable Long imagePk,
        @Nullable Integer imageVersion,
        String parentImageId,
        int parentImageVersion,
        @Nullable String contentSha256,
        int statusCode,
        long createdAt) {

    @Embeddable
    public record Key(@MappedProperty("app_pk") long appPk, @MappedProperty("number") int number) {
    }
}
