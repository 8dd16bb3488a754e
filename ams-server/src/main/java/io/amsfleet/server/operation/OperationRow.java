package io.amsfleet.server.operation;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of {@code operations}; resources and metadata are JSON text. */
// escape = false: the migrations' names are unquoted, which H2 stores in upper case.
@MappedEntity(value = "operations", escape = false)
public record OperationRow(@Id String id, @MappedProperty("class") String operationClass, String description,
                           int statusCode, String err, String resources, String metadata, long createdAt,
                           long updatedAt, boolean mayCancel) {
}
