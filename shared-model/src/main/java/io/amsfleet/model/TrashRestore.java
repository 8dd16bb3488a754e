package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The optional body of {@code POST /1.0/trash/{id}/restore}: a new name, when the old one is taken. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrashRestore(@JsonProperty("name") String name) {
}
