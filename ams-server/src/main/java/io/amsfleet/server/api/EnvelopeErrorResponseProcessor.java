package io.amsfleet.server.api;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Response;
import io.amsfleet.server.web.SecurityHeaders;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every error the framework itself produces — unknown path (404), wrong method (405), unsupported
 * media type (415), body too large (413), unreadable JSON or parameters (400), and any unexpected
 * failure (500) — leaves in the AMS error envelope, never as Micronaut's own JSON or a stack trace.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class EnvelopeErrorResponseProcessor implements ErrorResponseProcessor<Response<Map<String, Object>>> {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeErrorResponseProcessor.class);

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Response<Map<String, Object>>> processResponse(ErrorContext context,
                                                                              MutableHttpResponse<?> response) {
        int status = response.getStatus().getCode();
        ReasonCode reason = ErrorEnvelopes.reasonFor(status);
        String message = describe(context, status);
        if (status >= 500) {
            context.getRootCause().ifPresent(t -> LOG.error("unexpected failure on {} {}",
                    context.getRequest().getMethod(), context.getRequest().getPath(), t));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("reason", reason.code());
        MutableHttpResponse<Response<Map<String, Object>>> r = (MutableHttpResponse<Response<Map<String, Object>>>) response;
        SecurityHeaders.addTo(context.getRequest(), r);
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return r;
        }
        return r.contentType(MediaType.APPLICATION_JSON_TYPE).body(Response.error(status, message, metadata));
    }

    private static String describe(ErrorContext context, int status) {
        String path = context.getRequest().getPath();
        return switch (status) {
            case 404 -> "not found: " + path;
            case 405 -> "method " + context.getRequest().getMethodName() + " not allowed on " + path;
            case 413 -> "request too large: headers are limited to 16 KiB, URLs to 4 KiB and JSON bodies to 1 MiB"
                    + " (image uploads to AMS_MAX_IMAGE_SIZE)";
            case 415 -> "unsupported content type" + context.getRequest().getContentType()
                    .map(t -> " " + t).orElse("") + " on " + path;
            case 500 -> "internal server error";
            default -> {
                if (status >= 500) {
                    yield "server error";
                }
                // Framework messages for 4xx (bad JSON, bad parameters) are safe and useful, but keep them
                // to one line without class names.
                String first = context.getErrors().stream().map(Error::getMessage).findFirst().orElse("bad request");
                yield first.length() > 300 ? first.substring(0, 300) : first;
            }
        };
    }
}
