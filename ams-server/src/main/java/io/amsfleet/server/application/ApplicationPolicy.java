package io.amsfleet.server.application;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.image.DeletionPlan.Blocker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every rule for deleting an application or one of its versions (docs/applications.md), in one
 * place, pure: the real delete, a batch, and the blockers every view shows run the same code.
 * Rules force cannot lift come first, so a refusal never sends the operator to force in vain.
 */
final class ApplicationPolicy {
    /** The role deleting, publishing and changing applications needs. */
    static final Role ROLE = Role.OPERATOR;

    private ApplicationPolicy() {
    }

    /** What deleting the whole application would meet now, without force. */
    static List<Blocker> applicationBlockers(ApplicationRow app, Role caller) {
        List<Blocker> out = new ArrayList<>(roleBlocker(caller, "applications"));
        out.addAll(application(app));
        return out;
    }

    /** What deleting version {@code number} would meet now, without force. */
    static List<Blocker> versionBlockers(ApplicationRow app, List<ApplicationVersionRow> versions, int number,
                                         Role caller) {
        List<Blocker> out = new ArrayList<>(roleBlocker(caller, "application versions"));
        out.addAll(version(app, versions, number));
        return out;
    }

    private static List<Blocker> application(ApplicationRow app) {
        List<Blocker> out = new ArrayList<>();
        if (app.immutable()) {
            out.add(new Blocker(ReasonCode.APPLICATION_IMMUTABLE, "application " + app.name()
                    + " is immutable (it came from a registry); use force to delete it", List.of()));
        }
        return out;
    }

    private static List<Blocker> version(ApplicationRow app, List<ApplicationVersionRow> versions, int number) {
        List<Blocker> out = new ArrayList<>();
        ApplicationVersionRow target = versions.stream().filter(v -> v.key().number() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no version " + number));
        if (versions.size() <= 1) {
            out.add(new Blocker(ReasonCode.LAST_VERSION, "version " + number + " is the last version of "
                    + app.name() + "; delete the application instead", List.of()));
        }
        if (app.immutable()) {
            out.add(new Blocker(ReasonCode.APPLICATION_IMMUTABLE, "application " + app.name()
                    + " is immutable (it came from a registry); use force to delete its versions", List.of()));
        }
        if (target.published()) {
            out.add(new Blocker(ReasonCode.VERSION_PUBLISHED, "version " + number + " of " + app.name()
                    + " is published; revoke it first or use force", List.of()));
        }
        return out;
    }

    /** Refuses the delete of the application unless force lifts every rule that applies. */
    static void requireDeletable(ApplicationRow app, boolean force) {
        refuseUnlifted(application(app), force, app);
    }

    static void requireVersionDeletable(ApplicationRow app, List<ApplicationVersionRow> versions, int number,
                                        boolean force) {
        refuseUnlifted(version(app, versions, number), force, app);
    }

    /**
     * The refusal names the first rule force does not lift and carries, as an image delete's
     * does, every blocker's code and whether force would have been enough, so that a client can
     * say so without knowing the rules.
     */
    private static void refuseUnlifted(List<Blocker> blockers, boolean force, ApplicationRow app) {
        for (Blocker b : blockers) {
            if (!b.liftedBy(force)) {
                Map<String, Object> details = new java.util.LinkedHashMap<>();
                details.put("application", app.xid());
                details.put("name", app.name());
                details.put("blockers", blockers.stream().map(x -> x.code().code()).toList());
                details.put("force_would_help", !force && blockers.stream().allMatch(x -> x.code().forceOverrides()));
                throw new ApiException(b.code(), b.message(), details);
            }
        }
    }

    /**
     * What publishing or revoking a version would meet now: the role only (the endpoint's
     * {@code @Secured} enforces it), shown so that clients need not know the rule.
     */
    static List<Blocker> publishBlockers(Role caller) {
        return roleBlocker(caller, "publishing or revoking", "application versions");
    }

    private static List<Blocker> roleBlocker(Role caller, String what) {
        return roleBlocker(caller, "deleting", what);
    }

    private static List<Blocker> roleBlocker(Role caller, String doing, String what) {
        if (caller.covers(ROLE)) {
            return List.of();
        }
        return List.of(new Blocker(ReasonCode.FORBIDDEN, doing + " " + what + " needs an " + ROLE.label()
                + " token; this is a " + caller.label() + " token", List.of()));
    }
}
