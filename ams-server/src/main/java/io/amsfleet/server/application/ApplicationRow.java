package io.amsfleet.server.application;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * A row of {@code applications}.
 *
 * @param xid       the public id; {@code id} is Micronaut Data's word for the key, here {@code pk}
 * @param tags      the tags as {@code ,a,b,} (V8); likewise {@code addons}
 * @param resources JSON of {@code ApplicationResources}; {@code nodeSelector} a JSON list
 * @param published whether any version is published
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
        long createdAt,
        String instanceType,
        String bootPackage,
        String abi,
        String tags,
        String addons,
        String resources,
        String nodeSelector,
        boolean inhibitAutoUpdates,
        boolean immutable,
        boolean published,
        int nextVersion) {

    ApplicationRow withParent(String imageId, String variant) {
        return new ApplicationRow(pk, xid, name, vm, statusCode, imageId, variant, createdAt, instanceType, bootPackage,
                abi, tags, addons, resources, nodeSelector, inhibitAutoUpdates, immutable, published, nextVersion);
    }

    ApplicationRow withNextVersion(int next, String addonList) {
        return new ApplicationRow(pk, xid, name, vm, statusCode, parentImageId, parentImageVariant, createdAt,
                instanceType, bootPackage, abi, tags, addonList, resources, nodeSelector, inhibitAutoUpdates, immutable,
                published, next);
    }

    ApplicationRow withPublished(boolean anyPublished) {
        return new ApplicationRow(pk, xid, name, vm, statusCode, parentImageId, parentImageVariant, createdAt,
                instanceType, bootPackage, abi, tags, addons, resources, nodeSelector, inhibitAutoUpdates, immutable,
                anyPublished, nextVersion);
    }

    ApplicationRow withSettings(String instanceType, String bootPackage, String abi, String tags, String resources,
                                String nodeSelector, boolean inhibitAutoUpdates) {
        return new ApplicationRow(pk, xid, name, vm, statusCode, parentImageId, parentImageVariant, createdAt,
                instanceType, bootPackage, abi, tags, addons, resources, nodeSelector, inhibitAutoUpdates, immutable,
                published, nextVersion);
    }
}
