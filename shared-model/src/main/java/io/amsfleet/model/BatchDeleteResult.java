package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * What a batch delete did, item by item, as ECR's batch delete reports it. Both lists are always
 * present, empty or not, so that scripts need not test for them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BatchDeleteResult(
        @JsonProperty("dry_run") boolean dryRun,
        @JsonProperty("deleted") List<Deleted> deleted,
        @JsonProperty("failures") List<Failure> failures) {

    /** An item that was (or, in a dry run, would be) deleted; {@code trash_id}: its recycle bin entry, to restore it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deleted(
            @JsonProperty("image") String image,
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("version") Integer version,
            @JsonProperty("operation") String operation,
            @JsonProperty("trash_id") String trashId) {
    }

    /** An item that was refused, with the SPEC §3 reason code and its details. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(
            @JsonProperty("image") String image,
            @JsonProperty("version") Integer version,
            @JsonProperty("code") String code,
            @JsonProperty("reason") String reason,
            @JsonProperty("details") Map<String, Object> details) {
    }
}
