package io.amsfleet.server.api;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Response;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.util.Map;

/** Builds the AMS error envelope for every refusal, so that all errors look alike. */
public final class ErrorEnvelopes {
    private ErrorEnvelopes() {
    }

    public static MutableHttpResponse<Response<Map<String, Object>>> of(ApiException e) {
        MutableHttpResponse<Response<Map<String, Object>>> r = HttpResponse.<Response<Map<String, Object>>>status(
                        HttpStatus.valueOf(e.httpStatus()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Response.error(e.httpStatus(), e.getMessage(), e.metadata()));
        Object retryAfter = e.metadata().get("retry_after");
        if (retryAfter != null) {
            r.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return r;
    }

    /** Maps an HTTP status raised by the framework (unknown path, wrong method…) to a reason. */
    public static ReasonCode reasonFor(int status) {
        return switch (status) {
            case 400 -> ReasonCode.BAD_REQUEST;
            case 401 -> ReasonCode.UNAUTHORIZED;
            case 403 -> ReasonCode.FORBIDDEN;
            case 404 -> ReasonCode.NOT_FOUND;
            case 405 -> ReasonCode.METHOD_NOT_ALLOWED;
            case 406 -> ReasonCode.NOT_ACCEPTABLE;
            case 412 -> ReasonCode.PRECONDITION_FAILED;
            case 413 -> ReasonCode.PAYLOAD_TOO_LARGE;
            case 415 -> ReasonCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ReasonCode.TOO_MANY_REQUESTS;
            case 503 -> ReasonCode.UNAVAILABLE;
            default -> status >= 500 ? ReasonCode.INTERNAL : ReasonCode.BAD_REQUEST;
        };
    }
}
