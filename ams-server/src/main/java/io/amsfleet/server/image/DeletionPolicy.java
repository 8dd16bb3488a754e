package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Role;
import io.amsfleet.server.image.DeletionPlan.Blocker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The deletion rules of SPEC §3 and of delete protection (docs/trash.md), in one place. Given the facts read under lock, it lists every
 * rule that applies, most fundamental first (rules that {@code force} cannot lift come before those
 * it can, so that a refusal never sends the operator to {@code --force} in vain).
 *
 * <p>Pure: no I/O, so the real delete, the dry run and the tests all run the same code.
 */
public final class DeletionPolicy {
    /** The role a delete needs; a dry run needs only viewer, since it changes nothing. */
    public static final Role DELETE_ROLE = Role.ADMIN;

    private DeletionPolicy() {
    }

    /**
     * What a delete without force would meet now, as an image's view shows it to {@code caller}:
     * the role first, since a refusal for it comes before any rule of the catalogue is looked at.
     */
    public static List<Blocker> blockersFor(DeletionFacts facts, Role caller) {
        List<Blocker> blockers = new ArrayList<>();
        roleBlocker(caller, facts.version() != null).ifPresent(blockers::add);
        blockers.addAll(plan(facts, false).blockers());
        return blockers;
    }

    /**
     * The plan as {@code caller} would meet it: a dry run by someone who may not delete says so
     * first, so that a client asking before it deletes (amc, the dashboard) never offers a delete
     * the server will refuse. Force never lifts it.
     */
    public static DeletionPlan forCaller(DeletionPlan plan, Role caller) {
        return roleBlocker(caller, plan.version() != null).map(refused -> {
            List<Blocker> blockers = new ArrayList<>();
            blockers.add(refused);
            blockers.addAll(plan.blockers());
            return new DeletionPlan(plan.image(), plan.version(), plan.force(), plan.removes(),
                    plan.keptByApplications(), blockers);
        }).orElse(plan);
    }

    private static Optional<Blocker> roleBlocker(Role caller, boolean ofVersion) {
        if (caller.covers(DELETE_ROLE)) {
            return Optional.empty();
        }
        return Optional.of(new Blocker(ReasonCode.FORBIDDEN, "deleting " + (ofVersion ? "image versions"
                : "images") + " needs an " + DELETE_ROLE.label() + " token; this is a " + caller.label() + " token",
                List.of()));
    }

    public static DeletionPlan plan(DeletionFacts facts, boolean force) {
        return facts.version() == null ? planImage(facts, force) : planVersion(facts, force);
    }

    private static DeletionPlan planImage(DeletionFacts f, boolean force) {
        ImageRecord image = f.image();
        List<Blocker> blockers = new ArrayList<>();
        protection(f, null).ifPresent(blockers::add);
        if (image.busy(f.nowMillis())) {
            blockers.add(UploadPolicy.busy(image));
        }
        if (image.isDefault() && f.imagesOfType() > 1) {
            blockers.add(new Blocker(ReasonCode.IMAGE_IS_DEFAULT, "image " + image.name() + " is the default "
                    + image.type() + " image; set a new default first", List.of()));
        }
        if (image.immutable()) {
            blockers.add(new Blocker(ReasonCode.IMAGE_IMMUTABLE, "image " + image.name()
                    + " is immutable (synced from the image server); use force to delete it", List.of()));
        }
        if (!f.applications().isEmpty()) {
            blockers.add(new Blocker(ReasonCode.IMAGE_IN_USE, "image " + image.name() + " is used by applications "
                    + names(f.applications()) + "; delete them first or use force (they keep their copy)",
                    f.applications()));
        }
        return new DeletionPlan(image, null, force, f.versions(), f.applications(), blockers);
    }

    private static DeletionPlan planVersion(DeletionFacts f, boolean force) {
        ImageRecord image = f.image();
        int number = f.version();
        VersionRecord target = f.versions().stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("facts without the target version"));
        List<Blocker> blockers = new ArrayList<>();
        protection(f, number).ifPresent(blockers::add);
        if (image.busy(f.nowMillis())) {
            blockers.add(UploadPolicy.busy(image));
        }
        if (image.immutable()) {
            blockers.add(new Blocker(ReasonCode.VERSION_IMMUTABLE, "version " + number + " of " + image.name()
                    + " cannot be deleted: the image is immutable; force-delete the whole image instead", List.of()));
        }
        if (f.versions().size() <= 1) {
            blockers.add(new Blocker(ReasonCode.LAST_VERSION, "version " + number + " is the last version of "
                    + image.name() + "; a single version must remain (delete the image instead)", List.of()));
        }
        if (!f.applications().isEmpty()) {
            blockers.add(new Blocker(ReasonCode.VERSION_IN_USE, "version " + number + " of " + image.name()
                    + " is used by applications " + names(f.applications())
                    + "; delete them first or use force (they keep their copy)", f.applications()));
        }
        return new DeletionPlan(image, number, force, List.of(target), f.applications(), blockers);
    }

    /**
     * A protected image and its versions stay, whatever else holds and with force too: protection
     * is there for the delete someone is sure of (docs/trash.md). First of all the rules, since
     * nothing else matters while it holds.
     */
    private static Optional<Blocker> protection(DeletionFacts f, Integer version) {
        ImageRecord image = f.image();
        if (!image.protectedAt(f.nowMillis())) {
            return Optional.empty();
        }
        Long pending = image.pendingUnprotection(f.nowMillis());
        String what = version == null ? "image " + image.name() : "version " + version + " of " + image.name();
        return Optional.of(new Blocker(ReasonCode.IMAGE_PROTECTED, what + " cannot be deleted: the image is"
                + " protected" + (pending == null ? "; unprotect it first (PATCH {\"protected\": false}), which takes"
                + " effect after the protection cooldown" : " until its unprotection takes effect at "
                + java.time.Instant.ofEpochMilli(pending)), List.of()));
    }

    private static String names(List<AppRef> apps) {
        return apps.stream().map(AppRef::name).collect(Collectors.joining(", "));
    }
}
