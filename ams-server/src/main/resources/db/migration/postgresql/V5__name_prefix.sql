-- Name-prefix search (GET /1.0/images?name_prefix=) as an index range whatever the collation.
CREATE INDEX images_name_pattern ON images (name varchar_pattern_ops);
