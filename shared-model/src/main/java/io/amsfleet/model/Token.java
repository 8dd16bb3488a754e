package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A bearer token: its name and role. {@code token}, the secret, is present only in the answer to
 * its creation; the server keeps a hash.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Token(
        @JsonProperty("name") String name,
        @JsonProperty("role") String role,
        @JsonProperty("token") String token,
        @JsonProperty("created_at") long createdAt) {
}
