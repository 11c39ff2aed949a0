-- The optimizer's choices, shown as EXPLAIN QUERY PLAN trees, with the rows they produce.
CREATE TABLE t1(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL);
CREATE INDEX t1_a ON t1(a);
CREATE INDEX t1_bc ON t1(b, c);
INSERT INTO t1 VALUES (1, 5, 'x', 1.5), (2, 3, 'y', 2.5), (3, 5, 'x', 3.5), (4, NULL, 'z', NULL), (5, 7, 'x', 0.5), (6, 2, NULL, 4.0), (7, 1, 5, 5);
CREATE TABLE t2(x INTEGER PRIMARY KEY, t1_id INT, v TEXT);
CREATE INDEX t2_t1 ON t2(t1_id);
INSERT INTO t2 VALUES (10, 1, 'p'), (11, 1, 'q'), (12, 3, 'r'), (13, 9, 's'), (14, NULL, 't');
CREATE TABLE t3(k TEXT, w INT);
INSERT INTO t3 VALUES ('p', 100), ('r', 300), ('zz', 999);

-- Rowid lookup: equality on the INTEGER PRIMARY KEY.
-- plan
SELECT id, a FROM t1 WHERE id = 3;
-- plan
SELECT id FROM t1 WHERE rowid = 2;
-- The key is converted as the comparison converts it: '4' finds rowid 4.
-- plan
SELECT id, b FROM t1 WHERE id = '4';
-- Rowid range.
-- plan
SELECT id FROM t1 WHERE id > 2 AND id <= 5;

-- Index equality and range on an indexed column.
-- plan
SELECT id, a FROM t1 WHERE a = 5;
-- plan
SELECT id, a FROM t1 WHERE a > 2 AND a < 7;
-- plan
SELECT id, a FROM t1 WHERE a >= 5;
-- A text literal compared with an INT column is converted to a number first.
-- plan
SELECT id FROM t1 WHERE a = '5';
-- A text equality on a TEXT column searches the two-column index by its first column.
-- plan
SELECT id FROM t1 WHERE b = 'y';
-- A number compared with a TEXT column is converted to text: the index still applies.
-- plan
SELECT id FROM t1 WHERE b = 5;
-- Equality on the first column of a two-column index plus a range on the second.
-- plan
SELECT id, b, c FROM t1 WHERE b = 'x' AND c > 1.0;
-- Only a prefix of an index can be searched: c alone gives a scan.
-- plan
SELECT id FROM t1 WHERE c = 1.5;
-- An expression over the column hides it from the index.
-- plan
SELECT id FROM t1 WHERE a + 0 = 5;
-- plan
SELECT id FROM t1 WHERE a = 5 OR a = 3;
-- Rowid equality wins over an index equality.
-- plan
SELECT id FROM t1 WHERE a = 5 AND id = 3;
-- NULL never equals anything, even through an index.
-- plan
SELECT id FROM t1 WHERE a = NULL;

-- Constant folding: the arithmetic is done once, when the plan is made.
-- plan
SELECT id FROM t1 WHERE a > 1 + 2 * 2;
-- plan
SELECT id FROM t1 WHERE id = 10 - 7;
-- plan
SELECT id FROM t1 WHERE 1 = 0;
-- plan
SELECT id FROM t1 WHERE b = 'x' || '' AND 2 > 1;
-- Division by zero folds to NULL, as it evaluates.
-- plan
SELECT id FROM t1 WHERE a = 1 / 0;

-- Join ordering: without a constant lookup the first table written starts, and the next
-- one is reached through its index or rowid.
-- plan
SELECT t1.id, t2.x FROM t1, t2 WHERE t1.id = t2.t1_id;
-- plan
SELECT t1.id, t2.x FROM t2, t1 WHERE t2.t1_id = t1.id;
-- With no index on either side the equality becomes a hash join: the inner table is read
-- once. t2's rowid order gives the ORDER BY, so t2 goes first and nothing is sorted.
-- plan
SELECT t2.x, t3.w FROM t3, t2 WHERE t2.v = t3.k ORDER BY t2.x;
-- A constant lookup starts the join; the other table follows through its index.
-- plan
SELECT t1.id, t2.x, t2.v FROM t1 JOIN t2 ON t2.t1_id = t1.id WHERE t1.id = 1;
-- plan
SELECT t1.id, t2.x FROM t1 JOIN t2 ON t2.t1_id = t1.id WHERE t2.x = 12;
-- Three tables written in the worst order are reordered: constant lookup, index, scan.
-- plan
SELECT t1.id, t2.x, t3.w FROM t3, t2, t1 WHERE t1.id = 3 AND t2.t1_id = t1.id AND t3.k = t2.v;

-- Predicate pushdown: each conjunct runs at the first table that has its columns.
-- plan
SELECT t1.id, t2.v FROM t1 JOIN t2 ON t2.t1_id = t1.id WHERE t1.a = 5 AND t2.v <> 'q';
-- plan
SELECT t1.id, t2.v, t3.w FROM t1 JOIN t2 ON t2.t1_id = t1.id JOIN t3 ON t3.k = t2.v WHERE t3.w > 150;

-- LEFT JOIN: a WHERE conjunct on the right side stays above the join.
-- plan
SELECT t1.id, t2.x FROM t1 LEFT JOIN t2 ON t2.t1_id = t1.id WHERE t2.x IS NULL;
-- ... while one on the left side is pushed below it.
-- plan
SELECT t1.id, t2.x FROM t1 LEFT JOIN t2 ON t2.t1_id = t1.id WHERE t1.a = 5 ORDER BY t1.id, t2.x;
-- ON conditions of a LEFT JOIN decide matches, they do not remove left rows.
-- plan
SELECT t1.id, t2.v FROM t1 LEFT JOIN t2 ON t2.t1_id = t1.id AND t2.v = 'q' ORDER BY t1.id;

-- Aggregation, ordering and limits sit above the row sources.
-- plan
SELECT a, count(*) FROM t1 WHERE a > 2 GROUP BY a ORDER BY a DESC;
-- plan
SELECT DISTINCT b FROM t1 ORDER BY b LIMIT 2 OFFSET 1;
-- plan
SELECT s.id FROM (SELECT id, a FROM t1 WHERE a = 5) AS s ORDER BY s.id;
-- plan
SELECT id FROM t1 WHERE a IN (SELECT t1_id FROM t2) ORDER BY id;
