package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The optional body of {@code POST /1.0/trash/{id}/restore}: a new name, when the old one is
 * taken; {@code with_image} to bring a version back together with its image when that is binned
 * too (the name is then the image's).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrashRestore(@JsonProperty("name") String name, @JsonProperty("with_image") Boolean withImage) {
    public TrashRestore(String name) {
        this(name, null);
    }
}
