package io.amsfleet.server.retention;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.server.image.DeletionFacts;
import io.amsfleet.server.image.DeletionPlan;
import io.amsfleet.server.image.DeletionPolicy;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.VersionRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a policy does to one image (docs/retention.md, "How rules combine"). Every rule set is a
 * keep-rule — {@code keep_last} keeps the newest N, {@code older_than} keeps what is younger,
 * {@code unused_for} keeps what was used more recently — and a version goes only when none keeps
 * it (as in Harbor). What would go then meets the deletion rules ({@link DeletionPolicy}, never
 * forced), oldest first, as deletes one after the other would: whatever they refuse is kept and
 * reported as blocked with the refusal's code.
 *
 * <p>Pure: the preview, the apply's re-check and the scheduled run all decide with this.
 *
 * @param keepLast  null: not set
 * @param olderThan millis; null: not set
 * @param unusedFor millis; null: not set
 */
record RetentionRules(Integer keepLast, Long olderThan, Long unusedFor) {
    static final String EXPIRED = "expired";

    /** One version's fate: removed ({@link #EXPIRED}), kept by a rule, or blocked by a deletion rule. */
    record Entry(VersionRecord version, String reason, String message, boolean blocked) {
    }

    /** An image's verdict. {@code remove} is in the order the deletes run. */
    record Verdict(ImageRecord image, List<Entry> remove, List<Entry> kept, List<Entry> blocked) {
        List<Integer> removedVersions() {
            return remove.stream().map(e -> e.version().version()).toList();
        }
    }

    /**
     * @param pins      the applications pinning each version
     * @param ruleNow   the moment the durations count back from (a plan's re-check uses the plan's)
     * @param factsNow  the moment protection and busy holds are judged at (always now)
     */
    Verdict evaluate(ImageRecord image, List<VersionRecord> versions, Map<Integer, List<AppRef>> pins, long ruleNow,
                     long factsNow) {
        List<VersionRecord> ordered = versions.stream().sorted(Comparator.comparingInt(VersionRecord::version)).toList();
        List<Entry> kept = new ArrayList<>();
        List<VersionRecord> candidates = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            VersionRecord v = ordered.get(i);
            int newerCount = ordered.size() - 1 - i;
            Entry keep = keptByRule(v, newerCount, ruleNow);
            if (keep != null) {
                kept.add(keep);
            } else {
                candidates.add(v);
            }
        }
        List<VersionRecord> remaining = new ArrayList<>(ordered);
        List<Entry> remove = new ArrayList<>();
        List<Entry> blocked = new ArrayList<>();
        for (VersionRecord v : candidates) {
            DeletionPlan plan = DeletionPolicy.plan(new DeletionFacts(image, List.copyOf(remaining), v.version(), 0,
                    pins.getOrDefault(v.version(), List.of()), factsNow), false);
            if (plan.allowed()) {
                remove.add(new Entry(v, EXPIRED, "no rule keeps it (" + why() + ")", false));
                remaining.remove(v);
            } else {
                DeletionPlan.Blocker b = plan.refusal();
                blocked.add(new Entry(v, b.code().code(), b.message(), true));
            }
        }
        return new Verdict(image, remove, kept, blocked);
    }

    private Entry keptByRule(VersionRecord v, int newerCount, long now) {
        if (keepLast != null && newerCount < keepLast) {
            return new Entry(v, "keep_last", keepLast == 1 ? "the newest version"
                    : "one of the newest " + keepLast + " versions", false);
        }
        if (olderThan != null && v.createdAt() * 1000 > now - olderThan) {
            return new Entry(v, "older_than", "created less than " + RetentionDurations.format(olderThan) + " ago",
                    false);
        }
        if (unusedFor != null && lastUse(v) > now - unusedFor) {
            return new Entry(v, "unused_for", (v.lastUsedAt() == null ? "never used, but created less than "
                    : "used by an application less than ") + RetentionDurations.format(unusedFor) + " ago", false);
        }
        return null;
    }

    /** A version never used counts as unused since it was created. */
    private static long lastUse(VersionRecord v) {
        return v.lastUsedAt() != null ? v.lastUsedAt() : v.createdAt() * 1000;
    }

    private String why() {
        List<String> parts = new ArrayList<>();
        if (keepLast != null) {
            parts.add("not among the newest " + keepLast);
        }
        if (olderThan != null) {
            parts.add("created " + RetentionDurations.format(olderThan) + " ago or more");
        }
        if (unusedFor != null) {
            parts.add("unused for " + RetentionDurations.format(unusedFor) + " or more");
        }
        return String.join(", ", parts);
    }
}
