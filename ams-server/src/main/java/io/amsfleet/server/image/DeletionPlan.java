package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport;
import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.model.ReasonCode;

import java.util.List;

/**
 * What a delete request would do: the versions it removes, the applications that keep their own
 * copy, and every rule that blocks it. Both the real delete and the dry run are built from this.
 */
public record DeletionPlan(
        ImageRecord image,
        Integer version,
        boolean force,
        List<VersionRecord> removes,
        List<AppRef> keptByApplications,
        List<Blocker> blockers) {

    /** One rule of SPEC §3 that applies to the request. */
    public record Blocker(ReasonCode code, String message, List<AppRef> applications) {
        public boolean liftedBy(boolean force) {
            return force && code.forceOverrides();
        }

        /** As an image's or version's view carries it. */
        public io.amsfleet.model.Blocker view() {
            return new io.amsfleet.model.Blocker(code.code(), message, code.forceOverrides(), applications);
        }
    }

    /** True when the request may go ahead with the {@code force} it was given. */
    public boolean allowed() {
        return blockers.stream().allMatch(b -> b.liftedBy(force));
    }

    /** True when refused now, but {@code force} would lift every blocker. */
    public boolean forceWouldHelp() {
        return !allowed() && !force && blockers.stream().allMatch(b -> b.code().forceOverrides());
    }

    /** The first blocker that still applies: the one a refusal reports. */
    public Blocker refusal() {
        return blockers.stream().filter(b -> !b.liftedBy(force)).findFirst()
                .orElseThrow(() -> new IllegalStateException("plan is allowed"));
    }

    public DeletionReport report() {
        return new DeletionReport(true, allowed(), force, forceWouldHelp(),
                new DeletionReport.ImageRef(image.id(), image.name(), image.type()), version,
                removes.stream().map(ImageViews::version).toList(),
                blockers.stream().map(b -> new DeletionReport.Blocker(b.code().code(), b.message(),
                        b.code().forceOverrides(), b.applications().isEmpty() ? null : b.applications())).toList(),
                keptByApplications);
    }
}
