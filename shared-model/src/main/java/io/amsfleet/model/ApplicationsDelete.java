package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * AMS's {@code ApplicationsDelete} ({@code DELETE /1.0/applications}) and, without {@code ids},
 * its {@code ApplicationDelete} and {@code ApplicationVersionDelete}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationsDelete(@JsonProperty("ids") List<String> ids, @JsonProperty("force") Boolean force) {
}
