package io.amsfleet.server.auth;

import io.amsfleet.server.api.ApiException;

import java.util.List;
import java.util.Locale;

/** What a token may do; each role includes the ones below it. */
public enum Role {
    /** Reads everything, and may ask for dry runs. */
    VIEWER(List.of("can_view")),
    /** Adds, updates and syncs images; creates and deletes applications. */
    OPERATOR(List.of("can_view", "can_edit")),
    /** Everything, including deleting images and versions, switching the default, managing tokens. */
    ADMIN(List.of("can_view", "can_edit", "can_delete"));

    private final List<String> entitlements;

    Role(List<String> entitlements) {
        this.entitlements = entitlements;
    }

    /** This role and every role it includes, as micronaut-security's Authentication carries them. */
    public java.util.List<String> coveredLabels() {
        return java.util.Arrays.stream(values()).filter(this::covers).map(Role::label).toList();
    }

    public boolean covers(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** The AMS entitlements this role grants on images. */
    public List<String> entitlements() {
        return entitlements;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.label().equals(text)) {
                    return r;
                }
            }
        }
        throw ApiException.badRequest("role must be viewer, operator or admin, not \"" + (text == null ? "" : text) + "\"");
    }
}
