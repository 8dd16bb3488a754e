package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * An application: AMS's {@code Application}. {@code status_code} is an application status (2,
 * ready); the versions carry image status codes.
 *
 * @param addons   the addons of its newest version
 * @param blockers beyond AMS: what deleting the application without force would meet now
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Application(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("status") String status,
        @JsonProperty("instance_type") String instanceType,
        @JsonProperty("boot_package") String bootPackage,
        @JsonProperty("parent_image_id") String parentImageId,
        @JsonProperty("published") boolean published,
        @JsonProperty("versions") List<ApplicationVersion> versions,
        @JsonProperty("addons") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> addons,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("immutable") boolean immutable,
        @JsonProperty("tags") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags,
        @JsonProperty("resources") ApplicationResources resources,
        @JsonProperty("abi") @JsonInclude(JsonInclude.Include.NON_EMPTY) String abi,
        @JsonProperty("inhibit_auto_updates") boolean inhibitAutoUpdates,
        @JsonProperty("node_selector") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> nodeSelector,
        @JsonProperty("vm") boolean vm,
        @JsonProperty("parent_image_variant") String parentImageVariant,
        @JsonProperty("blockers") List<Blocker> blockers) {
}
