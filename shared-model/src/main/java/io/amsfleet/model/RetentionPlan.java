package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A preview's answer (docs/retention.md): exactly what applying {@code plan_id} before
 * {@code expires_at} removes ({@code remove}, complete), and what stays ({@code keep}, blocked
 * versions first, capped; {@code keep_count} and {@code blocked_count} count them all).
 *
 * @param truncated true when more would go than one plan holds (AMS_RETENTION_PLAN_LIMIT): the plan
 *                  holds the first images' removals; a preview after applying it shows the rest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionPlan(
        @JsonProperty("plan_id") String planId,
        @JsonProperty("policy") RetentionPolicy policy,
        @JsonProperty("evaluated_at") String evaluatedAt,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("remove") List<RetentionItem> remove,
        @JsonProperty("keep") List<RetentionItem> keep,
        @JsonProperty("remove_count") int removeCount,
        @JsonProperty("keep_count") int keepCount,
        @JsonProperty("blocked_count") int blockedCount,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("truncated") boolean truncated) {
}
