package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;

import java.util.Map;
import java.util.Optional;

/**
 * Who made a request: a named token (or a trusted certificate) with a role — read from the
 * Authentication that micronaut-security's filter found for the request ({@link CredentialsFetcher}).
 */
public record Identity(String name, Role role) {
    static final String ROLE = "ams.role";

    public static Optional<Identity> of(HttpRequest<?> request) {
        return request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class)
                .filter(a -> a.getAttributes().get(ROLE) instanceof Role)
                .map(a -> new Identity(a.getName(), (Role) a.getAttributes().get(ROLE)));
    }

    /** As micronaut-security carries it: the name, every role this one includes, and the role itself. */
    Authentication authentication() {
        return Authentication.build(name, role.coveredLabels(), Map.of(ROLE, role));
    }
}
