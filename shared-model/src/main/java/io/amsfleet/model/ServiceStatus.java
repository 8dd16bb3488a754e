package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code GET /1.0}: the AMS {@code ServiceStatus} definition. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceStatus(
        @JsonProperty("api_version") String apiVersion,
        @JsonProperty("api_status") String apiStatus,
        @JsonProperty("auth") String auth,
        @JsonProperty("auth_methods") List<String> authMethods,
        @JsonProperty("api_extensions") List<String> apiExtensions) {
}
