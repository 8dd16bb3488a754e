-- Settings changed at run time (PATCH /1.0/config); absent keys take their defaults.
CREATE TABLE config (
    name  VARCHAR(64)   PRIMARY KEY,
    setting_value VARCHAR(4096) NOT NULL
);

-- Synced images an operator force-deleted: the next sync does not bring them back; an explicit
-- import does (and removes the row).
CREATE TABLE remote_tombstones (
    name       VARCHAR(255) NOT NULL,
    type       VARCHAR(16)  NOT NULL,
    deleted_at BIGINT       NOT NULL,
    PRIMARY KEY (type, name)
);

-- Where a synced version's content comes from.
ALTER TABLE image_versions ADD COLUMN remote_path VARCHAR(1024);
