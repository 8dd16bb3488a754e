package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A background operation: the AMS {@code Operation} definition. Times are RFC 3339 strings. Every
 * field is always written, {@code err} as {@code ""} when there is none, as AMS does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Operation(
        @JsonProperty("id") String id,
        @JsonProperty("class") String operationClass,
        @JsonProperty("description") String description,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("status") String status,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("resources") Map<String, List<String>> resources,
        @JsonProperty("metadata") Map<String, Object> metadata,
        @JsonProperty("may_cancel") boolean mayCancel,
        @JsonProperty("err") String err) {

    /** Operation status codes, as LXD and AMS number them. */
    public static final int RUNNING = 103;
    public static final int SUCCESS = 200;
    public static final int FAILURE = 400;

    public boolean isFinal() {
        return statusCode >= 200;
    }
}
