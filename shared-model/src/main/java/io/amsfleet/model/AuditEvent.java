package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One mutating request, as the audit trail keeps it: who, from where, what, on which target, and
 * how it ended.
 *
 * @param time    when the request came, in Unix seconds (as every {@code created_at})
 * @param outcome {@code success}, {@code refused} (4xx) or {@code failed} (5xx)
 * @param repeats how many requests the record stands for: 1, or more for refusals aggregated
 *                past the caller's budget (docs/security.md), the first of them described
 * @param lastTime when the last of an aggregated record's requests came, in Unix seconds; null for a single one
 * @param requestId the request's id, which the server's log lines about it carry too
 *                  ({@code mdc.request_id} with {@code AMS_LOG_FORMAT=json}, docs/operations.md)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        @JsonProperty("id") long id,
        @JsonProperty("time") long time,
        @JsonProperty("actor") String actor,
        @JsonProperty("client_address") String clientAddress,
        @JsonProperty("action") String action,
        @JsonProperty("image_id") String imageId,
        @JsonProperty("image_name") String imageName,
        @JsonProperty("version") Integer version,
        @JsonProperty("target") String target,
        @JsonProperty("force") boolean force,
        @JsonProperty("dry_run") boolean dryRun,
        @JsonProperty("status") int status,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("reason") String reason,
        @JsonProperty("operation") String operation,
        @JsonProperty("repeats") int repeats,
        @JsonProperty("last_time") Long lastTime,
        @JsonProperty("request_id") String requestId) {
}
