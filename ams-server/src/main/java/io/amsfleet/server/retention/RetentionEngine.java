package io.amsfleet.server.retention;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.RetentionItem;
import io.amsfleet.model.RetentionPlan;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.content.ContentCollector;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.DeletionFacts;
import io.amsfleet.server.image.DeletionPlan;
import io.amsfleet.server.image.DeletionPolicy;
import io.amsfleet.server.image.DeletionService;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.PinRepository;
import io.amsfleet.server.image.VersionRecord;
import io.amsfleet.server.image.Xid;
import io.amsfleet.server.operation.OperationStore;
import io.amsfleet.server.retention.RetentionRules.Entry;
import io.amsfleet.server.retention.RetentionRules.Verdict;
import io.amsfleet.server.retention.RetentionStore.PlanImage;
import io.amsfleet.server.retention.RetentionStore.PlanRow;
import io.amsfleet.server.retention.RetentionStore.PolicyRow;
import io.amsfleet.server.retention.RetentionStore.RunItem;
import io.amsfleet.server.retention.RetentionStore.RunRow;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs retention policies (docs/retention.md): previews that store their plan, applies that
 * remove exactly a plan's versions or refuse with 412 before removing anything, and scheduled
 * runs without a plan. Images are read and locked in bounded batches in key order, never the whole
 * table; each removal is the image package's own version delete (same rules, never forced, into
 * the recycle bin, audited); each run leaves a report.
 */
