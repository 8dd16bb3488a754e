package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A retention policy (docs/retention.md), as {@code PUT /1.0/retention/policies/{id}} takes it and
 * {@code GET} answers it. Every rule set is a keep-rule: a version goes only when no rule keeps it.
 *
 * @param scope     {@code global}, {@code type} or {@code image}
 * @param target    the type ({@code container}, {@code vm}) of a type policy, the image (id or name;
 *                  answered as its id) of an image policy; absent for a global one
 * @param keepLast  keeps the newest N versions of each image
 * @param olderThan keeps versions created less than this long ago ({@code 30d}, {@code 12h}, …)
 * @param unusedFor keeps versions used by an application less than this long ago
 * @param schedule  how often the policy runs on its own ({@code 24h}); absent: on demand only
 * @param revision  answered: bumped by every PUT, so a plan made before it no longer holds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionPolicy(
        @JsonProperty("id") String id,
        @JsonProperty("scope") String scope,
        @JsonProperty("target") String target,
        @JsonProperty("keep_last") Integer keepLast,
        @JsonProperty("older_than") String olderThan,
        @JsonProperty("unused_for") String unusedFor,
        @JsonProperty("schedule") String schedule,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("revision") Long revision,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("last_run_at") String lastRunAt) {
}
