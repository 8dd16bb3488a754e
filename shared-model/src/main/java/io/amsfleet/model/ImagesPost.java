package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Imports an image from the image server: the AMS {@code ImagesPost} definition. AMS (and its SDK)
 * name the image on the server by {@code path}: {@code <product>} or {@code <product>@<release>};
 * this server also takes {@code source.type = "import"} with {@code source.remote} (default:
 * {@code name}) and {@code source.release} (default: the newest) as an extension. One or the other.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagesPost(
        @JsonProperty("name") String name,
        @JsonProperty("default") Boolean makeDefault,
        @JsonProperty("type") String type,
        @JsonProperty("source") Source source,
        @JsonProperty("path") String path) {

    /** The extension's form, without {@code path}. */
    public ImagesPost(String name, Boolean makeDefault, String type, Source source) {
        this(name, makeDefault, type, source, null);
    }

    /** Where the image comes from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(
            @JsonProperty("type") String type,
            @JsonProperty("remote") String remote,
            @JsonProperty("release") String release) {
    }
}