@Singleton
public class RetentionEngine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RetentionEngine.class);
    private static final int MAX_CHANGES = 20;
    static final String PLAN = "plan";
    static final String SCHEDULE = "schedule";

    private final Transactions tx;
    private final ImageCatalogue catalogue;
    private final DeletionService deletion;
    private final ContentCollector collector;
    private final OperationStore operations;
    private final AuditLog audit;
    private final RetentionStore store;
    private final RetentionSettings settings;

    RetentionEngine(Transactions tx, ImageCatalogue catalogue, DeletionService deletion, ContentCollector collector,
                    OperationStore operations, AuditLog audit, RetentionStore store, RetentionSettings settings) {
        this.tx = tx;
        this.catalogue = catalogue;
        this.deletion = deletion;
        this.collector = collector;
        this.operations = operations;
        this.audit = audit;
        this.store = store;
        this.settings = settings;
    }

    /**
     * What a policy is run as: a stored one (id and revision) or an ad-hoc one (no id).
     *
     * @param target '' for global, the type, or the image's id
     */
    record Subject(String policyId, Long policyRevision, String scope, String target, RetentionRules rules) {
        static Subject of(PolicyRow p) {
            return new Subject(p.id(), p.revision(), p.scope(), p.target(), p.rules());
        }
    }

    // ---- preview ----

    /** Evaluates the subject now and stores the plan: exactly what applying it will remove. */
    RetentionPlan preview(Subject s, String caller) {
        long now = System.currentTimeMillis();
        Governed governed = tx.read(this::governed);
        List<Verdict> planned = new ArrayList<>();
        int[] counts = new int[2];
        boolean[] truncated = {false};
        int[] removals = {0};
        List<PlanImage> planImages = new ArrayList<>();
        List<long[]> planVersions = new ArrayList<>();
        List<RetentionItem> keptSample = new ArrayList<>();
        List<RetentionItem> blockedSample = new ArrayList<>();
        scan(s, governed, (batch) -> {
            for (Scanned sc : batch) {
                Verdict v = s.rules().evaluate(sc.image(), sc.versions(), sc.pins(), now, now);
                counts[0] += v.kept().size();
                counts[1] += v.blocked().size();
                sample(blockedSample, sc.image(), v.blocked());
                sample(keptSample, sc.image(), v.kept());
                if (v.remove().isEmpty()) {
                    continue;
                }
                if (truncated[0] || removals[0] > 0 && removals[0] + v.remove().size() > settings.planLimit()) {
                    truncated[0] = true;
                    continue;
                }
                removals[0] += v.remove().size();
                planned.add(v);
                planImages.add(new PlanImage(sc.image().pk(), state(sc.image(), sc.versions(), sc.pins()),
                        maxVersion(sc.versions()), pinsDigest(sc.pins())));
                for (Entry e : v.remove()) {
                    planVersions.add(new long[]{sc.image().pk(), e.version().version()});
                }
            }
        });
        // Blocked first: what a rule wanted gone is what the operator asks about.
        List<RetentionItem> keepItems = new ArrayList<>(blockedSample);
        keepItems.addAll(keptSample.subList(0, Math.min(keptSample.size(), settings.reportItems() - keepItems.size())));
        String planId = Xid.next();
        long expiresAt = now + settings.planLifetime().toMillis();
        tx.write(() -> {
            long pk = store.insertPlan(planId, s.policyId(), s.policyRevision(), s.scope(), s.target(), s.rules(), now,
                    expiresAt, caller);
            store.insertPlanImages(pk, planImages);
            store.insertPlanVersions(pk, planVersions);
            return null;
        });
        List<RetentionItem> remove = new ArrayList<>();
        long bytes = 0;
        for (Verdict v : planned) {
            for (Entry e : v.remove()) {
                remove.add(item(v.image(), e, null));
                bytes += e.version().size();
            }
        }
        return new RetentionPlan(planId, RetentionService.view(s), Instant.ofEpochMilli(now).toString(),
                Instant.ofEpochMilli(expiresAt).toString(), remove, keepItems, remove.size(), counts[0], counts[1],
                bytes, truncated[0]);
    }

    // ---- apply ----

    /**
     * Applies a plan: refuses with 412 naming every change since the preview (up to
     * {@value #MAX_CHANGES}) before removing anything; otherwise removes exactly its versions, a
     * batch of images per transaction, each batch checked again under its locks.
     */
    Operation apply(String planId, String caller) {
        PlanRow plan = tx.read(() -> store.plan(planId)).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                "retention plan " + planId + " not found (plans are dropped once they expire)",
                Map.of("plan_id", planId)));
        long now = System.currentTimeMillis();
        List<Map<String, Object>> changes = new ArrayList<>();
        if (plan.appliedAt() != null) {
            changes.add(change(null, "applied", "the plan was applied at " + Instant.ofEpochMilli(plan.appliedAt())
                    + "; preview again"));
        } else if (now > plan.expiresAt()) {
            changes.add(change(null, "expired", "the plan expired at " + Instant.ofEpochMilli(plan.expiresAt())
                    + "; preview again"));
        } else if (plan.policyId() != null) {
            PolicyRow policy = tx.read(() -> store.policy(plan.policyId())).orElse(null);
            if (policy == null) {
                changes.add(change(null, "policy_deleted", "policy " + plan.policyId() + " was deleted since the preview"));
            } else if (policy.revision() != plan.policyRevision()) {
                changes.add(change(null, "policy_changed", "policy " + plan.policyId() + " changed since the preview"
                        + " (revision " + plan.policyRevision() + ", now " + policy.revision() + ")"));
            }
        }
        if (changes.isEmpty()) {
            // Every batch checked first, in transactions rolled back: a change anywhere refuses the whole plan.
            forEachPlanBatch(plan, batch -> tx.simulate(() -> {
                check(plan, batch, System.currentTimeMillis(), changes);
                return null;
            }), changes);
        }
        if (!changes.isEmpty()) {
            throw refused(plan, changes);
        }
        if (!tx.write(() -> store.claimPlan(plan.pk(), System.currentTimeMillis()))) {
            throw refused(plan, List.of(change(null, "applied", "the plan was applied meanwhile; preview again")));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("plan_id", plan.id());
        if (plan.policyId() != null) {
            meta.put("policy", plan.policyId());
        }
        Operation op = tx.write(() -> operations.recordRunning("Apply retention plan " + plan.id(),
                Map.of("retention", List.of("/1.0/retention/runs")), meta));
        Report report = new Report(settings.reportItems());
        List<Map<String, Object>> late = new ArrayList<>();
        boolean[] first = {true};
        try {
            forEachPlanBatch(plan, batch -> {
                List<String> released = tx.write(() -> {
                    List<Map<String, Object>> seen = new ArrayList<>();
                    List<Checked> checked = check(plan, batch, System.currentTimeMillis(), seen);
                    if (!seen.isEmpty()) {
                        throw new Changed(seen);
                    }
                    return remove(checked, caller, report);
                });
                first[0] = false;
                collector.collectLater(released);
            }, late);
        } catch (RuntimeException failed) {
            if (!(failed instanceof Changed c)) {
                // A fault, not a change: the operation says so; a plan that removed nothing may be applied again.
                if (first[0]) {
                    tx.write(() -> {
                        store.releasePlan(plan.pk());
                        return null;
                    });
                }
                String message = "retention run failed after " + report.removed + " removals: " + failed.getMessage();
                if (!first[0]) {
                    // What earlier batches removed is in the bin: the report says what and where.
                    meta.put("run_id", writeRun(plan.policyId(), plan.id(), PLAN, now, report, "failed", message,
                            op.id(), caller, AuditAction.RETENTION_APPLY));
                }
                operations.finish(op.id(), false, message, meta);
                throw failed;
            }
            if (first[0]) {
                // Nothing removed: the plan may be previewed again, and this answer is the 412.
                tx.write(() -> {
                    store.releasePlan(plan.pk());
                    return null;
                });
                operations.finish(op.id(), false, "the plan no longer holds", meta);
                throw refused(plan, c.changes);
            }
            late.addAll(c.changes);
        }
        String outcome = late.isEmpty() ? "success" : "partial";
        String message = late.isEmpty() ? "applied plan " + plan.id() : "stopped after " + report.removed
                + " removals: " + late.get(0).get("message");
        String runId = writeRun(plan.policyId(), plan.id(), PLAN, now, report, outcome, message, op.id(), caller,
                AuditAction.RETENTION_APPLY);
        meta.put("run_id", runId);
        meta.put("removed", report.removed);
        meta.put("bytes_freed", report.bytes);
        meta.put("outcome", outcome);
        operations.finish(op.id(), late.isEmpty(), message, meta);
        return operations.find(op.id()).orElseThrow();
    }

    /** Signals a change met under the locks of an apply's batch. */
    private static final class Changed extends RuntimeException {
        final List<Map<String, Object>> changes;

        Changed(List<Map<String, Object>> changes) {
            super("the plan no longer holds", null, false, false);
            this.changes = changes;
        }
    }

    private interface BatchAction {
        void run(List<PlanImage> batch);
    }

    private void forEachPlanBatch(PlanRow plan, BatchAction action, List<Map<String, Object>> changes) {
        long after = -1;
        while (changes.size() < MAX_CHANGES) {
            long from = after;
            List<PlanImage> batch = tx.read(() -> store.planImages(plan.pk(), from, settings.batch()));
            if (batch.isEmpty()) {
                return;
            }
            action.run(batch);
            after = batch.get(batch.size() - 1).imagePk();
        }
    }

    /** An image of an apply's batch, locked and found as the plan knew it. */
    private record Checked(ImageRecord image, List<VersionRecord> versions, Map<Integer, List<AppRef>> pins,
                           Verdict verdict) {
    }

    /**
     * Locks the batch's images in key order (docs/applications.md, "Locks") and compares each with
     * the plan: the same versions, pins, protection and immutability, and the same removals when
     * the rules are evaluated again at the plan's moment. Adds what differs to {@code changes}.
     */
    private List<Checked> check(PlanRow plan, List<PlanImage> batch, long now, List<Map<String, Object>> changes) {
        Map<Long, List<Integer>> planned = new TreeMap<>();
        for (long[] v : store.planVersions(plan.pk(), batch.get(0).imagePk(), batch.get(batch.size() - 1).imagePk())) {
            planned.computeIfAbsent(v[0], k -> new ArrayList<>()).add((int) v[1]);
        }
        Map<Long, ImageRecord> locked = new LinkedHashMap<>();
        for (PlanImage p : batch) {
            catalogue.lock(p.imagePk()).ifPresentOrElse(image -> locked.put(p.imagePk(), image),
                    () -> changes.add(change(null, "image_deleted", "an image the plan removes from (key "
                            + p.imagePk() + ") was deleted since the preview")));
        }
        Map<Long, List<VersionRecord>> versions = catalogue.versions(locked.keySet());
        Map<Long, Map<Integer, List<AppRef>>> pins = pinsByImage(catalogue.pinsOf(locked.keySet()));
        List<Checked> out = new ArrayList<>();
        for (PlanImage p : batch) {
            ImageRecord image = locked.get(p.imagePk());
            if (image == null) {
                continue;
            }
            List<VersionRecord> vs = versions.getOrDefault(image.pk(), List.of());
            Map<Integer, List<AppRef>> ps = pins.getOrDefault(image.pk(), Map.of());
            List<Integer> wanted = planned.getOrDefault(image.pk(), List.of());
            if (maxVersion(vs) > p.maxVersion()) {
                changes.add(change(image, "new_version", "image " + image.name() + " has a new version ("
                        + maxVersion(vs) + ") since the preview"));
            } else if (!pinsDigest(ps).equals(p.pins())) {
                changes.add(change(image, "new_pin", "the applications pinning versions of image " + image.name()
                        + " changed since the preview" + pinnedPlanned(ps, wanted)));
            } else if (!state(image, vs, ps).equals(p.state())) {
                changes.add(change(image, "image_changed", "image " + image.name() + " changed since the preview"
                        + " (its versions, their use, or its protection)"));
            } else {
                Verdict v = new RetentionRules(plan.keepLast(), plan.olderThan(), plan.unusedFor())
                        .evaluate(image, vs, ps, plan.evaluatedAt(), now);
                if (!v.removedVersions().equals(wanted)) {
                    String why = v.blocked().stream().filter(e -> wanted.contains(e.version().version()))
                            .map(e -> "version " + e.version().version() + ": " + e.reason()).findFirst()
                            .orElse("the rules now remove " + v.removedVersions() + ", the plan " + wanted);
                    changes.add(change(image, "blocked", "image " + image.name() + ": " + why));
                } else {
                    out.add(new Checked(image, vs, ps, v));
                }
            }
            if (changes.size() >= MAX_CHANGES) {
                break;
            }
        }
        return out;
    }

    private static String pinnedPlanned(Map<Integer, List<AppRef>> pins, List<Integer> wanted) {
        for (int v : wanted) {
            List<AppRef> apps = pins.get(v);
            if (apps != null && !apps.isEmpty()) {
                return "; version " + v + ", which the plan removes, is now pinned by " + apps.get(0).name();
            }
        }
        return "";
    }

    // ---- scheduled runs ----

    /** Runs every enabled policy whose schedule is due; a cluster job calls this in one process at a time. */
    int runDue() {
        long now = System.currentTimeMillis();
        // Kept a lifetime past expiry, so that a late apply hears "expired" rather than "not found".
        tx.write(() -> store.dropExpiredPlans(now - settings.planLifetime().toMillis(), 1000));
        int ran = 0;
        for (PolicyRow p : tx.read(store::policies)) {
            if (!p.enabled() || p.schedule() == null || p.lastRunAt() != null && p.lastRunAt() + p.schedule() > now) {
                continue;
            }
            if (!tx.write(() -> store.claimScheduledRun(p.pk(), p.lastRunAt(), now))) {
                continue;
            }
            try {
                runWithoutPlan(Subject.of(p), "retention/" + p.id());
                ran++;
            } catch (RuntimeException e) {
                // One policy's failure does not hold up the others; it runs again at its next schedule.
                LOG.warn("retention policy {} failed on its schedule: {}", p.id(), e.toString());
            }
        }
        return ran;
    }

    /**
     * A run without a plan (a schedule's): each batch of images whose evaluation removes something
     * is locked, evaluated again under its locks and carried out. Says in its report that it had no plan.
     */
    String runWithoutPlan(Subject s, String caller) {
        long started = System.currentTimeMillis();
        Governed governed = tx.read(this::governed);
        Report report = new Report(settings.reportItems());
        scan(s, governed, batch -> {
            List<Long> candidates = new ArrayList<>();
            for (Scanned sc : batch) {
                Verdict v = s.rules().evaluate(sc.image(), sc.versions(), sc.pins(), System.currentTimeMillis(),
                        System.currentTimeMillis());
                if (v.remove().isEmpty()) {
                    report.keep(v);
                } else {
                    candidates.add(sc.image().pk());
                }
            }
            if (candidates.isEmpty()) {
                return;
            }
            List<String> released = tx.write(() -> {
                long now = System.currentTimeMillis();
                Map<Long, ImageRecord> locked = new LinkedHashMap<>();
                for (long pk : candidates) {
                    catalogue.lock(pk).ifPresent(image -> locked.put(pk, image));
                }
                Map<Long, List<VersionRecord>> versions = catalogue.versions(locked.keySet());
                Map<Long, Map<Integer, List<AppRef>>> pins = pinsByImage(catalogue.pinsOf(locked.keySet()));
                List<Checked> checked = new ArrayList<>();
                for (ImageRecord image : locked.values()) {
                    List<VersionRecord> vs = versions.getOrDefault(image.pk(), List.of());
                    Map<Integer, List<AppRef>> ps = pins.getOrDefault(image.pk(), Map.of());
                    checked.add(new Checked(image, vs, ps, s.rules().evaluate(image, vs, ps, now, now)));
                }
                return remove(checked, caller, report);
            });
            collector.collectLater(released);
        });
        return writeRun(s.policyId(), null, SCHEDULE, started, report, "success",
                "ran on its schedule, without a plan", null, null, AuditAction.RETENTION_RUN);
    }

    // ---- shared ----

    /** Removes each checked image's versions by the delete path, oldest first; returns content to collect. */
    private List<String> remove(List<Checked> checked, String caller, Report report) {
        List<String> released = new ArrayList<>();
        for (Checked c : checked) {
            List<VersionRecord> remaining = new ArrayList<>(c.versions());
            for (Entry e : c.verdict().remove()) {
                DeletionPlan plan = DeletionPolicy.plan(new DeletionFacts(c.image(), List.copyOf(remaining),
                        e.version().version(), 0, c.pins().getOrDefault(e.version().version(), List.of()),
                        System.currentTimeMillis()), false);
                DeletionService.Removed removed = deletion.removeLocked(plan, caller);
                remaining.remove(e.version());
                released.addAll(removed.releasedContent());
                report.removed(c.image(), e, removed.trashId());
            }
            report.keep(c.verdict());
        }
        return released;
    }

    /** A run's counts in full and its lists capped. */
    private static final class Report {
        final int cap;
        int removed;
        int kept;
        int blocked;
        long bytes;
        final List<RunItem> removedItems = new ArrayList<>();
        final List<RunItem> keptItems = new ArrayList<>();
        final List<RunItem> blockedItems = new ArrayList<>();

        Report(int cap) {
            this.cap = cap;
        }

        void removed(ImageRecord image, Entry e, String trashId) {
            removed++;
            bytes += e.version().size();
            if (removedItems.size() < cap) {
                removedItems.add(runItem("removed", image, e, trashId));
            }
        }

        void keep(Verdict v) {
            kept += v.kept().size();
            blocked += v.blocked().size();
            for (Entry e : v.kept()) {
                if (keptItems.size() < cap) {
                    keptItems.add(runItem("kept", v.image(), e, null));
                }
            }
            for (Entry e : v.blocked()) {
                if (blockedItems.size() < cap) {
                    blockedItems.add(runItem("blocked", v.image(), e, null));
                }
            }
        }

        private static RunItem runItem(String kind, ImageRecord image, Entry e, String trashId) {
            VersionRecord v = e.version();
            return new RunItem(kind, image.id(), image.name(), v.version(), v.fingerprint(), v.size(), e.reason(),
                    e.message(), trashId);
        }
    }

    private String writeRun(String policyId, String planId, String trigger, long started, Report report,
                            String outcome, String message, String operationId, String actor, String action) {
        String runId = Xid.next();
        tx.write(() -> {
            long finished = System.currentTimeMillis();
            List<RunItem> items = new ArrayList<>(report.removedItems);
            items.addAll(report.blockedItems);
            items.addAll(report.keptItems);
            store.insertRun(new RunRow(0, runId, policyId, planId, trigger, started, finished, report.removed,
                    report.kept, report.blocked, report.bytes, outcome, message, operationId, actor), items);
            if (policyId != null) {
                store.policy(policyId).ifPresent(p -> store.ranAt(p.pk(), finished));
            }
            // The audit record names the run: GET /1.0/retention/runs/<id> is its report.
            audit.recordSuccess(AuditLog.Target.other(action, "run " + runId), operationId);
            return null;
        });
        return runId;
    }

    /** Which images a broader policy leaves to a more specific one (docs/retention.md). */
    private record Governed(Set<String> imageIds, Set<String> types) {
    }

    private Governed governed() {
        Set<String> images = new HashSet<>();
        Set<String> types = new HashSet<>();
        for (PolicyRow p : store.policies()) {
            if (!p.enabled()) {
                continue;
            }
            if (p.scope().equals("image")) {
                images.add(p.target());
            } else if (p.scope().equals("type")) {
                types.add(p.target());
            }
        }
        return new Governed(images, types);
    }

    private static boolean governs(Subject s, ImageRecord image, Governed g) {
        return switch (s.scope()) {
            case "image" -> true;
            case "type" -> !g.imageIds().contains(image.id());
            default -> !g.imageIds().contains(image.id()) && !g.types().contains(image.type());
        };
    }

    /** An image in scope, as read (without locks) in a page of the scan. */
    private record Scanned(ImageRecord image, List<VersionRecord> versions, Map<Integer, List<AppRef>> pins) {
    }

    private interface PageAction {
        void run(List<Scanned> page);
    }

    /** Reads the subject's images in pages of {@code AMS_RETENTION_BATCH}, in key order, each page in one read. */
    private void scan(Subject s, Governed governed, PageAction action) {
        long after = 0;
        while (true) {
            long from = after;
            List<Scanned> page = new ArrayList<>();
            long last = tx.read(() -> {
                List<ImageRecord> images = switch (s.scope()) {
                    case "image" -> from == 0 ? catalogue.findById(s.target()).map(List::of).orElse(List.of())
                            : List.of();
                    case "type" -> catalogue.after(s.target(), from, settings.batch());
                    default -> catalogue.after(null, from, settings.batch());
                };
                if (images.isEmpty()) {
                    return -1L;
                }
                List<Long> pks = images.stream().map(ImageRecord::pk).toList();
                Map<Long, List<VersionRecord>> versions = catalogue.versions(pks);
                Map<Long, Map<Integer, List<AppRef>>> pins = pinsByImage(catalogue.pinsOf(pks));
                for (ImageRecord image : images) {
                    if (governs(s, image, governed)) {
                        page.add(new Scanned(image, versions.getOrDefault(image.pk(), List.of()),
                                pins.getOrDefault(image.pk(), Map.of())));
                    }
                }
                return images.get(images.size() - 1).pk();
            });
            if (last < 0) {
                return;
            }
            if (!page.isEmpty()) {
                action.run(page);
            }
            if (s.scope().equals("image")) {
                return;
            }
            after = last;
        }
    }

    private static Map<Long, Map<Integer, List<AppRef>>> pinsByImage(List<PinRepository.Pin> pins) {
        Map<Long, Map<Integer, List<AppRef>>> out = new HashMap<>();
        for (PinRepository.Pin p : pins) {
            out.computeIfAbsent(p.imagePk(), k -> new TreeMap<>())
                    .computeIfAbsent(p.imageVersion(), k -> new ArrayList<>()).add(new AppRef(p.id(), p.name()));
        }
        return out;
    }

    private static int maxVersion(List<VersionRecord> versions) {
        return versions.stream().mapToInt(VersionRecord::version).max().orElse(-1);
    }

    /** What a plan holds an image to: its versions (and their use), pins, protection, immutability. */
    private static String state(ImageRecord image, List<VersionRecord> versions, Map<Integer, List<AppRef>> pins) {
        StringBuilder b = new StringBuilder();
        b.append(image.immutable()).append('|').append(image.deletionProtected()).append('|')
                .append(image.unprotectAt()).append('|');
        versions.stream().sorted(java.util.Comparator.comparingInt(VersionRecord::version)).forEach(v ->
                b.append(v.version()).append(':').append(v.fingerprint()).append(':').append(v.lastUsedAt()).append(','));
        b.append('|').append(pinsDigest(pins));
        return sha256(b.toString());
    }

    private static String pinsDigest(Map<Integer, List<AppRef>> pins) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(pins).forEach((version, apps) -> apps.stream().map(AppRef::id).sorted()
                .forEach(id -> b.append(version).append('=').append(id).append(',')));
        return sha256(b.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sample(List<RetentionItem> into, ImageRecord image, List<Entry> from) {
        for (Entry e : from) {
            if (into.size() >= settings.reportItems()) {
                return;
            }
            into.add(item(image, e, null));
        }
    }

    static RetentionItem item(ImageRecord image, Entry e, String trashId) {
        VersionRecord v = e.version();
        return new RetentionItem(image.name(), image.id(), v.version(),
                v.fingerprint(), v.size(), e.reason(), e.message(), e.blocked() ? Boolean.TRUE : null, trashId);
    }

    private static Map<String, Object> change(ImageRecord image, String what, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("change", what);
        if (image != null) {
            c.put("image", image.name());
            c.put("image_id", image.id());
        }
        c.put("message", message);
        return c;
    }

    private static ApiException refused(PlanRow plan, List<Map<String, Object>> changes) {
        List<Map<String, Object>> shown = changes.subList(0, Math.min(changes.size(), MAX_CHANGES));
        return new ApiException(ReasonCode.PRECONDITION_FAILED, "retention plan " + plan.id()
                + " no longer holds, nothing was removed: " + shown.get(0).get("message")
                + (shown.size() > 1 ? " (and " + (shown.size() - 1) + " more changes)" : ""),
                Map.of("plan_id", plan.id(), "changes", shown));
    }
}
