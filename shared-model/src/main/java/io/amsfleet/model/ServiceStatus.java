package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code GET /1.0}: the AMS {@code ServiceStatus} definition. Beyond AMS, a trusted caller also
 * learns its own name and role ({@code auth_user_name}, {@code role}), so that a client can offer
 * only what the role allows.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceStatus(
        @JsonProperty("api_version") String apiVersion,
        @JsonProperty("api_status") String apiStatus,
        @JsonProperty("auth") String auth,
        @JsonProperty("auth_methods") List<String> authMethods,
        @JsonProperty("api_extensions") List<String> apiExtensions,
        @JsonProperty("auth_user_name") String authUserName,
        @JsonProperty("role") String role) {
}
