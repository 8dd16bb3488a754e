package io.amsfleet.server.auth;

import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;

/** Reading a role the server is given (a request's body, a stored row) into the shared {@link Role}. */
public final class Roles {
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
