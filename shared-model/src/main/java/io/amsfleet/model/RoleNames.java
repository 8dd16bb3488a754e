package io.amsfleet.model;

/**
 * The roles' names as constants, for what needs a constant rather than an enum value — the
 * server's {@code @Secured} on each endpoint; {@link Role} is the same three with their order.
 */
public final class RoleNames {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private RoleNames() {
    }
}
