-- Background work that must run once across every server process sharing this database (content
-- collection, image-server sync, operation expiry). A process runs a job only after claiming its
-- row: the job is due (due_at passed) and nobody holds a live lease (lease_until passed). The
-- holder renews its lease while it works; when it dies, the lease lapses and another process takes
-- the job over at its next poll.
CREATE TABLE cluster_jobs (
    name             VARCHAR(64) PRIMARY KEY,
    holder           VARCHAR(128),
    lease_until      BIGINT      NOT NULL,
    due_at           BIGINT      NOT NULL,
    last_started_at  BIGINT,
    last_finished_at BIGINT,
    -- Set when something asks for a run while one is under way (the image server's address
    -- changed mid-sync, say): the job is then due again as soon as the current run ends.
    rerun_requested  BOOLEAN     NOT NULL DEFAULT FALSE
);
INSERT INTO cluster_jobs (name, lease_until, due_at) VALUES ('content-sweep', 0, 0);
INSERT INTO cluster_jobs (name, lease_until, due_at) VALUES ('image-sync', 0, 0);
INSERT INTO cluster_jobs (name, lease_until, due_at) VALUES ('operation-expiry', 0, 0);
