package io.amsfleet.server.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A handshake ticket for the event stream, kept as its sha256 only. */
// escape = false: the migrations' names are unquoted, which H2 stores in upper case.
@MappedEntity(value = "event_tickets", escape = false)
public record EventTicketRow(@Id String ticketHash, String name, String role, long expiresAt) {
}
