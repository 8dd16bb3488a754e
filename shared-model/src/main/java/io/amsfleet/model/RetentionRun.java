package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A retention run's report (docs/retention.md). Counts are complete; the lists are capped at
 * AMS_RETENTION_REPORT_ITEMS each.
 *
 * @param trigger   {@code plan} (an applied preview), {@code schedule} (the policy's schedule,
 *                  without a plan: {@code plan_id} is absent)
 * @param outcome   {@code success}; {@code partial} when a later batch met a change the plan did not
 *                  know, {@code failed} when a fault stopped it (what it removed stays removed, in the
 *                  recycle bin)
 * @param bytesFreed the sizes of the removed versions, freed when the recycle bin purges them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionRun(
        @JsonProperty("id") String id,
        @JsonProperty("policy") String policy,
        @JsonProperty("plan_id") String planId,
        @JsonProperty("trigger") String trigger,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("removed_count") int removedCount,
        @JsonProperty("kept_count") int keptCount,
        @JsonProperty("blocked_count") int blockedCount,
        @JsonProperty("bytes_freed") long bytesFreed,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("message") String message,
        @JsonProperty("operation") String operation,
        @JsonProperty("actor") String actor,
        @JsonProperty("removed") List<RetentionItem> removed,
        @JsonProperty("kept") List<RetentionItem> kept,
        @JsonProperty("blocked") List<RetentionItem> blocked) {
}
