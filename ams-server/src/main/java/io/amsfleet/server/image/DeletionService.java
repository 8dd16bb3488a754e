package io.amsfleet.server.image;

import io.amsfleet.model.BatchDelete;
import io.amsfleet.model.BatchDeleteResult;
import io.amsfleet.model.DeletionReport;
import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.auth.DeleteRateLimit;
import io.amsfleet.server.auth.Identity;
import io.amsfleet.server.content.ContentCollector;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.operation.OperationStore;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deletes images and image versions — one, several, or in a dry run — by the rules of
 * {@link DeletionPolicy}. Catalogue rows go in one transaction with the operation that records
 * them; content follows after commit.
 */
@Singleton
public class DeletionService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeletionService.class);
    static final int MAX_BATCH = 1000;

    private final Transactions tx;
    private final ImageLookup lookup;
    private final ImageCatalogue catalogue;
    private final OperationStore operations;
    private final ImageEvents events;
    private final ContentCollector collector;
    private final AuditLog audit;
    private final DeleteRateLimit rateLimit;
    private final ImageBin bin;

    public DeletionService(Transactions tx, ImageLookup lookup, ImageCatalogue catalogue, OperationStore operations,
                           ContentCollector collector, AuditLog audit, DeleteRateLimit rateLimit, ImageEvents events,
                           ImageBin bin) {
        this.bin = bin;
        this.events = events;
        this.audit = audit;
        this.rateLimit = rateLimit;
        this.tx = tx;
        this.lookup = lookup;
        this.catalogue = catalogue;
        this.operations = operations;
        this.collector = collector;
    }

    /**
     * What one delete request names. {@code version} null means the whole image, unless
     * {@code image} is a content digest ({@link Digests}), which names one version.
     */
    public record Request(String image, String type, Integer version, boolean force, String ifMatch) {
    }

    /**
     * The result of a real delete: its operation, the version it deleted (null: the image), its
     * entry in the recycle bin (null when the bin is off) and the content it released.
     */
    private record Done(Operation operation, ImageRecord image, Integer version, ImageBin.Item trash,
                        List<String> releasedContent) {
    }

    /** Deletes what the request names, charging it to {@code caller}'s delete allowance. */
    public Operation delete(Request request, Identity caller) {
        Done done = rateLimit.charged(caller, () -> tx.write(() -> execute(planLocked(request), caller.name())));
        collector.collectLater(done.releasedContent());
        return done.operation();
    }

    /** What the delete would do, as {@code caller} would meet it (see {@link DeletionPolicy#forCaller}). */
    public DeletionReport dryRun(Request request, Role caller) {
        return tx.simulate(() -> DeletionPolicy.forCaller(planLocked(request), caller).report());
    }

    /**
     * Several deletes, each on its own and each charged to {@code caller}'s allowance; a dry run
     * plays them all in one rolled-back transaction. Every item is answered, deleted or failed with
     * its reason; when the allowance stopped every one of them, the whole answer is the 429.
     */
    public BatchDeleteResult batch(BatchDelete body, Identity caller) {
        List<Request> requests = batchRequests(body);
        boolean dryRun = Boolean.TRUE.equals(body.dryRun());
        List<BatchDeleteResult.Deleted> deleted = new ArrayList<>();
        List<BatchDeleteResult.Failure> failures = new ArrayList<>();
        if (dryRun) {
            tx.simulate(() -> {
                for (Request r : requests) {
                    try {
                        Done done = execute(planLocked(r), caller.name());
                        deleted.add(deletedItem(r, done, null));
                    } catch (ApiException e) {
                        failures.add(failure(r, e));
                    }
                }
                return null;
            });
        } else {
            ApiException throttled = null;
            for (Request r : requests) {
                Runnable refund;
                try {
                    refund = rateLimit.take(caller);
                } catch (ApiException e) {
                    throttled = e;
                    failures.add(failure(r, e));
                    continue;
                }
                try {
                    Done done = tx.write(() -> execute(planLocked(r), caller.name()));
                    collector.collectLater(done.releasedContent());
                    deleted.add(deletedItem(r, done, "/1.0/operations/" + done.operation().id()));
                } catch (ApiException e) {
                    refund.run();
                    failures.add(failure(r, e));
                    recordRefusal(r, e);
                }
            }
            if (deleted.isEmpty() && throttled != null
                    && failures.stream().allMatch(f -> f.code().equals(ReasonCode.TOO_MANY_REQUESTS.code()))) {
                throw throttled;
            }
        }
        return new BatchDeleteResult(dryRun, deleted, failures);
    }

    /** What {@link #removeLocked} did: the version's operation, its bin entry, content to collect after commit. */
    public record Removed(String operationId, String trashId, List<String> releasedContent) {
    }

    /**
     * Deletes one version by an allowed plan, in the caller's transaction, the image's row locked
     * by the caller: the delete path of every other client — bin, event, operation, audit — for
     * the retention engine, which takes its locks for a whole batch (docs/retention.md). Never
     * forced; a plan the rules refuse is refused as a delete would be.
     */
    public Removed removeLocked(DeletionPlan plan, String caller) {
        if (plan.force() || plan.version() == null) {
            throw new IllegalArgumentException("retention removes single versions, never forced");
        }
        Done done = execute(plan, caller);
        return new Removed(done.operation().id(), done.trash() == null ? null : done.trash().id(),
                done.releasedContent());
    }

    /** Reads the facts under lock and applies the rules. Refuses a precondition or an unknown target. */
    private DeletionPlan planLocked(Request request) {
        if (request.version() != null && request.version() < 0) {
            throw ApiException.badRequest("version must be a non-negative integer, not " + request.version());
        }
        ImageLookup.VersionTarget byDigest = null;
        if (Digests.isDigest(request.image())) {
            if (request.version() != null) {
                throw ApiException.badRequest("a content digest names one image version: give no version with it");
            }
            byDigest = lookup.resolveDigest(request.image());
        }
        Request r = byDigest == null ? request
                : new Request(request.image(), request.type(), byDigest.version(), request.force(), request.ifMatch());
        boolean whole = r.version() == null;
        // A version delete by the image's id takes no type lock: it locks the row as it finds it,
        // one statement where resolving then locking were two. Anything else resolves first.
        ImageRecord image = whole || byDigest != null ? null : catalogue.lockById(r.image()).orElse(null);
        long imagesOfType = 0;
        if (image == null) {
            ImageRecord found = byDigest == null ? lookup.resolve(r.image(), r.type()) : byDigest.image();
            imagesOfType = whole ? catalogue.lockType(found.type()) : 0;
            image = catalogue.lock(found.pk()).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                    "image " + r.image() + " not found (it was deleted meanwhile)"));
        }
        if (r.ifMatch() != null && !etagMatches(r.ifMatch(), image.etag())) {
            throw new ApiException(ReasonCode.PRECONDITION_FAILED, "image " + image.name()
                    + " changed since it was read (If-Match " + r.ifMatch() + ", now " + image.etag() + ")",
                    Map.of("image", image.id(), "etag", image.etag()));
        }
        ImageCatalogue.VersionsAndPins read = whole ? null : catalogue.versionsPinning(image.pk(), r.version());
        List<VersionRecord> versions = whole ? catalogue.versions(image.pk()) : read.versions();
        if (!whole && versions.stream().noneMatch(v -> v.version() == r.version())) {
            throw new ApiException(ReasonCode.NOT_FOUND, "version " + r.version() + " of image " + image.name()
                    + " not found", Map.of("image", image.id(), "name", image.name(), "version", r.version()));
        }
        List<AppRef> apps = whole ? catalogue.applicationsUsing(image.pk()) : read.pinning();
        DeletionFacts facts = new DeletionFacts(image, versions, r.version(), imagesOfType, apps,
                System.currentTimeMillis());
        return DeletionPolicy.plan(facts, r.force());
    }

    /**
     * Carries out an allowed plan. With the recycle bin on, what it removes moves to the bin in
     * this transaction and its content stays referenced there; with it off, the content is
     * released to be collected after the commit.
     */
    private Done execute(DeletionPlan plan, String caller) {
        if (!plan.allowed()) {
            throw refusal(plan);
        }
        ImageRecord image = plan.image();
        boolean whole = plan.version() == null;
        if (plan.force() && !plan.keptByApplications().isEmpty()) {
            catalogue.releasePins(image.pk(), image.name(), plan.version());
        }
        ImageBin.Item trash = !whole && bin.enabled()
                ? bin.binDeletingVersion(image, plan.removes().get(0), caller, plan.force()).orElse(null) : null;
        if (trash == null) {
            trash = bin.enabled() ? bin.bin(image, plan.version(), caller, plan.force()) : null;
            if (whole) {
                if (image.immutable()) {
                    catalogue.tombstone(image.name(), image.type());
                }
                catalogue.deleteImage(image.pk());
                catalogue.changeCount(image.type(), -1);
            } else {
                catalogue.deleteVersion(image.pk(), plan.version());
                catalogue.touch(image.pk());
            }
        }
        if (whole) {
            events.deleted(image, trash);
        } else {
            events.versionDeleted(image, plan.version(), trash);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("image_id", image.id());
        meta.put("name", image.name());
        meta.put("type", image.type());
        if (!whole) {
            meta.put("version", plan.version());
        }
        meta.put("force", plan.force());
        meta.put("removed_versions", plan.removes().stream().map(VersionRecord::version).toList());
        meta.put("kept_by_applications", plan.keptByApplications().stream().map(AppRef::id).toList());
        if (trash != null) {
            // How to undo it: POST /1.0/trash/<trash_id>/restore until purge_at.
            meta.put("trash_id", trash.id());
            meta.put("purge_at", java.time.Instant.ofEpochMilli(trash.purgeAt()).toString());
        }
        String description = whole ? "Delete image " + image.name()
                : "Delete version " + plan.version() + " of image " + image.name();
        Operation op = operations.recordSuccess(description, Map.of("images", List.of("/1.0/images/" + image.id())), meta);
        audit.recordSuccess(AuditLog.Target.image(whole ? AuditAction.IMAGE_DELETE : AuditAction.IMAGE_VERSION_DELETE, image.id(),
                image.name(), plan.version(), plan.force()), op.id());
        List<String> released = trash != null ? List.of() : plan.removes().stream()
                .map(VersionRecord::contentSha256).filter(Objects::nonNull).distinct().toList();
        return new Done(op, image, plan.version(), trash, released);
    }

    private static ApiException refusal(DeletionPlan plan) {
        DeletionPlan.Blocker b = plan.refusal();
        ImageRecord image = plan.image();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("image", image.id());
        details.put("name", image.name());
        details.put("type", image.type());
        if (plan.version() != null) {
            details.put("version", plan.version());
        }
        if (!b.applications().isEmpty()) {
            details.put("applications", b.applications());
        }
        details.put("blockers", plan.blockers().stream().map(x -> x.code().code()).toList());
        details.put("force_would_help", plan.forceWouldHelp());
        return new ApiException(b.code(), b.message(), details);
    }

    private static boolean etagMatches(String ifMatch, String etag) {
        for (String candidate : ifMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.startsWith("W/") && c.substring(2).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static List<Request> batchRequests(BatchDelete body) {
        if (body == null || body.images() == null || body.images().isEmpty()) {
            throw ApiException.badRequest("images must list at least one {\"image\": <id or name>, \"version\"?: <n>}");
        }
        if (body.images().size() > MAX_BATCH) {
            throw ApiException.badRequest("at most " + MAX_BATCH + " images per batch, got " + body.images().size());
        }
        boolean force = Boolean.TRUE.equals(body.force());
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < body.images().size(); i++) {
            BatchDelete.Item item = body.images().get(i);
            if (item == null || item.image() == null || item.image().isBlank()) {
                throw ApiException.badRequest("images[" + i + "].image is required");
            }
            if (item.version() != null && item.version() < 0) {
                throw ApiException.badRequest("images[" + i + "].version must be a non-negative integer");
            }
            ImageTypes.checkType(item.type());
            out.add(new Request(item.image(), item.type(), item.version(), force, null));
        }
        return out;
    }

    /** A refused item of a batch gets its own audit record, as a refused single delete does. */
    private void recordRefusal(Request r, ApiException e) {
        io.micronaut.http.context.ServerRequestContext.currentRequest().ifPresent(req -> {
            try {
                audit.recordOutcome(req, new AuditLog.Target(r.version() == null ? AuditAction.IMAGE_DELETE : AuditAction.IMAGE_VERSION_DELETE,
                        stringDetail(e, "image"), stringDetail(e, "name") == null ? r.image() : stringDetail(e, "name"),
                        r.version(), null, r.force(), false), e.httpStatus(), e.reason().code());
            } catch (RuntimeException failed) {
                // The item's answer is what the client needs; a record that cannot be written is logged.
                LOG.error("could not write the audit record of a refused batch item {}", r.image(), failed);
            }
        });
    }

    private static String stringDetail(ApiException e, String key) {
        Object v = e.metadata().get(key);
        return v == null ? null : v.toString();
    }

    private static BatchDeleteResult.Deleted deletedItem(Request r, Done done, String operation) {
        return new BatchDeleteResult.Deleted(r.image(), done.image().id(), done.image().name(), done.version(),
                operation, done.trash() == null ? null : done.trash().id());
    }

    private static BatchDeleteResult.Failure failure(Request r, ApiException e) {
        Map<String, Object> details = new LinkedHashMap<>(e.metadata());
        details.remove("reason");
        return new BatchDeleteResult.Failure(r.image(), r.version(), e.reason().code(), e.getMessage(),
                details.isEmpty() ? null : details);
    }
}
