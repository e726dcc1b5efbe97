-- Attaches a second database file, moves data across, joins across the two.
ATTACH DATABASE 'db/archive.db' AS archive;
CREATE TABLE archive.old_sale AS SELECT * FROM sale WHERE day < 100;
DELETE FROM main.sale WHERE day < 100;
CREATE INDEX archive.old_sale_item ON old_sale(item_id);
SELECT (SELECT count(*) FROM main.sale), (SELECT count(*) FROM archive.old_sale);
SELECT i.category, count(*), sum(o.amount) FROM archive.old_sale o JOIN main.item i ON i.id = o.item_id
  GROUP BY i.category ORDER BY i.category;
SELECT name FROM archive.sqlite_schema ORDER BY name;
SELECT name FROM pragma_database_list ORDER BY seq;
DETACH DATABASE archive;
