-- The name the pinned image had when a forced delete released the pin (docs/applications.md,
-- parent_image_name): the application keeps its own copy, and people still want to read which
-- image it came from after the image has left the catalogue. NULL while the pin holds.
ALTER TABLE application_versions ADD COLUMN parent_image_name VARCHAR(255);
-- Pins released before this column: the recycle bin still knows the image's name while it holds
-- the image or one of its versions.
UPDATE application_versions SET parent_image_name =
    (SELECT MAX(t.name) FROM trash_items t WHERE t.image_id = application_versions.parent_image_id)
    WHERE image_pk IS NULL;
