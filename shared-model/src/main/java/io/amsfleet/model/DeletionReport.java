package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Beyond AMS: the answer to a delete with {@code dry_run=true}: what the same request would
 * remove and everything that blocks it. Nothing is changed.
 *
 * @param allowed       true when the request, with the {@code force} it was given, would succeed
 * @param forceWouldHelp true when it is refused now but every blocker is one that {@code force} lifts
 * @param keptByApplications applications that keep their own copy of content leaving the catalogue
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeletionReport(
        @JsonProperty("dry_run") boolean dryRun,
        @JsonProperty("allowed") boolean allowed,
        @JsonProperty("force") boolean force,
        @JsonProperty("force_would_help") boolean forceWouldHelp,
        @JsonProperty("image") ImageRef image,
        @JsonProperty("version") Integer version,
        @JsonProperty("removes") List<ImageVersion> removes,
        @JsonProperty("blockers") List<Blocker> blockers,
        @JsonProperty("kept_by_applications") List<AppRef> keptByApplications) {

    /** The image a deletion is about. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageRef(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("type") String type) {
    }

    /** An application, named for a person. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AppRef(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }

    /** One rule that refuses the deletion. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Blocker(
            @JsonProperty("code") String code,
            @JsonProperty("reason") String reason,
            @JsonProperty("force_overrides") boolean forceOverrides,
            @JsonProperty("applications") List<AppRef> applications) {
    }
}
