package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** AMS's {@code ApplicationVersionPatch}: publish ({@code true}) or revoke ({@code false}) a version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationVersionPatch(@JsonProperty("published") Boolean published) {
}
