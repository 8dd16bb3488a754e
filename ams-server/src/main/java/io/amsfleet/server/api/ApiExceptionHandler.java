package io.amsfleet.server.api;

import io.amsfleet.model.Response;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
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
        MutableHttpResponse<Response<Map<String, Object>>> response = ErrorEnvelopes.of(exception);
        if (ClientConnection.streamsBody(request)) {
            // An upload may be refused before its body is read (unknown or immutable image, a taken
            // name). Closing says the rest will not be read: a browser, which reads no answer until it
            // has sent the whole body, would otherwise wait forever on the full socket and never show
            // the refusal; and no unread body is left on the connection to be taken for a request. The
            // close lingers, so that a client still sending is not reset before it reads the refusal.
            ClientConnection.closeAfterAnswer(request, response);
        }
        return response;
    }
}
