package io.amsfleet.server.api;

import io.amsfleet.model.Operation;
import io.amsfleet.model.Response;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;

/** The AMS envelopes as HTTP responses. */
public final class Responses {
    private Responses() {
    }

    /** 202 with {@code Location} pointing at the operation, as AMS answers background work. */
    public static HttpResponse<Response<Operation>> async(Operation op) {
        return HttpResponse.<Response<Operation>>status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.LOCATION, "/1.0/operations/" + op.id())
                .body(Response.async(op));
    }
}
