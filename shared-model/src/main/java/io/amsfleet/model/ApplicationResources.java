package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an application's instances need, overriding its instance type: AMS's
 * {@code ApplicationResources} (and, with every field optional, its {@code ApplicationResourcesPost}).
 * The field names mix dashes and underscores as AMS's do.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationResources(
        @JsonProperty("cpus") Integer cpus,
        @JsonProperty("memory") String memory,
        @JsonProperty("disk-size") String diskSize,
        @JsonProperty("gpu-slots") Integer gpuSlots,
        @JsonProperty("gpu-type") String gpuType,
        @JsonProperty("vpu-slots") Integer vpuSlots,
        @JsonProperty("no_disk_reserve") Boolean noDiskReserve) {

    public static final ApplicationResources NONE = new ApplicationResources(null, null, null, null, null, null, null);

    /** These resources with every field {@code other} sets replacing this one's. */
    public ApplicationResources with(ApplicationResources other) {
        if (other == null) {
            return this;
        }
        return new ApplicationResources(other.cpus != null ? other.cpus : cpus,
                other.memory != null ? other.memory : memory, other.diskSize != null ? other.diskSize : diskSize,
                other.gpuSlots != null ? other.gpuSlots : gpuSlots, other.gpuType != null ? other.gpuType : gpuType,
                other.vpuSlots != null ? other.vpuSlots : vpuSlots,
                other.noDiskReserve != null ? other.noDiskReserve : noDiskReserve);
    }
}
