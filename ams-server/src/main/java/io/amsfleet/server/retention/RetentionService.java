package io.amsfleet.server.retention;

import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.RetentionItem;
import io.amsfleet.model.RetentionPlan;
import io.amsfleet.model.RetentionPolicy;
import io.amsfleet.model.RetentionRequest;
import io.amsfleet.model.RetentionRun;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.ImageLookup;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.ImageTypes;
import io.amsfleet.server.retention.RetentionEngine.Subject;
import io.amsfleet.server.retention.RetentionStore.PolicyRow;
import io.amsfleet.server.retention.RetentionStore.RunItem;
import io.amsfleet.server.retention.RetentionStore.RunRow;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Retention's API behind {@code RetentionController}: policies (validated here, stored by
 * {@link RetentionStore}), previews and applies (run by {@link RetentionEngine}), run reports.
 */
@Singleton
public class RetentionService {
    /** What one server keeps: policies are few (a global one, a few types, the images that differ). */
    static final int MAX_POLICIES = 1000;
    static final int MAX_KEEP_LAST = 100_000;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private final Transactions tx;
    private final RetentionStore store;
    private final RetentionEngine engine;
    private final ImageLookup lookup;
    private final AuditLog audit;

    RetentionService(Transactions tx, RetentionStore store, RetentionEngine engine, ImageLookup lookup,
                     AuditLog audit) {
        this.tx = tx;
        this.store = store;
        this.engine = engine;
        this.lookup = lookup;
        this.audit = audit;
    }

    // ---- policies ----

    public List<RetentionPolicy> policies() {
        return tx.read(store::policies).stream().map(RetentionService::view).toList();
    }

    public RetentionPolicy policy(String id) {
        return view(tx.read(() -> store.policy(id)).orElseThrow(() -> notFound(id)));
    }

