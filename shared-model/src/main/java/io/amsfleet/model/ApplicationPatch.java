package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * AMS's {@code ApplicationPatch}: {@code PATCH /1.0/applications/{id}} with JSON. A null field is
 * left as it is. Which fields make a new version and which change only the application is in
 * docs/applications.md.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationPatch(
        @JsonProperty("image") String image,
        @JsonProperty("instance-type") String instanceType,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("addons") List<String> addons,
        @JsonProperty("resources") ApplicationResources resources,
        @JsonProperty("inhibit_auto_updates") Boolean inhibitAutoUpdates,
        @JsonProperty("services") List<ApplicationVersionDetails.Service> services,
        @JsonProperty("watchdog") ApplicationVersionDetails.Watchdog watchdog,
        @JsonProperty("boot_activity") String bootActivity,
        @JsonProperty("required_permissions") List<String> requiredPermissions,
        @JsonProperty("video_encoder") String videoEncoder,
        @JsonProperty("manifest_version") String manifestVersion,
        @JsonProperty("features") List<String> features,
        @JsonProperty("hooks") ApplicationVersionDetails.Hooks hooks,
        @JsonProperty("bootstrap") ApplicationVersionDetails.Bootstrap bootstrap,
        @JsonProperty("node_selector") List<String> nodeSelector) {
}
