-- Deletes, vacuums (in place and into a new file) and checks the result.
PRAGMA page_count;
DELETE FROM item WHERE id % 3 = 0;
DELETE FROM sale WHERE item_id NOT IN (SELECT id FROM item);
SELECT freelist_count > 0 FROM pragma_freelist_count;
VACUUM;
PRAGMA freelist_count;
PRAGMA page_count;
VACUUM INTO 'db/copy.db';
PRAGMA integrity_check;
SELECT count(*) FROM item;
