package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A trusted client certificate: the AMS {@code Certificate} definition, with its name and role. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Certificate(
        @JsonProperty("certificate") String certificate,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("name") String name,
        @JsonProperty("role") String role) {
}
