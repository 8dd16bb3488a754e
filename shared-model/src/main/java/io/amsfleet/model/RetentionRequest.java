package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /1.0/retention/preview} ({@code policy}: a stored policy's id; or
 * {@code image}: whichever policy governs that image, on that image only; or the rules of an ad-hoc
 * policy given alone) and of {@code POST /1.0/retention/apply} ({@code plan_id}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionRequest(
        @JsonProperty("policy") String policy,
        @JsonProperty("scope") String scope,
        @JsonProperty("target") String target,
        @JsonProperty("keep_last") Integer keepLast,
        @JsonProperty("older_than") String olderThan,
        @JsonProperty("unused_for") String unusedFor,
        @JsonProperty("plan_id") String planId,
        @JsonProperty("image") String image) {
}
