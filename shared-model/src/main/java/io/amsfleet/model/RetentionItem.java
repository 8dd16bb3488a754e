package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One image version in a retention plan or run report (docs/retention.md).
 *
 * @param image   the image's name
 * @param reason  why it goes ({@code expired}: no rule keeps it) or stays ({@code keep_last},
 *                {@code older_than}, {@code unused_for}: the first rule keeping it; or the deletion
 *                rule that blocks it — {@code last_version}, {@code version_in_use}, …)
 * @param blocked true when a rule wanted it gone but a deletion rule keeps it
 * @param trashId in a run's report: the recycle bin entry that restores it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionItem(
        @JsonProperty("image") String image,
        @JsonProperty("image_id") String imageId,
        @JsonProperty("version") int version,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("size") long size,
        @JsonProperty("reason") String reason,
        @JsonProperty("message") String message,
        @JsonProperty("blocked") Boolean blocked,
        @JsonProperty("trash_id") String trashId) {
}
