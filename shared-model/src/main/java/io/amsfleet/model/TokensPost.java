package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Creates a token: {@code role} is {@code viewer}, {@code operator} or {@code admin}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokensPost(@JsonProperty("name") String name, @JsonProperty("role") String role) {
}
