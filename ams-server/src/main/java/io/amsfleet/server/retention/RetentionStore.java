package io.amsfleet.server.retention;

import io.amsfleet.server.db.Statements;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Retention's tables (V12): policies, plans with the images and versions they hold, runs with
 * their capped items. Plain {@link Statements}: the plan's and report's rows go in batches, which
 * the repositories' {@code save} would send one by one. Every method runs in the caller's transaction.
 */
@Singleton
class RetentionStore {
    private final Statements statements;

    RetentionStore(JdbcOperations jdbc) {
        this.statements = new Statements(jdbc);
    }

    // ---- rows ----

    record PolicyRow(long pk, String id, String scope, String target, Integer keepLast, Long olderThan,
                     Long unusedFor, Long schedule, boolean enabled, long revision, long updatedAt, Long lastRunAt) {
        RetentionRules rules() {
            return new RetentionRules(keepLast, olderThan, unusedFor);
        }
    }

    record PlanRow(long pk, String id, String policyId, Long policyRevision, String scope, String target,
                   Integer keepLast, Long olderThan, Long unusedFor, long evaluatedAt, long expiresAt, String createdBy,
                   Long appliedAt) {
        RetentionRules rules() {
            return new RetentionRules(keepLast, olderThan, unusedFor);
        }
    }

    /** An image a plan removes from, with the state the plan was made from. */
    record PlanImage(long imagePk, String state, int maxVersion, String pins) {
    }

    record RunRow(long pk, String id, String policyId, String planId, String trigger, long startedAt, long finishedAt,
                  int removed, int kept, int blocked, long bytesFreed, String outcome, String message,
                  String operationId, String actor) {
    }

    record RunItem(String kind, String imageId, String imageName, int version, String fingerprint, long size,
                   String reason, String message, String trashId) {
    }

    private static final String POLICY_COLUMNS = "pk, id, scope, target, keep_last, older_than, unused_for, schedule,"
            + " enabled, revision, updated_at, last_run_at";

