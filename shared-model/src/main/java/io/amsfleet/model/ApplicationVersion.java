package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One version of an application, pinning one image version.
 *
 * @param parentImageDeleted beyond AMS: true once the pinned image version was force-deleted from
 *                           the catalogue; the application keeps its own copy of the content
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationVersion(
        @JsonProperty("number") int number,
        @JsonProperty("parent_image_id") String parentImageId,
        @JsonProperty("parent_image_version") int parentImageVersion,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("status") String status,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("parent_image_deleted") boolean parentImageDeleted) {
}
