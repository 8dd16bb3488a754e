package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Creates an application on an image version. Without {@code image} the default image of the
 * type ({@code vm} or container) is used; without {@code image_version}, its latest version.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationsPost(
        @JsonProperty("name") String name,
        @JsonProperty("image") String image,
        @JsonProperty("image_version") Integer imageVersion,
        @JsonProperty("vm") Boolean vm) {
}
