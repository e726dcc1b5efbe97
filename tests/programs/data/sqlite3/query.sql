-- Queries over db/main.db: joins, aggregates, windows, CTEs, JSON, FTS5, output modes.
.headers on
.mode list
SELECT category, count(*) AS n, printf('%.2f', avg(price)) AS avg_price FROM item GROUP BY category ORDER BY category;
SELECT i.name, sum(s.amount) AS total FROM sale s JOIN item i ON i.id = s.item_id
  GROUP BY i.id ORDER BY total DESC, i.name LIMIT 10;
.mode csv
SELECT day, sum(amount) AS total, rank() OVER (ORDER BY sum(amount) DESC, day) AS r
  FROM sale GROUP BY day ORDER BY r LIMIT 8;
.mode box
WITH RECURSIVE fib(k, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT k + 1, b, a + b FROM fib WHERE k < 40)
SELECT k, a FROM fib WHERE k % 8 = 0;
.mode json
SELECT id, json_extract(body, '$.name') AS name, json_array_length(body, '$.tags') AS tags FROM doc;
.mode line
SELECT title, snippet(note, 1, '[', ']', '...', 4) AS hit FROM note WHERE note MATCH 'fast' ORDER BY rank;
.mode column
SELECT name, price, qty FROM item WHERE category = 'C-cat' AND price BETWEEN 50 AND 60 ORDER BY price, id LIMIT 6;
SELECT sqrt(2) AS r2, pi() AS p, 7 / 2 AS idiv, 7 / 2.0 AS fdiv, 1e300 * 10 AS big, -0.0 AS negzero, 0.1 + 0.2 AS sum;
SELECT hex(zeroblob(4)) AS z, upper('straße') AS up, length('héllo') AS len, substr('abcdef', -3, 2) AS sub;
EXPLAIN QUERY PLAN SELECT * FROM sale WHERE item_id = 5;
