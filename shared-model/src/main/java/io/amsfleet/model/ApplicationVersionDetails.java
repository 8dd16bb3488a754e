package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * What one application version's manifest said, in AMS's {@code ApplicationVersion} field names:
 * the fields that make a new version when they change (docs/applications.md).
 *
 * @param addons the addons' names; this server has no addon catalogue, so no addon versions
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApplicationVersionDetails(
        @JsonProperty("boot_activity") String bootActivity,
        @JsonProperty("required_permissions") List<String> requiredPermissions,
        @JsonProperty("addons") List<String> addons,
        @JsonProperty("extra_data") Map<String, ExtraData> extraData,
        @JsonProperty("video_encoder") String videoEncoder,
        @JsonProperty("watchdog") Watchdog watchdog,
        @JsonProperty("services") List<Service> services,
        @JsonProperty("features") List<String> features,
        @JsonProperty("hooks") Hooks hooks,
        @JsonProperty("bootstrap") Bootstrap bootstrap) {

    public static final ApplicationVersionDetails NONE = new ApplicationVersionDetails(null, null, null, null, null,
            null, null, null, null, null);

    /** Where extra data goes on the instance. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExtraData(@JsonProperty("target") String target, @JsonProperty("owner") String owner,
                            @JsonProperty("permissions") String permissions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Watchdog(@JsonProperty("disabled") Boolean disabled,
                           @JsonProperty("allowed-packages") List<String> allowedPackages) {
    }

    /** A network service the instance exposes (AMS's {@code NetworkServiceSpec}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Service(@JsonProperty("name") String name, @JsonProperty("port") Integer port,
                          @JsonProperty("port_end") Integer portEnd, @JsonProperty("protocols") List<String> protocols,
                          @JsonProperty("expose") Boolean expose) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hooks(@JsonProperty("timeout") String timeout) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Bootstrap(@JsonProperty("keep") List<String> keep) {
    }
}
