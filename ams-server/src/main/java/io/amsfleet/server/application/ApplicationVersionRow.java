package io.amsfleet.server.application;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * A row of {@code application_versions}.
 *
 * @param imagePk       the pinned image while its version is in the catalogue; null once force-deleted
 * @param imageVersion  the pinned version, null with {@code imagePk}
 * @param details       JSON of {@code ApplicationVersionDetails}: what the manifest said for this version
 * @param packageSha256 the package the version was built from, in the content store; null without one
 * @param parentImageName the image's name when a forced delete released the pin; null while it holds
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
        long createdAt,
        String manifestVersion,
        boolean published,
        String details,
        @Nullable String packageSha256,
        @Nullable String parentImageName) {

    @Embeddable
    public record Key(@MappedProperty("app_pk") long appPk, @MappedProperty("number") int number) {
    }
}
