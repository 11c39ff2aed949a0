-- Bad input: malformed SQL, unknown names, unsupported features. None changes the database.
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
INSERT INTO t VALUES (1, 'x');

-- Syntax errors name the token where parsing stopped (RowanDB adds the position).
INSERT INTO t VALUES (1,, 2);
CREATE TABLE (a);
SELECT a b c FROM t;
CREATE TABLE x(a,);
SELECT 1);
BEGIN WORK;
ROLLBACK TO;
SAVEPOINT;

-- Unknown tables, columns and functions.
SELECT * FROM missing;
SELECT zz FROM t;
SELECT t.zz FROM t;
SELECT q.a FROM t;
SELECT * FROM t AS x JOIN t AS y ON x.a = y.a WHERE a = 1;
INSERT INTO missing VALUES (1);
UPDATE t SET zz = 1;
DELETE FROM missing;
SELECT nosuchfunc(1);
SELECT length(1, 2);
SELECT round(1, 2, 3);
SELECT count(*) FROM t WHERE count(*) > 0;
SELECT a FROM t GROUP BY a HAVING zz > 0;
SELECT (SELECT 1, 2);
SELECT a FROM t WHERE a IN (SELECT 1, 2);
-- A window function where none may stand, a frame offset SQLite refuses.
SELECT a FROM t WHERE row_number() OVER () > 1;
SELECT sum(a) OVER (ROWS -1 PRECEDING) FROM t;
-- What a partial index's WHERE and an index's expressions may not hold.
CREATE INDEX partial ON t(b) WHERE random() > 0;
CREATE INDEX expr ON t((SELECT 1));

-- Features RowanDB does not support say which one.
-- rowandb-only
-- rowandb-only
SELECT * FROM t RIGHT JOIN json_each(t.b);
-- rowandb-only
-- rowandb-only
UPDATE t SET b = 'y' FROM t;

-- The database is unchanged by all of the above.
SELECT * FROM t;
SELECT type, name FROM sqlite_schema;
