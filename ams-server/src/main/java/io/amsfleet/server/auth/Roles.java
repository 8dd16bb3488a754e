package io.amsfleet.server.auth;

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
}
