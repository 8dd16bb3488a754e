package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One numbered version of an image: the AMS {@code ImageVersion} definition. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageVersion(
        @JsonProperty("version") int version,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("size") long size,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("status") String status,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("remote_id") String remoteId,
        @JsonProperty("error_message") String errorMessage) {
}
