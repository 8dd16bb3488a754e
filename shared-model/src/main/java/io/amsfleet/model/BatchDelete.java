package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Beyond AMS: the body of {@code DELETE /1.0/images}, deleting several images or versions. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchDelete(
        @JsonProperty("images") List<Item> images,
        @JsonProperty("force") Boolean force,
        @JsonProperty("dry_run") Boolean dryRun) {

    /** One image (by id, id prefix or name) or, with {@code version}, one of its versions. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @JsonProperty("image") String image,
            @JsonProperty("version") Integer version,
            @JsonProperty("type") String type) {
    }
}
