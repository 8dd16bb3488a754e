package io.amsfleet.model;

import java.util.Arrays;
import java.util.List;

/**
 * What a token or a trusted certificate may do; each role includes the ones below it. Shared so
 * that the server's checks, the entitlements it reports and {@code amc --role} name the same three.
 */
public enum Role implements WireWord {
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

    public boolean covers(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** This role and every role it includes. */
    public List<String> coveredLabels() {
        return Arrays.stream(values()).filter(this::covers).map(Role::label).toList();
    }

    /** The AMS entitlements this role grants on images. */
    public List<String> entitlements() {
        return entitlements;
    }

    /** Lowercase, so that command-line help lists the words the wire uses. */
    @Override
    public String toString() {
        return label();
    }

    /** The role with this wire form, or null. */
    public static Role fromLabel(String label) {
        return WireWord.fromLabel(Role.class, label);
    }
}
