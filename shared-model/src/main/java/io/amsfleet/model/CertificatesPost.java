package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Adds a client certificate to the trust store: the AMS {@code CertificatesPost} definition
 * (base64 DER {@code certificate}, optional {@code trust-password}), plus an optional name and role.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificatesPost(
        @JsonProperty("certificate") String certificate,
        @JsonProperty("trust-password") String trustPassword,
        @JsonProperty("name") String name,
        @JsonProperty("role") String role) {
}
