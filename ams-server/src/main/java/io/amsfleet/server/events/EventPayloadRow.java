package io.amsfleet.server.events;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** An event too large for a NOTIFY payload, kept until every process has read it. */
// escape = false: the migrations' names are unquoted, which H2 stores in upper case.
@MappedEntity(value = "event_payloads", escape = false)
public record EventPayloadRow(@Id String id, String body, long createdAt) {
}