    /** Creates or replaces the policy named {@code id}; every PUT bumps its revision. */
    public RetentionPolicy put(String id, RetentionPolicy body) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.badRequest("a policy id is 1 to 64 lower-case letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (body == null) {
            throw ApiException.badRequest("the body must be a policy: {\"scope\", \"target\", \"keep_last\","
                    + " \"older_than\", \"unused_for\", \"schedule\", \"enabled\"}");
        }
        if (body.id() != null && !body.id().equals(id)) {
            throw ApiException.badRequest("the body's id " + body.id() + " is not the path's " + id);
        }
        Target target = target(body.scope(), body.target());
        RetentionRules rules = rules(body.keepLast(), body.olderThan(), body.unusedFor());
        Long schedule = RetentionDurations.parse("schedule", body.schedule());
        boolean enabled = body.enabled() == null || body.enabled();
        return tx.write(() -> {
            long now = System.currentTimeMillis();
            store.policyFor(target.scope(), target.value()).filter(other -> !other.id().equals(id))
                    .ifPresent(other -> {
                        throw new ApiException(ReasonCode.ALREADY_EXISTS, "policy " + other.id() + " already covers "
                                + describe(target.scope(), target.value()) + "; change that one instead",
                                Map.of("policy", other.id()));
                    });
            PolicyRow existing = store.lockPolicy(id).orElse(null);
            if (existing == null) {
                if (store.policyCount() >= MAX_POLICIES) {
                    throw ApiException.badRequest("at most " + MAX_POLICIES + " retention policies");
                }
                store.insertPolicy(id, target.scope(), target.value(), rules.keepLast(), rules.olderThan(),
                        rules.unusedFor(), schedule, enabled, now);
            } else {
                store.replacePolicy(existing.pk(), target.scope(), target.value(), rules.keepLast(), rules.olderThan(),
                        rules.unusedFor(), schedule, enabled, now);
            }
            audit.recordSuccess(AuditLog.Target.other(AuditAction.RETENTION_POLICY_SET, "policy " + id));
            return view(store.policy(id).orElseThrow());
        });
    }

    public void delete(String id) {
        tx.write(() -> {
            PolicyRow p = store.lockPolicy(id).orElseThrow(() -> notFound(id));
            store.deletePolicy(p.pk());
            audit.recordSuccess(AuditLog.Target.other(AuditAction.RETENTION_POLICY_DELETE, "policy " + id));
            return null;
        });
    }

    // ---- preview and apply ----

    public RetentionPlan preview(RetentionRequest body, String caller) {
        if (body == null) {
            throw ApiException.badRequest("the body names a policy ({\"policy\": \"<id>\"}) or gives one"
                    + " ({\"scope\", \"target\", \"keep_last\", \"older_than\", \"unused_for\"})");
        }
        if (body.planId() != null) {
            throw ApiException.badRequest("plan_id belongs to POST /1.0/retention/apply");
        }
        Subject subject;
        if (body.image() != null) {
            if (body.policy() != null || body.scope() != null || body.target() != null || body.keepLast() != null
                    || body.olderThan() != null || body.unusedFor() != null) {
                throw ApiException.badRequest("image previews whichever policy governs the image: give it alone");
            }
            subject = governing(body.image());
        } else if (body.policy() != null) {
            if (body.scope() != null || body.target() != null || body.keepLast() != null || body.olderThan() != null
                    || body.unusedFor() != null) {
                throw ApiException.badRequest("name a stored policy or give an ad-hoc one, not both");
            }
            subject = Subject.of(tx.read(() -> store.policy(body.policy())).orElseThrow(() -> notFound(body.policy())));
        } else {
            Target target = target(body.scope(), body.target());
            subject = new Subject(null, null, target.scope(), target.value(),
                    rules(body.keepLast(), body.olderThan(), body.unusedFor()));
        }
        return engine.preview(subject, caller);
    }

    /**
     * The policy that governs the image (its own, else its type's, else the global one, enabled
     * only: docs/retention.md), narrowed to that image: what a run of it would do there.
     */
    private Subject governing(String imageRef) {
        return tx.read(() -> {
            ImageRecord image = lookup.resolve(imageRef, null);
            for (String[] scope : new String[][]{{"image", image.id()}, {"type", image.type()}, {"global", ""}}) {
                PolicyRow p = store.policyFor(scope[0], scope[1]).filter(PolicyRow::enabled).orElse(null);
                if (p != null) {
                    return new Subject(p.id(), p.revision(), "image", image.id(), p.rules());
                }
            }
            throw new ApiException(ReasonCode.NOT_FOUND, "no enabled retention policy governs image " + image.name(),
                    Map.of("image", image.id(), "name", image.name()));
        });
    }

    public Operation apply(RetentionRequest body, String caller) {
        if (body == null || body.planId() == null || body.planId().isBlank()) {
            throw ApiException.badRequest("the body is {\"plan_id\": \"<the preview's plan_id>\"}: apply what a"
                    + " preview showed");
        }
        if (body.policy() != null || body.scope() != null || body.target() != null || body.keepLast() != null
                || body.olderThan() != null || body.unusedFor() != null || body.image() != null) {
            throw ApiException.badRequest("apply takes a plan_id alone: preview the policy first");
        }
        return engine.apply(body.planId(), caller);
    }

    // ---- runs ----

    public record Page(List<RetentionRun> runs, long total) {
    }

    public Page runs(String policy, int offset, int limit) {
        return tx.read(() -> new Page(store.runs(policy, offset, limit).stream()
                .map(r -> run(r, null)).toList(), store.runCount(policy)));
    }

    public RetentionRun run(String id) {
        return tx.read(() -> {
            RunRow r = store.run(id).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                    "retention run " + id + " not found", Map.of("run_id", id)));
            return run(r, store.runItems(r.pk()));
        });
    }

    private static RetentionRun run(RunRow r, List<RunItem> items) {
        return new RetentionRun(r.id(), r.policyId(), r.planId(), r.trigger(), time(r.startedAt()),
                time(r.finishedAt()), r.finishedAt() - r.startedAt(), r.removed(), r.kept(), r.blocked(),
                r.bytesFreed(), r.outcome(), r.message(), r.operationId() == null ? null
                : "/1.0/operations/" + r.operationId(), r.actor(),
                items == null ? null : items(items, "removed"), items == null ? null : items(items, "kept"),
                items == null ? null : items(items, "blocked"));
    }

    private static List<RetentionItem> items(List<RunItem> items, String kind) {
        return items.stream().filter(i -> i.kind().equals(kind)).map(i -> new RetentionItem(i.imageName(),
                i.imageId(), i.version(), i.fingerprint(), i.size(), i.reason(), i.message(),
                kind.equals("blocked") ? Boolean.TRUE : null, i.trashId())).toList();
    }

    // ---- validation and views ----

    private record Target(String scope, String value) {
    }

    private Target target(String scope, String target) {
        if (scope == null) {
            throw ApiException.badRequest("scope is required: global, type or image");
        }
        switch (scope) {
            case "global" -> {
                if (target != null) {
                    throw ApiException.badRequest("a global policy has no target");
                }
                return new Target(scope, "");
            }
            case "type" -> {
                if (target == null || !ImageTypes.TYPES.contains(target)) {
                    throw ApiException.badRequest("a type policy's target is container or vm");
                }
                return new Target(scope, target);
            }
            case "image" -> {
                if (target == null || target.isBlank()) {
                    throw ApiException.badRequest("an image policy's target is the image's id or name");
                }
                ImageRecord image = tx.read(() -> lookup.resolve(target, null));
                return new Target(scope, image.id());
            }
            default -> throw ApiException.badRequest("scope must be global, type or image, not " + scope);
        }
    }

    private static RetentionRules rules(Integer keepLast, String olderThan, String unusedFor) {
        if (keepLast == null && olderThan == null && unusedFor == null) {
            throw ApiException.badRequest("a policy needs at least one rule: keep_last, older_than or unused_for");
        }
        if (keepLast != null && (keepLast < 1 || keepLast > MAX_KEEP_LAST)) {
            throw ApiException.badRequest("keep_last must be from 1 to " + MAX_KEEP_LAST + ", not " + keepLast);
        }
        return new RetentionRules(keepLast, RetentionDurations.parse("older_than", olderThan),
                RetentionDurations.parse("unused_for", unusedFor));
    }

    private static String describe(String scope, String target) {
        return switch (scope) {
            case "global" -> "every image";
            case "type" -> "the " + target + " images";
            default -> "image " + target;
        };
    }

    static RetentionPolicy view(PolicyRow p) {
        return new RetentionPolicy(p.id(), p.scope(), p.target().isEmpty() ? null : p.target(), p.keepLast(),
                RetentionDurations.format(p.olderThan()), RetentionDurations.format(p.unusedFor()),
                RetentionDurations.format(p.schedule()), p.enabled(), p.revision(), time(p.updatedAt()),
                p.lastRunAt() == null ? null : time(p.lastRunAt()));
    }

    /** An ad-hoc policy has no id, revision or schedule. */
    static RetentionPolicy view(Subject s) {
        RetentionRules r = s.rules();
        return new RetentionPolicy(s.policyId(), s.scope(), s.target().isEmpty() ? null : s.target(), r.keepLast(),
                RetentionDurations.format(r.olderThan()), RetentionDurations.format(r.unusedFor()), null, null,
                s.policyRevision(), null, null);
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static ApiException notFound(String id) {
        return new ApiException(ReasonCode.NOT_FOUND, "retention policy " + id + " not found", Map.of("policy", id));
    }
}
