package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON body of {@code PATCH /1.0/images/{id}}: the AMS {@code ImagePatch} definition. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagePatch(
        @JsonProperty("default") Boolean makeDefault,
        @JsonProperty("force_sync") Boolean forceSync) {
}
