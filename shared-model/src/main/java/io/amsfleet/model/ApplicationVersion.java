package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One version of an application, pinning one image version: AMS's {@code ApplicationVersion}.
 * {@code status_code} is an image status code, as AMS's is ({@link ImageStatus}); a finished
 * version is {@code active} (3).
 *
 * @param addons             AMS's addon objects; only {@code name} here (no addon versions on this server)
 * @param parentImageDeleted beyond AMS: true once the pinned image version was force-deleted from
 *                           the catalogue; the application keeps its own copy of the content
 * @param parentImageName    beyond AMS: with {@code parent_image_deleted}, the name the image had when
 *                           that forced delete released the pin (absent when not known: a pin released
 *                           before the server kept it, whose image has left the recycle bin too)
 * @param blockers           beyond AMS: what deleting this version without force would meet now
 * @param publishBlockers    beyond AMS: what publishing or revoking this version would meet now
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationVersion(
        @JsonProperty("number") int number,
        @JsonProperty("manifest_version") String manifestVersion,
        @JsonProperty("parent_image_id") String parentImageId,
        @JsonProperty("parent_image_version") int parentImageVersion,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("status") String status,
        @JsonProperty("published") boolean published,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("boot_activity") @JsonInclude(JsonInclude.Include.NON_EMPTY) String bootActivity,
        @JsonProperty("required_permissions") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<String> requiredPermissions,
        @JsonProperty("addons") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Addon> addons,
        @JsonProperty("extra_data") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, ApplicationVersionDetails.ExtraData> extraData,
        @JsonProperty("video_encoder") @JsonInclude(JsonInclude.Include.NON_EMPTY) String videoEncoder,
        @JsonProperty("watchdog") ApplicationVersionDetails.Watchdog watchdog,
        @JsonProperty("services") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<ApplicationVersionDetails.Service> services,
        @JsonProperty("features") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> features,
        @JsonProperty("hooks") ApplicationVersionDetails.Hooks hooks,
        @JsonProperty("bootstrap") ApplicationVersionDetails.Bootstrap bootstrap,
        @JsonProperty("parent_image_deleted") boolean parentImageDeleted,
        @JsonProperty("parent_image_name") String parentImageName,
        @JsonProperty("blockers") List<Blocker> blockers,
        @JsonProperty("publish_blockers") List<Blocker> publishBlockers) {

    /** An addon a version uses. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Addon(@JsonProperty("name") String name) {
    }
}
