package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON body of {@code PATCH /1.0/images/{id}}: the AMS {@code ImagePatch} definition, and
 * {@code protected} beyond AMS (docs/trash.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagePatch(
        @JsonProperty("default") Boolean makeDefault,
        @JsonProperty("force_sync") Boolean forceSync,
        @JsonProperty("protected") Boolean protect) {
}
