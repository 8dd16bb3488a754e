package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One numbered version of an image: the AMS {@code ImageVersion} definition.
 *
 * @param blockers beyond AMS: what deleting this version would meet now, for this caller (empty
 *                 when it would go; absent where the version is not shown as part of its image)
 */
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
        @JsonProperty("error_message") String errorMessage,
        @JsonProperty("blockers") List<Blocker> blockers) {
}
