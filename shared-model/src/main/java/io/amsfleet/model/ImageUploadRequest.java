package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code X-AMS-Request} header of an upload: only {@code name} is required for a new image;
 * an update ignores everything here but {@code default}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageUploadRequest(
        @JsonProperty("name") String name,
        @JsonProperty("default") Boolean makeDefault,
        @JsonProperty("type") String type,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("variant") String variant) {
}
