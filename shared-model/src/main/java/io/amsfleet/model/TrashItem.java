package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * An entry of the recycle bin (docs/trash.md): a deleted image or image version that a restore
 * can bring back until {@code purge_at}.
 *
 * @param kind        {@code image} (the whole image, {@code versions} lists its versions) or
 *                    {@code version} (one version: {@code version}, {@code fingerprint})
 * @param size        the bytes the entry holds: its versions' sizes added up
 * @param deletedAt   RFC 3339
 * @param forced      whether the delete was forced (applications' pins come back with a restore)
 * @param purgeAt     RFC 3339: when the entry and, unless referenced elsewhere, its content go
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrashItem(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("image_id") String imageId,
        @JsonProperty("name") String name,
        @JsonProperty("type") String type,
        @JsonProperty("version") Integer version,
        @JsonProperty("versions") List<Integer> versions,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("size") long size,
        @JsonProperty("deleted_at") String deletedAt,
        @JsonProperty("deleted_by") String deletedBy,
        @JsonProperty("forced") boolean forced,
        @JsonProperty("purge_at") String purgeAt) {
}
