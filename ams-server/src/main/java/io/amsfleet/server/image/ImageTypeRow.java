package io.amsfleet.server.image;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code image_types}: the lock of a type and its image count. */
@MappedEntity(value = "image_types", escape = false)
record ImageTypeRow(@Id String type, long imageCount) {
}
