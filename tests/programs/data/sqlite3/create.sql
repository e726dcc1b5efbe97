-- Creates and fills the main database; run as `sqlite3 db/main.db < sql/create.sql`.
PRAGMA page_size = 4096;
CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT, price REAL, qty INTEGER);
CREATE TABLE sale(id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES item(id), day INTEGER, amount INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO item(id, name, category, price, qty)
  SELECT i, printf('item-%05d', i), char(65 + i % 7) || '-cat', round((i * 37 % 1000) / 7.0, 2), i * 13 % 101 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
INSERT INTO sale(item_id, day, amount) SELECT 1 + (i * 7919) % 2000, i % 365, 1 + (i * 31) % 17 FROM n;
CREATE INDEX sale_item ON sale(item_id);
CREATE INDEX item_category ON item(category, price);
CREATE VIRTUAL TABLE note USING fts5(title, body);
INSERT INTO note VALUES ('zlib', 'a compression library used by minigzip'),
  ('bzip2', 'block-sorting file compressor'), ('sqlite', 'a small fast reliable database engine'),
  ('lua', 'a powerful fast lightweight embeddable scripting language');
CREATE TABLE doc(id INTEGER PRIMARY KEY, body TEXT);
INSERT INTO doc(body) VALUES (json_object('name', 'cella', 'tags', json_array('sandbox', 'wasm', 'wasi'))),
  (json_object('name', 'sqlite', 'tags', json_array('sql'), 'size', 42));
SELECT count(*), sum(qty), printf('%.2f', sum(price)) FROM item;
SELECT count(*), sum(amount), min(day), max(day) FROM sale;
PRAGMA integrity_check;
