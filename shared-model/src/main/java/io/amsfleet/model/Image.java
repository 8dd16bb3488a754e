package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * An image in the catalogue: the AMS {@code Image} definition.
 *
 * @param entitlements filled only when the caller asks with {@code entitlements=1}
 * @param blockers     beyond AMS: what deleting the whole image would meet now, for this caller
 *                     (empty when it would go; absent from the non-recursive listing)
 * @param isProtected  beyond AMS: whether the image and its versions are protected from deletion now
 * @param unprotectAt  beyond AMS: when a pending unprotection takes effect (RFC 3339), else absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Image(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("type") String type,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("variant") String variant,
        @JsonProperty("default") boolean isDefault,
        @JsonProperty("immutable") boolean immutable,
        @JsonProperty("status") String status,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("versions") List<ImageVersion> versions,
        @JsonProperty("used_by") List<String> usedBy,
        @JsonProperty("entitlements") List<String> entitlements,
        @JsonProperty("blockers") List<Blocker> blockers,
        @JsonProperty("protected") Boolean isProtected,
        @JsonProperty("unprotect_at") String unprotectAt) {
}
