-- Every version delete bumps its image's revision. An image row sits on a page its neighbours
-- filled when they were created (fillfactor 100), so that update could not stay on its page: it
-- wrote a new index entry into each of the images table's seven indexes, pages a big catalogue
-- does not keep in memory. With a tenth of each page left free the update is a heap-only tuple
-- update (its columns are in no index), one page dirtied instead of eight: on 200,000 images,
-- pgbench's random revision bumps ran 1,826–2,264/s at 90 against 345–566/s at 100, all HOT
-- against a third (docs/performance.md, section 2). Pages written from now on get the room; an
-- existing catalogue's full pages get it when rewritten (VACUUM FULL images, or as rows move).
ALTER TABLE images SET (fillfactor = 90);
