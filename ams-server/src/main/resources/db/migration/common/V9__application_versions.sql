-- Applications as AMS has them (docs/applications.md): the fields of AMS's Application, and for
-- each version what its manifest said, whether it is published and the package it was built from.
-- Lists (tags, addons) are kept as ',a,b,' so that the list filters are one bound LIKE each; a
-- tag or addon may not hold a comma.
ALTER TABLE applications ADD COLUMN instance_type VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE applications ADD COLUMN boot_package VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE applications ADD COLUMN abi VARCHAR(32) DEFAULT '' NOT NULL;
ALTER TABLE applications ADD COLUMN tags VARCHAR(8192) DEFAULT ',' NOT NULL;
ALTER TABLE applications ADD COLUMN addons VARCHAR(8192) DEFAULT ',' NOT NULL;
ALTER TABLE applications ADD COLUMN resources VARCHAR(4096) DEFAULT '{}' NOT NULL;
ALTER TABLE applications ADD COLUMN node_selector VARCHAR(8192) DEFAULT '[]' NOT NULL;
ALTER TABLE applications ADD COLUMN inhibit_auto_updates BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE applications ADD COLUMN immutable BOOLEAN DEFAULT FALSE NOT NULL;
-- Whether any version is published: kept under the application's row lock with the versions'
-- own flags, so that the published filter needs no join.
ALTER TABLE applications ADD COLUMN published BOOLEAN DEFAULT FALSE NOT NULL;
-- Version numbers are never reused: a deleted version's number stays gone.
ALTER TABLE applications ADD COLUMN next_version INT DEFAULT 1 NOT NULL;

ALTER TABLE application_versions ADD COLUMN manifest_version VARCHAR(50) DEFAULT '' NOT NULL;
ALTER TABLE application_versions ADD COLUMN published BOOLEAN DEFAULT FALSE NOT NULL;
-- The manifest's per-version fields, as JSON in the API's field names.
ALTER TABLE application_versions ADD COLUMN details VARCHAR(65536) DEFAULT '{}' NOT NULL;
-- The package the version was built from (manifest, APK, data); NULL for one made by JSON alone.
ALTER TABLE application_versions ADD COLUMN package_sha256 VARCHAR(64) REFERENCES content (sha256);
CREATE INDEX application_versions_package ON application_versions (package_sha256);
