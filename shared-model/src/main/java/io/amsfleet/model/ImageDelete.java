package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The optional JSON body of a single delete: the AMS {@code ImageDelete} definition. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageDelete(@JsonProperty("force") Boolean force) {
}
