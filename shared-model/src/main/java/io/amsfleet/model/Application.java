package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** An application: the subset of the AMS {@code Application} definition this server manages. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Application(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("status") String status,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("parent_image_id") String parentImageId,
        @JsonProperty("parent_image_variant") String parentImageVariant,
        @JsonProperty("vm") boolean vm,
        @JsonProperty("immutable") boolean immutable,
        @JsonProperty("versions") List<ApplicationVersion> versions) {
}
