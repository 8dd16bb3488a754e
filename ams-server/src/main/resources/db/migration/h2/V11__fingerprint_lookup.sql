-- Versions named by their content digest (sha256:<fingerprint> or a prefix of it), in the
-- catalogue and in the bin; H2 answers LIKE 'prefix%' from a plain index.
CREATE INDEX image_versions_fingerprint ON image_versions (fingerprint);
CREATE INDEX trash_versions_fingerprint ON trash_versions (fingerprint);
