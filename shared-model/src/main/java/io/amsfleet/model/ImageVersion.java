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
 * @param lastUsedAt beyond AMS: RFC 3339, when an application last used the version (a version
 *                   created on it, its content downloaded for one); null when never. Listing,
 *                   showing or scanning it does not count (docs/retention.md)
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
        @JsonProperty("last_used_at") @JsonInclude(JsonInclude.Include.ALWAYS) String lastUsedAt,
        @JsonProperty("blockers") List<Blocker> blockers) {
}
