package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Imports an image from the image server: the AMS {@code ImagesPost} definition with
 * {@code source.type = "import"}. {@code source.remote} names the image on the server (default:
 * {@code name}) and {@code source.release} the release (default: the newest).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagesPost(
        @JsonProperty("name") String name,
        @JsonProperty("default") Boolean makeDefault,
        @JsonProperty("type") String type,
        @JsonProperty("source") Source source) {

    /** Where the image comes from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(
            @JsonProperty("type") String type,
            @JsonProperty("remote") String remote,
            @JsonProperty("release") String release) {
    }
}
