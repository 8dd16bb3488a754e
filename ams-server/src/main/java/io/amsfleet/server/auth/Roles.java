package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;

/**
 * The roles as constants, for {@code @Secured} on the endpoints (annotation values must be
 * constants); {@link Role} is the same three with their order and entitlements.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }

    /** The role a request or a stored row names; anything else is the caller's mistake, a 400. */
    public static Role parse(String text) {
        Role role = Role.fromLabel(text);
        if (role == null) {
            throw ApiException.badRequest("role must be viewer, operator or admin, not \"" + (text == null ? "" : text)
                    + "\"");
        }
        return role;
    }
}
