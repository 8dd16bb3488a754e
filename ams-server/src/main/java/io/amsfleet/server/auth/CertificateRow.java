package io.amsfleet.server.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code certificates}: a trusted client certificate (base64 DER) and its identity. */
// escape = false: the migrations' names are unquoted, which H2 stores in upper case.
@MappedEntity(value = "certificates", escape = false)
public record CertificateRow(@Id String fingerprint, String name, String role, String certificate, long createdAt) {
}