    private static PolicyRow policy(ResultSet rs) throws SQLException {
        return new PolicyRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), integer(rs, 5),
                longOrNull(rs, 6), longOrNull(rs, 7), longOrNull(rs, 8), rs.getBoolean(9), rs.getLong(10),
                rs.getLong(11), longOrNull(rs, 12));
    }

    // ---- policies ----

    List<PolicyRow> policies() {
        return list("SELECT " + POLICY_COLUMNS + " FROM retention_policies ORDER BY id", RetentionStore::policy);
    }

    long policyCount() {
        return one("SELECT COUNT(*) FROM retention_policies", rs -> rs.getLong(1)).orElse(0L);
    }

    Optional<PolicyRow> policy(String id) {
        return one("SELECT " + POLICY_COLUMNS + " FROM retention_policies WHERE id = ?", RetentionStore::policy, id);
    }

    /** Locks the policy's row: a PUT and a run of it serialise on it. */
    Optional<PolicyRow> lockPolicy(String id) {
        return one("SELECT " + POLICY_COLUMNS + " FROM retention_policies WHERE id = ? FOR UPDATE",
                RetentionStore::policy, id);
    }

    Optional<PolicyRow> policyFor(String scope, String target) {
        return one("SELECT " + POLICY_COLUMNS + " FROM retention_policies WHERE scope = ? AND target = ?",
                RetentionStore::policy, scope, target);
    }

    void insertPolicy(String id, String scope, String target, Integer keepLast, Long olderThan, Long unusedFor,
                      Long schedule, boolean enabled, long now) {
        update("INSERT INTO retention_policies (id, scope, target, keep_last, older_than, unused_for, schedule,"
                        + " enabled, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)", id, scope, target,
                intOrNull(keepLast), longOrNull(olderThan), longOrNull(unusedFor), longOrNull(schedule), enabled, now);
    }

    void replacePolicy(long pk, String scope, String target, Integer keepLast, Long olderThan, Long unusedFor,
                       Long schedule, boolean enabled, long now) {
        update("UPDATE retention_policies SET scope = ?, target = ?, keep_last = ?, older_than = ?, unused_for = ?,"
                        + " schedule = ?, enabled = ?, revision = revision + 1, updated_at = ? WHERE pk = ?", scope,
                target, intOrNull(keepLast), longOrNull(olderThan), longOrNull(unusedFor), longOrNull(schedule),
                enabled, now, pk);
    }

    int deletePolicy(long pk) {
        return update("DELETE FROM retention_policies WHERE pk = ?", pk);
    }

    /**
     * Claims a scheduled run: only if nobody recorded one since {@code seen} was read, so that a
     * process that lost its job lease meanwhile cannot run the same schedule twice.
     */
    boolean claimScheduledRun(long pk, Long seen, long now) {
        return update("UPDATE retention_policies SET last_run_at = ? WHERE pk = ? AND COALESCE(last_run_at, -1) = ?",
                now, pk, seen == null ? -1L : seen) == 1;
    }

    void ranAt(long pk, long now) {
        update("UPDATE retention_policies SET last_run_at = ? WHERE pk = ?", now, pk);
    }

    // ---- plans ----

    private static final String PLAN_COLUMNS = "pk, id, policy_id, policy_revision, scope, target, keep_last,"
            + " older_than, unused_for, evaluated_at, expires_at, created_by, applied_at";

    private static PlanRow plan(ResultSet rs) throws SQLException {
        return new PlanRow(rs.getLong(1), rs.getString(2), rs.getString(3), longOrNull(rs, 4), rs.getString(5),
                rs.getString(6), integer(rs, 7), longOrNull(rs, 8), longOrNull(rs, 9), rs.getLong(10), rs.getLong(11),
                rs.getString(12), longOrNull(rs, 13));
    }

    long insertPlan(String id, String policyId, Long policyRevision, String scope, String target,
                    RetentionRules rules, long evaluatedAt, long expiresAt, String createdBy) {
        return insert("INSERT INTO retention_plans (id, policy_id, policy_revision, scope, target, keep_last,"
                        + " older_than, unused_for, evaluated_at, expires_at, created_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, textOrNull(policyId),
                longOrNull(policyRevision), scope, target, intOrNull(rules.keepLast()),
                longOrNull(rules.olderThan()), longOrNull(rules.unusedFor()), evaluatedAt, expiresAt, createdBy);
    }

    void insertPlanImages(long planPk, List<PlanImage> images) {
        batch("INSERT INTO retention_plan_images (plan_pk, image_pk, state, max_version, pins) VALUES (?, ?, ?, ?, ?)",
                images.stream().map(i -> new Object[]{planPk, i.imagePk(), i.state(), i.maxVersion(), i.pins()})
                        .toList());
    }

    void insertPlanVersions(long planPk, List<long[]> versions) {
        batch("INSERT INTO retention_plan_versions (plan_pk, image_pk, version) VALUES (?, ?, ?)",
                versions.stream().map(v -> new Object[]{planPk, v[0], (int) v[1]}).toList());
    }

    Optional<PlanRow> plan(String id) {
        return one("SELECT " + PLAN_COLUMNS + " FROM retention_plans WHERE id = ?", RetentionStore::plan, id);
    }

    /** The plan's images in key order (the order their locks are taken in), from {@code afterPk} on. */
    List<PlanImage> planImages(long planPk, long afterPk, int limit) {
        return list("SELECT image_pk, state, max_version, pins FROM retention_plan_images WHERE plan_pk = ?"
                        + " AND image_pk > ? ORDER BY image_pk FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new PlanImage(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)), planPk, afterPk);
    }

    List<long[]> planVersions(long planPk, long fromImagePk, long toImagePk) {
        return list("SELECT image_pk, version FROM retention_plan_versions WHERE plan_pk = ? AND image_pk >= ?"
                        + " AND image_pk <= ? ORDER BY image_pk, version",
                rs -> new long[]{rs.getLong(1), rs.getInt(2)}, planPk, fromImagePk, toImagePk);
    }

    /** Marks the plan applied; false when another apply took it first. */
    boolean claimPlan(long planPk, long now) {
        return update("UPDATE retention_plans SET applied_at = ? WHERE pk = ? AND applied_at IS NULL", now, planPk) == 1;
    }

    void releasePlan(long planPk) {
        update("UPDATE retention_plans SET applied_at = NULL WHERE pk = ?", planPk);
    }

    /** Drops at most {@code limit} plans past their expiry (their rows go with them). */
    int dropExpiredPlans(long now, int limit) {
        List<Long> due = list("SELECT pk FROM retention_plans WHERE expires_at < ? ORDER BY expires_at FETCH FIRST "
                + limit + " ROWS ONLY", rs -> rs.getLong(1), now);
        for (long pk : due) {
            update("DELETE FROM retention_plan_versions WHERE plan_pk = ?", pk);
            update("DELETE FROM retention_plan_images WHERE plan_pk = ?", pk);
            update("DELETE FROM retention_plans WHERE pk = ?", pk);
        }
        return due.size();
    }

    // ---- runs ----

    private static final String RUN_COLUMNS = "pk, id, policy_id, plan_id, trigger_kind, started_at, finished_at,"
            + " removed, kept, blocked, bytes_freed, outcome, message, operation_id, actor";

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getLong(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getLong(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15));
    }

    long insertRun(RunRow r, List<RunItem> items) {
        long pk = insert("INSERT INTO retention_runs (id, policy_id, plan_id, trigger_kind, started_at, finished_at,"
                        + " removed, kept, blocked, bytes_freed, outcome, message, operation_id, actor)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), textOrNull(r.policyId()),
                textOrNull(r.planId()), r.trigger(), r.startedAt(), r.finishedAt(), r.removed(), r.kept(), r.blocked(),
                r.bytesFreed(), r.outcome(), textOrNull(r.message()), textOrNull(r.operationId()),
                textOrNull(r.actor()));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            RunItem it = items.get(i);
            rows.add(new Object[]{pk, i, it.kind(), it.imageId(), it.imageName(), it.version(),
                    textOrNull(it.fingerprint()), it.size(), it.reason(), textOrNull(cut(it.message(), 1024)),
                    textOrNull(it.trashId())});
        }
        batch("INSERT INTO retention_run_items (run_pk, seq, kind, image_id, image_name, version, fingerprint, size,"
                + " reason, message, trash_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return pk;
    }

    /** Newest first. */
    List<RunRow> runs(String policyId, int offset, int limit) {
        return policyId == null
                ? list("SELECT " + RUN_COLUMNS + " FROM retention_runs ORDER BY pk DESC OFFSET " + offset
                + " ROWS FETCH FIRST " + limit + " ROWS ONLY", RetentionStore::run)
                : list("SELECT " + RUN_COLUMNS + " FROM retention_runs WHERE policy_id = ? ORDER BY pk DESC OFFSET "
                + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY", RetentionStore::run, policyId);
    }

    long runCount(String policyId) {
        return policyId == null ? one("SELECT COUNT(*) FROM retention_runs", rs -> rs.getLong(1)).orElse(0L)
                : one("SELECT COUNT(*) FROM retention_runs WHERE policy_id = ?", rs -> rs.getLong(1), policyId)
                .orElse(0L);
    }

    Optional<RunRow> run(String id) {
        return one("SELECT " + RUN_COLUMNS + " FROM retention_runs WHERE id = ?", RetentionStore::run, id);
    }

    List<RunItem> runItems(long runPk) {
        return list("SELECT kind, image_id, image_name, version, fingerprint, size, reason, message, trash_id"
                        + " FROM retention_run_items WHERE run_pk = ? ORDER BY seq",
                rs -> new RunItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9)), runPk);
    }

    // ---- plumbing ----

    private static Object intOrNull(Integer v) {
        return Statements.nullOf(v, Types.INTEGER);
    }

    private static Object longOrNull(Long v) {
        return Statements.nullOf(v, Types.BIGINT);
    }

    private static Object textOrNull(String v) {
        return Statements.nullOf(v, Types.VARCHAR);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        return Statements.nullableInt(rs, column);
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        return Statements.nullableLong(rs, column);
    }

    private <T> List<T> list(String sql, Statements.Row<T> mapper, Object... params) {
        return sql().list(sql, mapper, params);
    }

    private <T> Optional<T> one(String sql, Statements.Row<T> mapper, Object... params) {
        return sql().one(sql, mapper, params);
    }

    private int update(String sql, Object... params) {
        return sql().update(sql, params);
    }

    private long insert(String sql, Object... params) {
        return sql().insertReturning("pk", sql, params);
    }

    private void batch(String sql, List<Object[]> rows) {
        sql().batch(sql, rows);
    }

    private Statements sql() {
        return statements;
    }
}
