-- Bounds on what failing callers can make the audit trail keep (docs/security.md): past a caller's
-- budget of refusals recorded one by one, further refusals of the same kind are counted on one row
-- per window: repeats says how many requests the row stands for, last_at when the last one came.
ALTER TABLE audit_events ADD COLUMN repeats INT DEFAULT 1 NOT NULL;
ALTER TABLE audit_events ADD COLUMN last_at BIGINT;
-- Records older than AMS_AUDIT_RETENTION are purged by this job, once across all processes.
INSERT INTO cluster_jobs (name, lease_until, due_at) VALUES ('audit-expiry', 0, 0);
