package io.amsfleet.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The AMS/LXD response envelope: {@code sync}, {@code async} or {@code error}.
 *
 * <p>Which fields appear depends on the type, as in AMS: a sync response carries
 * {@code status}, {@code status_code}, {@code operation}, {@code error_code}, {@code error};
 * an async one {@code status}, {@code status_code}, {@code operation}; an error one
 * {@code error}, {@code error_code}. {@code metadata} is always present.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Response<T>(
        @JsonProperty("type") String type,
        @JsonProperty("status") String status,
        @JsonProperty("status_code") Integer statusCode,
        @JsonProperty("operation") String operation,
        @JsonProperty("error_code") Integer errorCode,
        @JsonProperty("error") String error,
        @JsonProperty("total_size") Long totalSize,
        @JsonProperty("metadata") @JsonInclude(JsonInclude.Include.ALWAYS) T metadata) {

    public static <T> Response<T> sync(T metadata) {
        return new Response<>("sync", "Success", 200, "", 0, "", null, metadata);
    }

    /** A sync collection response with the catalogue's {@code total_size}. */
    public static <T> Response<T> collection(T metadata, long totalSize) {
        return new Response<>("sync", "Success", 200, "", 0, "", totalSize, metadata);
    }

    public static Response<Operation> async(Operation operation) {
        return new Response<>("async", "Operation created", 100, "/1.0/operations/" + operation.id(), null, null,
                null, operation);
    }

    public static <T> Response<T> error(int httpStatus, String message, T metadata) {
        return new Response<>("error", null, null, null, httpStatus, message, null, metadata);
    }

    public boolean isError() {
        return "error".equals(type);
    }
}
