package io.amsfleet.server.auth;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/** Who made a request: a named token (or a trusted certificate) with a role. */
public record Identity(String name, Role role) {
    static final String ATTRIBUTE = "ams.identity";

    public static Optional<Identity> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Identity.class);
    }
}
