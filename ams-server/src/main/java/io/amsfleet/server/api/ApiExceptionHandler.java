package io.amsfleet.server.api;

import io.amsfleet.model.Response;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** Turns every {@link ApiException} into its error envelope. */
@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Response<Map<String, Object>>>> {
    @Override
    public HttpResponse<Response<Map<String, Object>>> handle(HttpRequest request, ApiException exception) {
        return ErrorEnvelopes.of(exception);
    }
}
