package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Sets one setting: the AMS {@code ConfigPost} definition. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigPost(@JsonProperty("name") String name, @JsonProperty("value") String value) {
}
