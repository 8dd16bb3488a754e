package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Beyond AMS: one rule a delete of the image or version would meet right now, without force, as
 * the server decides it; clients show it rather than deciding themselves.
 *
 * @param reason       the reason code a refusal would carry, e.g. {@code last_version} or {@code forbidden}
 * @param message      the server's explanation, the same a refusal would give
 * @param forceLifts   whether {@code force} lifts this rule
 * @param applications the applications involved, for {@code image_in_use} and {@code version_in_use}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Blocker(
        @JsonProperty("reason") String reason,
        @JsonProperty("message") String message,
        @JsonProperty("force_lifts") boolean forceLifts,
        @JsonProperty("applications") List<DeletionReport.AppRef> applications) {
}
