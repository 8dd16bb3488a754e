-- H2 answers name-prefix searches from images_name already; kept so both databases share versions.
SELECT 1;
