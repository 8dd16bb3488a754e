-- Versions named by their content digest (sha256:<fingerprint> or a prefix of it): an index range
-- for LIKE 'prefix%' whatever the database's collation, in the catalogue and in the bin.
CREATE INDEX image_versions_fingerprint ON image_versions (fingerprint varchar_pattern_ops);
CREATE INDEX trash_versions_fingerprint ON trash_versions (fingerprint varchar_pattern_ops);
