CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 800)
INSERT INTO t(name, score) SELECT 'name' || i, (i * 37 % 101) / 7.0 FROM n;
CREATE INDEX t_score ON t(score);
SELECT count(*), round(sum(score), 3) FROM t;
SELECT name FROM t WHERE score > 13 ORDER BY score DESC, id LIMIT 5;
UPDATE t SET score = score * 2 WHERE id % 3 = 0;
DELETE FROM t WHERE id % 5 = 0;
VACUUM;
SELECT count(*), round(avg(score), 4) FROM t;
