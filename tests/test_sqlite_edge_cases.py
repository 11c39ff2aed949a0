"""Edge cases of SQLite's value semantics, each run through RowanDB and SQLite (apsw).

Every entry of ``CASES`` is a regression test for a wrong answer or an escaping Python
exception found by differential testing (issue 8): its setup runs on both engines, then
each query must give SQLite's rows -- storage class and bytes included, so -0.0 differs
from 0.0 -- or SQLite's error class and message. TEXT that is not valid UTF-8 is looked at
through hex(), since apsw cannot hand such text to Python.

The tests below the table check what a table row cannot: parameters bound through the
DB-API, and values too big to build (SQLITE_MAX_LENGTH is checked before allocating).
"""

from __future__ import annotations

import math
import time
import tracemalloc

import apsw
import pytest

import rowandb
from oracle import assert_same, connections, pair, run
from rowandb.errors import DataError
from rowandb.planner.types import values as V

T = ["CREATE TABLE t(a INTEGER, e TEXT, n NUMERIC, r REAL, b BLOB, x)",
     "INSERT INTO t VALUES (1, '1', '1', 1, '1', '1'), (2, ' 2', '2.0', '2.5', x'32', 2.0)"]

CASES = {
    "a row of a self-referencing table is its own parent only when its child columns "
    "equal its parent key as stored (no affinity, BINARY): SQLite looks the parent up "
    "before the row's index entries exist, so INT 7 under TEXT '7', or 'A' under a "
    "NOCASE 'a', counts a violation that stays counted -- in UPDATE OR FAIL too, and "
    "at COMMIT after the row is deleted (fuzz 119300009)": ([
        "PRAGMA foreign_keys = ON",
        "CREATE TABLE p(o TEXT COLLATE NOCASE PRIMARY KEY, u REFERENCES p(o))",
        "CREATE TABLE q(o REAL UNIQUE, u INT REFERENCES q(o))",
        "CREATE TABLE w(o TEXT PRIMARY KEY, u INT REFERENCES w(o)) WITHOUT ROWID",
        "CREATE TABLE z(o INTEGER PRIMARY KEY, u TEXT REFERENCES z(o))",
        "CREATE TABLE y(o TEXT PRIMARY KEY, u INT REFERENCES y(o))",
        "INSERT INTO y(o) VALUES (0), (4)", "INSERT INTO p VALUES ('b', 'b')"], [
        "INSERT INTO p VALUES ('a', 'A')", "INSERT INTO p VALUES ('c', 'B')",
        "INSERT INTO q VALUES (1, 1), (2.5, '2.5')", "INSERT INTO w VALUES ('7', 7)",
        "INSERT INTO z VALUES (7, '7')", "UPDATE OR FAIL y SET o = 0, u = o",
        "UPDATE y SET u = 0 WHERE o = '4'", "UPDATE y SET u = 0 WHERE o = '0'",
        "PRAGMA defer_foreign_keys = 1", "BEGIN", "INSERT INTO w VALUES ('5', 5)",
        "DELETE FROM w WHERE o = '5'", "COMMIT", "ROLLBACK",
        "SELECT * FROM p", "SELECT * FROM q", "SELECT * FROM w", "SELECT * FROM z",
        "SELECT * FROM y"]),
    "a self-referencing row whose violation was counted for itself takes it back when "
    "it is deleted and no row -- itself included, by the parent's affinity -- holds its "
    "key: SQLite looks the parent up before the row goes (fuzz 78000038, a REPLACE "
    "deleting such a row through a trigger)": ([
        "PRAGMA foreign_keys = ON",
        "CREATE TABLE t(o TEXT PRIMARY KEY, u REFERENCES t(o) DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TABLE w(o TEXT PRIMARY KEY, u INT REFERENCES w(o) DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TABLE k(o TEXT PRIMARY KEY, u INT REFERENCES k(o))",
        "CREATE TRIGGER kt AFTER INSERT ON k BEGIN DELETE FROM k WHERE o = 'x'; END"], [
        "BEGIN", "INSERT INTO t VALUES ('a', 'zz')", "DELETE FROM t WHERE o = 'a'", "COMMIT",
        "BEGIN", "INSERT INTO w VALUES ('7', 7)", "DELETE FROM w WHERE o = '7'", "COMMIT",
        "ROLLBACK", "INSERT INTO k VALUES ('x', 'nope')", "INSERT INTO k VALUES ('x', 5), ('y', 'x')",
        "SELECT * FROM t", "SELECT * FROM w", "SELECT * FROM k"]),
    "after an ambiguous USING column is noted, a view in a later subquery has only its "
    "FROM items looked up (its FROM subqueries' and views' too): a table missing there "
    "replaces the message, one missing in a subquery of its clauses does not "
    "(fuzz 119200063)": ([
        "CREATE TABLE e(a INT PRIMARY KEY, x)",
        "CREATE VIEW r(a) AS SELECT 1 FROM e WHERE x IN (SELECT a FROM nosuch)",
        "CREATE VIEW r4(a) AS SELECT 1 FROM (SELECT 1 FROM nosuch)",
        "CREATE VIEW r5(a) AS SELECT (SELECT 1 FROM nosuch) FROM e",
        "CREATE VIEW r7(a) AS SELECT 1 FROM e, (SELECT 1 FROM e WHERE x IN (SELECT 1 FROM nosuch))",
        "CREATE VIEW r8(a) AS SELECT 1 FROM e, r4", "CREATE TEMP TABLE tb(a)",
        "CREATE VIEW r13(a) AS SELECT 1 FROM e WHERE x IN (SELECT a FROM tb)"], [
        "SELECT 1 FROM e AS p FULL JOIN e AS q ON 1 NATURAL JOIN e AS z WHERE 1 IN "
        f"(SELECT a FROM {v})" for v in ("r", "r4", "r5", "r7", "r8", "r13")] + [
        "SELECT (SELECT a FROM r) FROM e AS p FULL JOIN e AS q ON 1 NATURAL JOIN e AS z"]),
    "an ORDER BY name is first looked up among the result columns' names, those a * or "
    "t.* expands to included: two tables' x under * is the first x, as SQLite's "
    "resolveAsName finds it, where GROUP BY x stays ambiguous (branch refusals)": ([
        "CREATE TABLE a(x, y)", "CREATE TABLE b(x, z)",
        "INSERT INTO a VALUES (1, 2), (2, 3), (3, NULL)",
        "INSERT INTO b VALUES (1, 5), (3, 6), (4, 1)"], [
        "SELECT * FROM a, b ORDER BY x DESC, z", "SELECT b.*, a.* FROM a, b ORDER BY x, y",
        "SELECT *, y AS x FROM a, b ORDER BY x, z", "SELECT y AS x, * FROM a, b ORDER BY x, z",
        "SELECT * FROM a, b ORDER BY x COLLATE NOCASE, z", "SELECT * FROM a, b ORDER BY x + 0",
        "SELECT * FROM a, b GROUP BY x", "SELECT * FROM a LEFT JOIN b ON 1 ORDER BY z, x"]),
    "an index with a DESC key column is read in its declared order by any scan, not only "
    "one for an ORDER BY: DESC columns descending, ties by rowid (or the PRIMARY KEY of a "
    "WITHOUT ROWID table); an INSERT ... SELECT then numbers the rows as SQLite does "
    "(fuzz 113000098)": ([
        "CREATE TABLE t(c3, c0 PRIMARY KEY) WITHOUT ROWID", "CREATE INDEX i ON t(c3 DESC)",
        "CREATE INDEX j ON t(c3 DESC, c3 = c0 DESC)",
        "INSERT INTO t VALUES (0.333, 1), ('-0', 2), (5, 3), (x'00', 4), (NULL, 5), (5, 0)",
        "CREATE TABLE v(a, b, c)", "CREATE INDEX vi ON v(a, b DESC)",
        "INSERT INTO v VALUES (1, 1, 1), (1, 2, 2), (2, 1, 3), (2, 3, 4), (1, 3, 5), (1, 2, 6)",
        "CREATE TABLE w(x)"], [
        "SELECT c3, c0 FROM t INDEXED BY i", "SELECT c3 FROM t INDEXED BY j WHERE c3 > 0",
        "SELECT * FROM v INDEXED BY vi", "SELECT * FROM v INDEXED BY vi WHERE a = 1 AND b < 3",
        "SELECT * FROM v INDEXED BY vi WHERE a IN (2, 1)",
        "INSERT INTO w SELECT c3 FROM t INDEXED BY j", "SELECT rowid, x FROM w"]),

    "the BETWEEN of a window frame after a comparison in PARTITION BY or ORDER BY is no "
    "operator of that comparison's level; a column named rows or range before BETWEEN is "
    "one (test_call_resolve_order's generated calls)": ([
        "CREATE TABLE t(a, b, \"rows\", \"range\")",
        "INSERT INTO t VALUES (1, 2, 3, 4), (2, 3, 4, 5), (NULL, 1, 0, 9)"], [
        "SELECT sum(a) OVER (ORDER BY a = 1 RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t",
        "SELECT sum(a) OVER (ORDER BY b, a = 1 ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t",
        "SELECT sum(a) OVER (PARTITION BY a IS 1 ORDER BY b GROUPS BETWEEN 1 PRECEDING AND "
        "CURRENT ROW) FROM t",
        "SELECT sum(b) OVER (ORDER BY a ISNULL ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t",
        "SELECT rows BETWEEN 1 AND 3, 2 = range BETWEEN 0 AND 9, 0 = rows BETWEEN 0 AND 9 FROM t",
        "SELECT sum(a) OVER w FROM t WINDOW w AS (ORDER BY a < 2 ROWS BETWEEN 1 PRECEDING AND "
        "1 FOLLOWING)"]),
    "in an UPDATE's or a DO UPDATE's SET list the assignment's = is no comparison: "
    "c = x NOTNULL assigns x NOTNULL (test_drop_column_names' generated triggers)": ([
        "CREATE TABLE t(a INTEGER PRIMARY KEY, bb, c)",
        "INSERT INTO t VALUES (1, 2, 3), (2, NULL, 0)"], [
        "UPDATE t SET c = bb NOTNULL", "SELECT * FROM t",
        "UPDATE t SET bb = 1, c = bb ISNULL", "SELECT * FROM t",
        "UPDATE t SET (bb, c) = (2 = 2 IN (1, 2), a = 1 NOTNULL)", "SELECT * FROM t",
        "UPDATE t SET c = bb = 1 NOTNULL, bb = (1, 2) IN (VALUES (1, 2))", "SELECT * FROM t",
        "INSERT INTO t VALUES (1, 5, 5) ON CONFLICT DO UPDATE SET c = excluded.bb NOTNULL, "
        "bb = 2 = 2 IN (1, 2)", "SELECT * FROM t",
        "CREATE TRIGGER tr0 AFTER INSERT ON t BEGIN UPDATE t SET c = \"Bb\" NOTNULL; END",
        "INSERT INTO t VALUES (3, 4, 4)", "SELECT * FROM t"]),
    "=, ==, !=, <>, IS, IN, LIKE, GLOB, BETWEEN, ISNULL and NOTNULL are one level of "
    "SQLite's grammar, left-associative, and <, <=, >, >= the next, tighter one (sqlglot "
    "binds the range operators tightest): 2 = 2 IN (1, 2) is (2 = 2) IN (1, 2), "
    "'1' GLOB 'a' > '1' is '1' GLOB ('a' > '1')": ([
        "CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 'a'), (NULL, 2), ('1', 0)"], [
        "SELECT 2 = 2 IN (1, 2), 1 < 2 IN (1), 2 == 2 IN (SELECT 1), 2 = 2 LIKE 1",
        "SELECT 2 = 2 BETWEEN 1 AND 1, 2 = 2 GLOB 1, 2 >= 2 IN (1), 2 = 2 IS 1",
        "SELECT 'a' IS NOT 0 = '1' LIKE 1, 1 NOT LIKE 1 <= '1', 'a' != '1' + 2 LIKE 0",
        "SELECT 0 >= 1 BETWEEN 2 AND 2 >= 0, '1' GLOB 'a' > '1', 2 = 1 = 0 LIKE 2",
        "SELECT '1' <= 0 NOT BETWEEN 2 AND NULL, 'a' != 0 BETWEEN 1 AND NULL, 2 = 2 ISNULL",
        "SELECT a, a = 1 IN (1), a IS NOT NULL = 1, a NOT NULL = 1 LIKE 1, b LIKE 'a' < 1 "
        "FROM t", "SELECT a BETWEEN 1 AND 2 <> '1' GLOB b, NOT a = b IN (0) FROM t",
        "SELECT 1 = 2 IN (1) COLLATE NOCASE, a FROM t WHERE a = 1 IN (1) OR b IS 2 = 1",
        "SELECT x'31' = NOT NULL GLOB NOT a, a LIKE NOT x'31' GLOB NOT NULL < 1 FROM t",
        "SELECT 0 IS NOT DISTINCT FROM b = abs(2) NOT LIKE b FROM t",
        "SELECT NULL IS glob(NULL, 4), glob(a, (a - 1)) > 0, 1 = like('a', b) IN (1), "
        "a > glob((a LIKE 1), (b IS NOT NULL)) FROM t"]),
    "a read of an index with DESC columns gives its entries in the index's declared "
    "order without an ORDER BY too, as SQLite's loop reads them, so an INSERT ... SELECT "
    "numbers them so (fuzz 113000098: INDEXED BY an index on (c3 DESC, \"C3\" = c0 DESC) "
    "of a WITHOUT ROWID table)": ([
        "CREATE TABLE r(c0, c3)", "INSERT INTO r VALUES (1, 0.333), (2, '-0'), (3, 7), "
        "(4, 'b'), (5, NULL), (6, x'00'), (7, 7), (8, 'b')", "CREATE INDEX ra ON r(c3 DESC)",
        "CREATE INDEX rd ON r(c3, c0 DESC)",
        "CREATE TABLE w(c0, c3, PRIMARY KEY(c0)) WITHOUT ROWID", "INSERT INTO w SELECT * FROM r",
        "CREATE INDEX ea ON w(c3 DESC, \"C3\" = c0 DESC)",
        "CREATE TABLE z(q INTEGER PRIMARY KEY, v)"], [
        "SELECT c3 FROM r INDEXED BY ra", "SELECT c0 FROM r INDEXED BY ra WHERE c3 > 0",
        "SELECT c0, c3 FROM r INDEXED BY rd", "SELECT c0 FROM r INDEXED BY rd WHERE c3 = 7",
        "SELECT c0 FROM r INDEXED BY ra WHERE c3 IN (7, 'b')", "SELECT c3, c0 FROM w INDEXED BY ea",
        "INSERT INTO z(v) SELECT c3 FROM w INDEXED BY ea", "SELECT * FROM z",
        "SELECT r.c0, w.c0 FROM r JOIN w INDEXED BY ea ON w.c3 = r.c3"]),
    "a CREATE of main.if (a keyword SQLite's fallback lets stand after a schema's dot) "
    "stores CREATE TABLE if(...), which SQLite cannot read back: 'malformed database "
    "schema', nothing created; a quoted name, a CREATE ... AS (its text quotes names) "
    "or an IF NOT EXISTS that finds the name succeeds": ([
        "CREATE TABLE t(a)", "CREATE TABLE t2(a)"], [
        "CREATE TABLE main.if(a)", "CREATE TABLE temp.IF(a)", "CREATE VIEW main.if AS SELECT 1",
        "CREATE VIEW main.if(x) AS SELECT 1", "CREATE UNIQUE INDEX IF NOT EXISTS main.If ON t(a)",
        "CREATE TRIGGER main.if AFTER INSERT ON t BEGIN SELECT 1; END",
        "CREATE TABLE main.if AS SELECT abs(-9223372036854775808)", "CREATE TABLE main.t(a)",
        "CREATE TABLE main.not(a)", "SELECT name, sql FROM sqlite_schema",
        "SELECT name, sql FROM sqlite_temp_schema", "CREATE TABLE main.\"if\"(a)",
        "CREATE TABLE IF NOT EXISTS temp.iF AS SELECT 1", "CREATE TABLE IF NOT EXISTS main.if(a)",
        "CREATE TABLE main.temp(a)", "SELECT name, sql FROM sqlite_schema",
        "SELECT name, sql FROM sqlite_temp_schema"]),
    "after a corrupt error inside a transaction SQLite lets it read but not write "
    "(SQLITE_CorruptRdOnly): a write fails after its own preparing errors, COMMIT fails "
    "and rolls everything back, RELEASE of the opening savepoint undoes the writes and "
    "stays open, ROLLBACK ends it": ([
        "CREATE TABLE t(a)", "CREATE INDEX ti ON t(a)", "INSERT INTO t VALUES (5)"], [
        "BEGIN", "INSERT INTO t VALUES (1)", "CREATE TABLE main.if(a)", "SELECT * FROM t",
        "INSERT INTO t VALUES (2)", "UPDATE t SET a = 1 WHERE 0", "DELETE FROM t",
        "CREATE TABLE y(a)", "DROP INDEX ti", "CREATE TEMP TABLE q(a)", "REINDEX ti",
        "ANALYZE", "INSERT INTO nosuch VALUES (1)", "SELECT count(*) FROM t", "COMMIT",
        "SELECT * FROM t", "INSERT INTO t VALUES (3)",
        "SAVEPOINT s", "SAVEPOINT r", "INSERT INTO t VALUES (4)", "CREATE VIEW main.if AS "
        "SELECT 1", "RELEASE s", "SELECT * FROM t", "RELEASE r", "INSERT INTO t VALUES (6)",
        "ROLLBACK TO s", "RELEASE s", "END", "ROLLBACK", "SELECT * FROM t",
        "INSERT INTO t VALUES (7)", "SELECT * FROM t"]),
    "in such a transaction a PRAGMA that writes the header fails, ANALYZE finds its names "
    "first, a REINDEX with no index to rebuild writes nothing and succeeds (the second is "
    "written apart: apsw's cache would run the first's program, made when k had an index)": ([
        "CREATE TABLE t(a)", "CREATE TABLE k(a PRIMARY KEY)"], [
        "BEGIN", "CREATE TABLE main.if(a)", "PRAGMA user_version=1", "PRAGMA user_version",
        "PRAGMA application_id=3", "PRAGMA schema_version=5", "PRAGMA application_id",
        "ANALYZE nosuch", "ANALYZE t", "REINDEX nosuch", "REINDEX t", "REINDEX nocase",
        "REINDEX k", "REINDEX", "CREATE TEMP TABLE q(a)", "ROLLBACK", "DROP TABLE k",
        "BEGIN", "CREATE TABLE main.if(a)", "reindex", "REINDEX binary", "COMMIT",
        "PRAGMA user_version"]),
    "an IN test ends at its closing parenthesis or table name, so an operator that binds "
    "tighter than IN goes on from the test's result: x IN (...) COLLATE NOCASE gives the "
    "result a collation that a later comparison uses, x IN (1, 2) + 1 adds to it (sqlglot's "
    "syntax error)": ([
        "CREATE TABLE t(x, y)", "INSERT INTO t VALUES ('a', 1), ('B', 2)"], [
        "SELECT 'a' IN ('A', 'b') COLLATE NOCASE, 1 IN (1, 2) COLLATE NOCASE",
        "SELECT x, x IN ('A', 'b') COLLATE NOCASE, x NOT IN ('A') COLLATE NOCASE FROM t",
        "SELECT 1 IN (1) COLLATE NOCASE || 'A' = '1a', 1 IN (1) || 'A' = '1a'",
        "SELECT 1 IN (1, 2) + 1, 1 NOT IN (1, 2) * 5, 1 IN (1) & 3, 1 IN (1) ->> '$'",
        "SELECT y, y IN (1) - 1, y IN (SELECT y FROM t WHERE y > 1) COLLATE NOCASE FROM t",
        "SELECT x FROM t WHERE x IN ('a') COLLATE NOCASE ORDER BY x IN ('a') COLLATE NOCASE",
        "SELECT - 1 IN (1) COLLATE NOCASE, NOT 1 IN (1) COLLATE NOCASE, 1 IN () COLLATE x",
        "SELECT 1 IN (1) COLLATE NOCASE IN (1) COLLATE NOCASE, typeof(1 IN (1) COLLATE \"b\")",
        "SELECT max(1 IN (1) COLLATE NOCASE, 'a'), CASE WHEN 1 IN (1) COLLATE NOCASE THEN 2 END",
        "SELECT 1 FROM t GROUP BY x IN ('a') COLLATE NOCASE",
        "SELECT x IN t COLLATE NOCASE FROM t", "SELECT 1 IN main.t COLLATE NOCASE",
        "SELECT 1 IN json_each('[1]') COLLATE NOCASE"]),
    "an index key term in parentheses is the column (SQLite's grammar keeps no node for "
    "parentheses): index_info names it, its outermost COLLATE is the key's, a UNIQUE "
    "conflict names the column, and a string in them is a name too (RENAME COLUMN "
    "renames it) unless two COLLATEs wrap it; only the outermost collation must exist": ([
        "CREATE TABLE t(a, b)", "INSERT INTO t VALUES ('x', 1), ('X ', 2)",
        "CREATE INDEX i1 ON t((a))", "CREATE UNIQUE INDEX i2 ON t(((a COLLATE NOCASE) "
        "COLLATE RTRIM), (b) DESC)", "CREATE INDEX i3 ON t(('b') COLLATE NOCASE, ((a)))",
        "CREATE INDEX i4 ON t(((a + 1) COLLATE NOCASE))",
        "CREATE INDEX i5 ON t((('a') COLLATE NOCASE) COLLATE RTRIM, ((('b'))) DESC)"], [
        "PRAGMA index_xinfo(i1)", "PRAGMA index_xinfo(i2)", "PRAGMA index_xinfo(i3)",
        "PRAGMA index_xinfo(i4)", "PRAGMA index_xinfo(i5)", "INSERT INTO t VALUES ('x  ', 1)",
        "CREATE UNIQUE INDEX u ON t(('a'))", "CREATE UNIQUE INDEX u ON t((a), (b))",
        "INSERT INTO t VALUES ('x', 1)", "CREATE INDEX v ON t((a COLLATE nosuch))",
        "CREATE INDEX v ON t(((a COLLATE nosuch) COLLATE RTRIM))",
        "SELECT a FROM t INDEXED BY i1 WHERE a = 'x'", "SELECT a, b FROM t INDEXED BY i3 "
        "WHERE b = 1", "INSERT INTO t VALUES ('X', 1) ON CONFLICT (a, b) DO UPDATE SET b = 7",
        "SELECT * FROM t", "ALTER TABLE t RENAME COLUMN a TO z", "SELECT sql FROM sqlite_schema",
        "ALTER TABLE t DROP COLUMN z", "PRAGMA integrity_check"]),
    "a WHERE term x NOTNULL of a column that cannot be NULL implies a partial index's "
    "x IS NOT NULL where SQLite's resolver does not reduce it -- a subquery outside any "
    "WHERE, a DELETE's or UPDATE's WHERE -- though it is then a constant; x IS NULL "
    "implies nothing, and a SELECT's own WHERE is reduced first ('no query solution'; "
    "fuzz 108000151 with alter)": ([
        "CREATE TABLE q1(st REAL PRIMARY KEY)", "CREATE TABLE ab(st INTEGER PRIMARY KEY) WITHOUT ROWID",
        "CREATE INDEX i2 ON ab(st || 'x') WHERE st IS NOT NULL",
        "CREATE TABLE n(id INTEGER PRIMARY KEY, v)", "CREATE INDEX ni ON n(v) WHERE id IS NOT NULL",
        "CREATE INDEX nn ON n(v) WHERE id IS NULL", "INSERT INTO n VALUES (1, 2), (3, 4)"], [
        "INSERT OR FAIL INTO q1(st) VALUES (-3) ON CONFLICT (st) DO UPDATE SET st = (NOT EXISTS "
        "(SELECT NULL FROM ab AS x INDEXED BY i2 WHERE (st NOT NULL)))",
        "SELECT (SELECT count(*) FROM n INDEXED BY ni WHERE id NOTNULL), "
        "(SELECT sum(v) FROM n INDEXED BY ni WHERE (id NOTNULL OR 0))",
        "SELECT (SELECT count(*) FROM n INDEXED BY nn WHERE id IS NULL)",
        "SELECT count(*) FROM n INDEXED BY ni WHERE id NOTNULL",
        "UPDATE n INDEXED BY ni SET v = v + 1 WHERE id IS NOT NULL",
        "DELETE FROM n INDEXED BY ni WHERE id NOTNULL AND v > 3", "SELECT * FROM n"]),
    "GROUP BY through a sorter steps the aggregates in the sorter's order, after every "
    "row is read: the first error is the first row's in GROUP BY order (a later row of "
    "the first group's ESCAPE error before the first row's malformed JSON), and a WHERE "
    "error of any row comes before any aggregate's; an index that delivers the groups "
    "leaves them in scan order (fuzz 108000038 with alter)": ([
        "CREATE TABLE g(a INTEGER PRIMARY KEY, q, e)", "CREATE INDEX ge ON g(e)",
        "INSERT INTO g VALUES (1, '00', '6'), (2, '66', '66'), (3, '7', 'x')"], [
        "SELECT total(1) FILTER (WHERE like(NULL, NULL, e)) FROM g GROUP BY a = 1 "
        "HAVING avg(1) FILTER (WHERE json_pretty(q) IS NULL)",
        "SELECT total(like(NULL, NULL, e)), avg(json_pretty(q)) FROM g GROUP BY a = 1",
        "SELECT total(like(NULL, NULL, e)), max(json_pretty(q)), a FROM g GROUP BY a = 1",
        "SELECT sum(json(q)) FROM g WHERE a < 3 AND json(e) GROUP BY a = 1",
        "SELECT sum(json(q)) FROM g WHERE json(e) GROUP BY a = 1",
        "SELECT group_concat(like(NULL, NULL, e)), avg(json_pretty(q)) FROM g "
        "WHERE a < 3 GROUP BY e",
        "SELECT group_concat(like(NULL, NULL, e)), avg(json_pretty(q)) FROM g "
        "WHERE a < 3 GROUP BY e DESC",
        "SELECT total(like(NULL, NULL, e)) + avg(json_pretty(q)) FROM g WHERE a < 3"]),
    "a recursive table's columns have the affinity of its whole compound, steps included "
    "(sqlite3SubqueryColumnTypes), which its steps read too: a TEXT setup column that a "
    "step fills with numbers has none, so x < 5 compares '-2' as text and the recursion "
    "stops (fixed-seed case 192 with cte_forms ran away)": ([
        "CREATE TABLE t(a TEXT, n INT)", "INSERT INTO t VALUES ('-2', 3)"], [
        "WITH RECURSIVE c(x) AS (SELECT a FROM t UNION SELECT x + 1 FROM c WHERE x < 5 "
        "LIMIT 10) SELECT x, typeof(x), x < 5 FROM c",
        "WITH RECURSIVE c(x) AS (SELECT a FROM t UNION ALL SELECT x FROM c WHERE x < 5 "
        "LIMIT 3) SELECT x, x < 5 FROM c",
        "WITH RECURSIVE c(x) AS (SELECT a FROM t UNION SELECT x || '' FROM c WHERE x < 5 "
        "LIMIT 5) SELECT x, x < 5 FROM c",
        "WITH RECURSIVE c(x, y) AS (SELECT a, n FROM t UNION SELECT y, x FROM c WHERE x < 5 "
        "LIMIT 5) SELECT x, x < 5, y, y < 5 FROM c",
        "WITH RECURSIVE c(x, y) AS (SELECT n, n FROM t UNION SELECT y, x FROM c) "
        "SELECT x = '3', y = '3' FROM c",
        "WITH RECURSIVE c(x, y) AS (SELECT n, n FROM t UNION SELECT x, y FROM c) "
        "SELECT x = '3', y = '3' FROM c",
        "WITH RECURSIVE c(x, y) AS (SELECT a, n FROM t UNION SELECT x, y + 1 FROM c "
        "WHERE y < 5) SELECT x = -2, y = '3' FROM c",
        "WITH RECURSIVE c(x) AS (SELECT n FROM t UNION ALL SELECT 'a' FROM c WHERE x < 5 "
        "LIMIT 5) SELECT x, x < 5 FROM c"]),
    "a RETURNING subquery that is a compound SQLite runs as SELECT * FROM (compound) "
    "(a COLLATE in its ORDER BY) reads no table in its own FROM, so it runs once per "
    "statement, not again for each row (fixed-seed case 166 with alter)": ([
        "CREATE TABLE y(i INTEGER PRIMARY KEY, p TEXT) STRICT",
        "INSERT INTO y(p) VALUES ('a'), ('b'), ('c')"], [
        "UPDATE y SET p = NULL RETURNING (SELECT l.p FROM y AS l EXCEPT SELECT NULL FROM y "
        "AS a ORDER BY 1 COLLATE BINARY LIMIT 1 OFFSET 1)",
        "UPDATE y SET p = i RETURNING (SELECT l.p FROM y AS l UNION SELECT 9 FROM y AS a "
        "ORDER BY 1 COLLATE NOCASE DESC LIMIT 1)",
        "UPDATE y SET p = i + 1 RETURNING (SELECT l.p FROM y AS l UNION ALL SELECT 9 FROM y "
        "AS a ORDER BY 1 COLLATE NOCASE LIMIT 1)",
        "DELETE FROM y WHERE i < 3 RETURNING (SELECT p FROM y UNION SELECT p FROM y ORDER "
        "BY 1 COLLATE BINARY)", "SELECT * FROM y"]),
    "an ADD COLUMN rolled back (by ROLLBACK, or failed: 'type mismatch on DEFAULT') "
    "leaves a trigger's OLD and NEW as they were: old.a, the rowid alias, was read from "
    "the dropped column's default (fuzz 75000009)": ([
        "CREATE TABLE m(a INTEGER PRIMARY KEY, d INTEGER) STRICT", "CREATE TABLE lg(x, y, z)",
        "CREATE TRIGGER j AFTER DELETE ON m BEGIN INSERT INTO lg VALUES (old.a, old.d, old.rowid); END",
        "CREATE TRIGGER k AFTER UPDATE ON m BEGIN INSERT INTO lg VALUES (old.a, new.a, new.rowid); END",
        "CREATE TRIGGER s BEFORE DELETE ON m BEGIN SELECT RAISE(ABORT, 'stopped') WHERE old.a = 5; END",
        "INSERT INTO m VALUES (0, 1), (2, 3), (5, 6)"], [
        "BEGIN", "ALTER TABLE m ADD f INT DEFAULT 7", "ROLLBACK",
        "UPDATE m SET d = d + 1 WHERE a = 2", "DELETE FROM m WHERE a = 0",
        "ALTER TABLE m ADD g INT NOT NULL DEFAULT X'31'", "DELETE FROM m WHERE a = 5",
        "SELECT * FROM lg", "SELECT * FROM m", "ALTER TABLE m ADD h INT DEFAULT 9",
        "UPDATE m SET d = 0", "SELECT * FROM lg", "SELECT * FROM m"]),
    "a missing table whose name holds a dot, in a main trigger's body, is named in main as "
    "SQLite names it ('no such table: main.x.y'), as it is under a view (fuzz 73000428)": ([
        "CREATE TABLE k(a)", "CREATE TRIGGER t1 BEFORE INSERT ON k BEGIN UPDATE `A.b` SET a = 1; END",
        "CREATE TABLE k2(a)", "CREATE TRIGGER t2 BEFORE INSERT ON k2 BEGIN INSERT INTO \"x.y\" VALUES (1); END",
        "CREATE TABLE k3(a)", "CREATE TRIGGER t3 BEFORE INSERT ON k3 BEGIN SELECT * FROM main.\"x.y\"; END",
        "CREATE TEMP TABLE k4(a)", "CREATE TEMP TRIGGER t4 BEFORE INSERT ON k4 BEGIN SELECT * FROM \"x.y\"; END",
        "CREATE TABLE k5(a)", "CREATE TRIGGER t5 BEFORE INSERT ON k5 BEGIN SELECT * FROM k, (SELECT * FROM [o.p]); END"], [
        "INSERT INTO k VALUES (1)", "INSERT INTO k2 VALUES (1)", "INSERT INTO k3 VALUES (1)",
        "INSERT INTO k4 VALUES (1)", "INSERT INTO k5 VALUES (1)"]),
    "PRAGMA defer_foreign_keys = OFF, even when it was off, forgets every violation "
    "waiting for COMMIT, those of DEFERRABLE INITIALLY DEFERRED constraints too (SQLite "
    "3.54 zeroes both deferred counters); a ROLLBACK TO past it brings them back "
    "(fuzz 73000061)": ([
        "CREATE TABLE p(a PRIMARY KEY)",
        "CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TABLE d(x REFERENCES p)"], [
        "BEGIN", "INSERT INTO c VALUES (1)", "PRAGMA defer_foreign_keys = OFF", "COMMIT",
        "BEGIN", "INSERT INTO c VALUES (2)", "PRAGMA defer_foreign_keys = ON",
        "INSERT INTO d VALUES (3)", "PRAGMA defer_foreign_keys = OFF",
        "INSERT INTO c VALUES (4)", "COMMIT", "ROLLBACK",
        "SAVEPOINT a", "INSERT INTO c VALUES (5)", "SAVEPOINT b",
        "PRAGMA defer_foreign_keys = 0", "ROLLBACK TO b", "COMMIT", "ROLLBACK",
        "SAVEPOINT a", "INSERT INTO c VALUES (6)", "SAVEPOINT b",
        "PRAGMA defer_foreign_keys = 0", "RELEASE b", "COMMIT",
        "SELECT * FROM c ORDER BY x", "SELECT * FROM d"]),
    "CAST after IS DISTINCT FROM is a CAST, after FROM, JOIN or a FROM item's comma a "
    "table-valued function SQLite lacks (fuzz 104100019 on the branch's first try)": ([
        "CREATE TABLE q(x TEXT CHECK (coalesce(x, 0) < 1000)) STRICT", "CREATE TABLE t(a)",
        "INSERT INTO t VALUES (1)"], [
        "INSERT OR ROLLBACK INTO q(x) SELECT 0 FROM t WHERE (NULL IS DISTINCT FROM "
        "CAST(0 AS BOOLEAN))", "SELECT 1 IS NOT DISTINCT FROM CAST(1 AS INT) FROM t",
        "SELECT * FROM t WHERE a IS DISTINCT FROM cast(2 AS text)", "SELECT * FROM cast(1)",
        "SELECT * FROM t, cast(1)", "SELECT * FROM t JOIN cast(1)",
        "SELECT 1 IS DISTINCT FROM filter(1)", "SELECT * FROM q"]),
    "a column's CHECK of one term sqlglot misreads as a type is paired with its own "
    "column, not with an earlier column's first CHECK (found with item 2 of errmsgs3)": ([
        "CREATE TABLE p(b CHECK (b > 0), e CHECK (e))",
        "CREATE TABLE q(a, b CHECK (b > 0), e CHECK (RAISE(IGNORE)), f CHECK (f), g)",
        "CREATE TABLE r(b CHECK (b > 0), e CHECK (abs(e)), f CHECK (f))"], [
        "INSERT INTO p VALUES (1, 0)", "INSERT INTO p VALUES (0, 1)", "INSERT INTO p VALUES (1, 1)",
        "INSERT INTO q VALUES (1, 1, 1, 1, 1)", "INSERT INTO r VALUES (1, 1, 0)",
        "INSERT INTO r VALUES (1, 0, 1)", "INSERT INTO r VALUES (1, 1, 1)",
        "SELECT * FROM p", "SELECT * FROM r", "PRAGMA integrity_check"]),
    "a write codes a CHECK as sqlite3ExprIfTrue does, an AND or OR an integer literal "
    "decides simplified first: a RAISE() it drops is no error, also after ADD COLUMN": ([
        "CREATE TABLE v(a CHECK (1 OR RAISE(IGNORE)), b CHECK (0 AND raise(ignore)))",
        "CREATE TABLE w(a CHECK (RAISE(FAIL, 'y') OR 1))", "CREATE TABLE p(a)",
        "CREATE TABLE q(a)", "INSERT INTO q VALUES (1)"], [
        "INSERT INTO w VALUES (1)", "UPDATE w SET a = 2", "INSERT INTO v VALUES (1, 2)",
        "INSERT INTO v(a) VALUES (1)", "ALTER TABLE p ADD COLUMN b CHECK (1 OR RAISE(IGNORE))",
        "ALTER TABLE p ADD COLUMN c CHECK (0 AND RAISE(IGNORE))",
        "ALTER TABLE p ADD COLUMN d CHECK (RAISE(ABORT, 'x') OR 1)",
        "INSERT INTO p VALUES (1, 2, 3)", "ALTER TABLE p ADD COLUMN e CHECK (RAISE(IGNORE))",
        "ALTER TABLE q ADD COLUMN b CHECK (1 OR RAISE(IGNORE))",
        "ALTER TABLE q ADD COLUMN c CHECK (0 AND RAISE(IGNORE))",
        "SELECT * FROM w", "SELECT * FROM p", "SELECT * FROM q",
        "SELECT sql FROM sqlite_schema ORDER BY name"]),
    "a window query flattens its FROM subqueries into the query sqlite3WindowRewrite "
    "makes of its FROM clause: a partial index left of a FULL JOIN is no solution "
    "(fuzz 104000136)": ([
        "CREATE TABLE e(y REAL, z)", "CREATE TABLE d(x INT)",
        "CREATE INDEX i1 ON d(x) WHERE x NOTNULL", "CREATE TABLE t(a, b)",
        "INSERT INTO t VALUES (1, 2), (3, 4)", "CREATE INDEX i2 ON t(a) WHERE a > 0"], [
        "SELECT cume_dist() OVER () FROM (SELECT NULL AS q FROM d INDEXED BY i1 WHERE d.x) "
        "AS s FULL JOIN e ON NULL",
        "SELECT row_number() OVER (ORDER BY s.q) FROM (SELECT NULL AS q FROM d INDEXED BY i1 "
        "WHERE d.x) AS s RIGHT JOIN e ON NULL",
        "SELECT row_number() OVER () FROM (SELECT NULL AS q FROM d INDEXED BY i1 WHERE d.x) "
        "AS s LEFT JOIN e ON NULL",
        "SELECT row_number() OVER (ORDER BY a) FROM (SELECT a FROM t INDEXED BY i2 ORDER BY a) "
        "WHERE a > 0",
        "SELECT row_number() OVER () FROM (SELECT a FROM t INDEXED BY i2 LIMIT 5) WHERE a > 0",
        "SELECT sum(a) OVER () FROM (SELECT a FROM t INDEXED BY i2) WHERE a > 0 GROUP BY a",
        "SELECT x, sum(x) OVER () FROM (SELECT a AS x, RAISE(IGNORE) AS y FROM t)"]),
    "a RAISE(), row value or wide subquery in a FROM subquery's, view's or common table's "
    "column SQLite never computes (flattened, or made NULL unread) is no error": ([
        "CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)", "CREATE TABLE u(x, y)",
        "CREATE VIEW v AS SELECT a, RAISE(IGNORE) AS r FROM t",
        "CREATE VIEW v2 AS SELECT a FROM t UNION ALL SELECT RAISE(IGNORE) FROM t",
        "CREATE VIEW v3 AS SELECT a, RAISE(IGNORE) AS r FROM t GROUP BY a"], [
        "SELECT x FROM (SELECT 1 AS x, RAISE(IGNORE) AS y)",
        "SELECT x FROM (SELECT a AS x, RAISE(IGNORE) AS y, (1, 2), (SELECT 1, 2) FROM t)",
        "SELECT y FROM (SELECT a AS x, RAISE(IGNORE) AS y FROM t)",
        "SELECT * FROM (SELECT a AS x, RAISE(IGNORE) AS y FROM t)",
        "SELECT a FROM v", "SELECT r FROM v", "SELECT count(*) FROM v", "SELECT a FROM v3",
        "SELECT 1 FROM v2", "SELECT * FROM v2",
        "WITH c AS (SELECT a, RAISE(IGNORE) AS r FROM t) SELECT a FROM c",
        "WITH c AS MATERIALIZED (SELECT a, RAISE(IGNORE) AS r FROM t) SELECT a FROM c",
        "SELECT x FROM (SELECT a AS x, RAISE(IGNORE) AS y FROM t ORDER BY 1 LIMIT 1)",
        "SELECT x FROM (SELECT a AS x, RAISE(IGNORE) AS y FROM t ORDER BY y)",
        "SELECT x FROM (SELECT DISTINCT a AS x, RAISE(IGNORE) AS y FROM t)",
        "SELECT x FROM (SELECT a AS x, 1 FROM t UNION ALL SELECT 1, RAISE(IGNORE))",
        "SELECT x FROM (SELECT a AS x, RAISE(IGNORE) FROM t UNION SELECT 1, 2)",
        "SELECT x FROM (SELECT a AS x, RAISE(IGNORE) AS y FROM t) WHERE y",
        "SELECT x FROM (SELECT a AS x, RAISE(IGNORE), RAISE(ABORT, 'm') AS z FROM t) WHERE z",
        "SELECT x FROM u LEFT JOIN (SELECT a AS q, RAISE(IGNORE) FROM t) AS s ON s.q = u.x",
        "SELECT column1 FROM (VALUES (1, 2), (2, RAISE(IGNORE)), (3, 4))",
        "SELECT column1 FROM (VALUES (1, RAISE(IGNORE)), (2, 3))",
        "SELECT column1 FROM (VALUES (1, 2), (2, (SELECT 1, 2)), (3, (1, 2)))",
        "VALUES (1, RAISE(IGNORE)), (2, 3)",
        "UPDATE t SET b = 1 FROM (SELECT 1 AS x, RAISE(IGNORE) AS y) AS s WHERE s.x = 1",
        "INSERT INTO u SELECT x, 1 FROM (SELECT a AS x, RAISE(IGNORE) AS y FROM t)",
        "INSERT INTO u SELECT * FROM (VALUES (1, RAISE(IGNORE)), (2, 3))",
        "SELECT * FROM u"]),
    "x MATCH y is the call match(y, x), which fails only when it runs: a CHECK, view, "
    "DEFAULT or trigger holding it is created": ([
        "CREATE TABLE t(a, b)", "CREATE TABLE c(x CHECK (x MATCH 1), d DEFAULT (1 MATCH 1))",
        "CREATE VIEW v AS SELECT a MATCH b FROM t",
        "CREATE TRIGGER tr AFTER INSERT ON c BEGIN SELECT new.x NOT MATCH 1; END"], [
        "SELECT a MATCH b FROM t", "SELECT 1 FROM t WHERE 0 AND a MATCH b", "SELECT * FROM v",
        "SELECT 1 MATCH 2", "SELECT nosuch MATCH 2", "SELECT 1 MATCH 2 ESCAPE 3",
        "CREATE INDEX i ON t(a) WHERE a MATCH b", "CREATE TABLE g(x, y AS (x MATCH 1))",
        "INSERT INTO c(x) VALUES (1)", "INSERT INTO t VALUES (1, 2)", "SELECT * FROM v",
        "SELECT name FROM sqlite_schema ORDER BY name"]),
    "integrity_check and quick_check code every CHECK, where a RAISE is an error unless "
    "an AND or OR drops it": ([
        "CREATE TABLE v(a CHECK (1 OR RAISE(IGNORE)), b CHECK (0 AND raise(ignore)))",
        "CREATE TABLE w(a, CHECK (RAISE(IGNORE)))",
        "CREATE TABLE u(a CHECK (a > 0 OR RAISE(ABORT, 'm')))",
        "CREATE TEMP TABLE tt(a CHECK (RAISE(FAIL, 'q')))"], [
        "PRAGMA integrity_check(v)", "PRAGMA main.integrity_check(v)",
        "PRAGMA main.quick_check(v)", "PRAGMA integrity_check(w)", "PRAGMA quick_check(u)",
        "PRAGMA integrity_check(tt)", "PRAGMA integrity_check", "PRAGMA quick_check(5)",
        "DROP TABLE w", "DROP TABLE u", "PRAGMA main.integrity_check",
        "PRAGMA integrity_check"]),
    "a foreign key's MATCH takes any name, parsed and ignored, kept in the schema text": ([
        "CREATE TABLE p(a PRIMARY KEY)", "CREATE TABLE c(y)", "PRAGMA foreign_keys = 1",
        "CREATE TABLE c1(x REFERENCES p MATCH foo ON DELETE CASCADE MATCH 'bar')",
        "CREATE TABLE c2(x, FOREIGN KEY (x) REFERENCES p(a) MATCH [a b] MATCH left "
        "DEFERRABLE INITIALLY DEFERRED)", "INSERT INTO p VALUES (1)", "INSERT INTO c1 VALUES (1)"], [
        "CREATE TABLE c3(x REFERENCES p MATCH none NOT NULL, z REFERENCES p MATCH \"q\")",
        "ALTER TABLE c ADD COLUMN x REFERENCES p MATCH full MATCH key",
        "CREATE TABLE c4(x REFERENCES p MATCH select)", "CREATE TABLE c4(x REFERENCES p MATCH x.y)",
        "CREATE TABLE c4(x REFERENCES p DEFERRABLE MATCH foo)",
        "INSERT INTO c1 VALUES (2)", "DELETE FROM p", "SELECT count(*) FROM c1",
        "PRAGMA foreign_key_list(c2)", "SELECT name, sql FROM sqlite_schema ORDER BY name"]),
    "RENAME COLUMN of a column named CURRENT_DATE leaves the keyword in a CHECK alone, "
    "found renaming every keyword SQLite takes as a column name": ([
        "CREATE TABLE p(x PRIMARY KEY)",
        "CREATE TABLE t(CURRENT_DATE INT PRIMARY KEY, b, CONSTRAINT k2 CHECK (b <> CURRENT_DATE))",
        "CREATE TABLE u(CURRENT_TIME, b, CONSTRAINT k3 CHECK (b <> CURRENT_TIME))"], [
        "ALTER TABLE t RENAME COLUMN CURRENT_DATE TO zz",
        "ALTER TABLE u RENAME COLUMN current_time TO zz", "SELECT sql FROM sqlite_schema"]),
    "RENAME COLUMN rewrites a trigger's UPDATE OF 's', a string SQLite reads as the "
    "column's name (fuzz 94000188)": ([
        "CREATE TABLE t(s PRIMARY KEY, b, c)",
        "CREATE TRIGGER tr AFTER UPDATE OF 's', \"B\" ON t BEGIN SELECT 's', old.'s'; END",
        "CREATE TEMP TRIGGER tt AFTER UPDATE OF 'S', c ON t BEGIN SELECT 1; END"], [
        "ALTER TABLE t RENAME s TO d0", "ALTER TABLE t RENAME b TO d1",
        "SELECT sql FROM sqlite_schema UNION ALL SELECT sql FROM sqlite_temp_schema",
        "UPDATE t SET d0 = 1"]),
    "RENAME TO of a table named like a foreign key action keeps the action's keyword "
    "(fixed-seed case 55 with alter: ON UPDATE CASCADE became ON UPDATE \"Action\")": ([
        "CREATE TABLE cascade(a PRIMARY KEY)", "CREATE TABLE restrict(a PRIMARY KEY)",
        "CREATE TABLE c(x REFERENCES cascade ON UPDATE CASCADE ON DELETE CASCADE, "
        "y REFERENCES restrict(a) ON UPDATE RESTRICT ON DELETE RESTRICT, "
        "FOREIGN KEY (y) REFERENCES cascade ON UPDATE CASCADE)"], [
        "ALTER TABLE cascade RENAME TO n1", "ALTER TABLE restrict RENAME TO n2",
        "SELECT name, sql FROM sqlite_schema"]),
    "RENAME TO / RENAME COLUMN edit the right token after a string qualifier that holds a "
    "quote ('a`b'.c2, 'x''y'.c2; fixed-seed cases 162, 261, 272 with alter)": ([
        "CREATE TABLE t0(a)", "CREATE TABLE tb(c2)",
        "CREATE VIEW v0 AS SELECT 'a`b'.c2 AS c1, (SELECT 0 FROM T0 AS 'ß') AS c2 "
        "FROM tb AS [a`B]",
        "CREATE TEMP VIEW v1 AS SELECT 'x''y'.c2, (SELECT a FROM t0) AS c2 FROM tb AS [x'y]",
        "CREATE TRIGGER tr AFTER INSERT ON tb BEGIN SELECT 'a`b'.c2, (SELECT a FROM t0) "
        "FROM tb AS [a`b]; END"], [
        "ALTER TABLE t0 RENAME TO [in]", "ALTER TABLE tb RENAME COLUMN c2 TO c3",
        "ALTER TABLE [in] RENAME COLUMN a TO b",
        "SELECT sql FROM sqlite_schema UNION ALL SELECT sql FROM sqlite_temp_schema"]),
    "UNIQUE constraint failed names an expression index with its quotes doubled (fixed-seed "
    "case 383 with alter)": ([
        "CREATE TABLE xy(a)", "CREATE UNIQUE INDEX \"x'y\" ON xy(a > 0)",
        "CREATE UNIQUE INDEX [i''j] ON xy(a + 1)"], [
        "INSERT INTO xy VALUES (2), (3)", "INSERT INTO xy VALUES (1), (1)"]),
    "an INSERT's count of values names the target as written, its alias, its schema "
    "(fixed-seed cases 33, 189, 274 with alter)": ([
        'CREATE TABLE "REStRIcT"(q1 PRIMARY KEY)', "CREATE TABLE u(a, b)"], [
        'INSERT INTO "reStricT" VALUES (1, 2)', "INSERT INTO restrict AS x VALUES (1, 2)",
        "INSERT INTO main.reStricT VALUES (1, 2)", "INSERT INTO reStricT SELECT 1, 2",
        "INSERT INTO reStricT VALUES (1, 2) ON CONFLICT DO NOTHING",
        "INSERT INTO U SELECT 1 UNION SELECT 2"]),
    "foreign key mismatch names the parent as the REFERENCES clause wrote it, ADD COLUMN's "
    "too (fixed-seed cases 142, 233 with alter)": ([
        'CREATE TABLE "iGnOrE"(x)', "ALTER TABLE [ignorE] ADD c5 REFERENCES ignorE",
        "CREATE TABLE p(a)", "CREATE TABLE c(x REFERENCES P(a))",
        "CREATE TABLE c2(x REFERENCES [P](zz))", "CREATE VIEW vv AS SELECT 1 AS a",
        "CREATE TABLE c3(x REFERENCES VV)", "CREATE TEMP TABLE tp(a)", "CREATE TEMP TABLE tc(x)",
        "ALTER TABLE tc ADD y REFERENCES [TP](a)", "PRAGMA foreign_keys=ON"], [
        "UPDATE ignore SET c5 = NULL", "INSERT INTO c VALUES (1)", "INSERT INTO c2 VALUES (1)",
        "INSERT INTO c3 VALUES (1)", "INSERT INTO tc VALUES (1, 2)", "DELETE FROM p"]),
    "of several VALUES rows that fail to bind, the last one's error stands: SQLite "
    "resolves a compound's SELECTs last first (fixed-seed case 142 with alter)": ([
        "CREATE TABLE k(e)"], [
        "VALUES (nosuch1), (nosuch2), (nosuch3)", "VALUES (1), (nosuch2), (nosuch3)",
        "VALUES (nosuch1), (2), (3)", "SELECT nosuch0 UNION ALL VALUES (nosuch1), (nosuch2)",
        "INSERT INTO k VALUES (nosuch1), (nosuch2)",
        "SELECT * FROM k WHERE e IN (VALUES (nosuch1), (nosuch2))",
        "WITH c(x) AS (VALUES (nosuch1), (nosuch2)) SELECT * FROM c",
        "SELECT * FROM (VALUES (1, 2), (NULL, (NULL NOT IN (SELECT NULL FROM k AS a79 "
        "WHERE a79.c7))), (NULL, (CASE WHEN (NULL IN (SELECT NULL FROM k AS a81 WHERE "
        "a81.C7)) THEN NULL END)))"]),
    "an UPDATE's or a DO UPDATE's SET subquery with no plan fails it before its foreign "
    "key action's program does: SQLite codes the SET first and keeps that error "
    "(fixed-seed case 329 with alter)": ([
        "PRAGMA foreign_keys=ON", "CREATE TABLE p(id INTEGER PRIMARY KEY, v)",
        "CREATE TABLE c(x, g AS (x + 1), FOREIGN KEY (g) REFERENCES p(id) ON UPDATE SET NULL)",
        "CREATE INDEX i ON c(x) WHERE g = 1"], [
        "UPDATE p SET id = 2, v = (SELECT 1 FROM c INDEXED BY i)",
        "UPDATE p SET v = (SELECT 1 FROM c INDEXED BY i), id = 2", "UPDATE p SET id = 2",
        "INSERT INTO p VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET id = 2, "
        "v = (SELECT 1 FROM c INDEXED BY i)",
        "INSERT INTO p VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET id = 2"]),
    "after an ambiguous USING column is noted, a view met next still has its query's "
    "tables looked up: a missing one replaces the message, a missing column does not "
    "(fixed-seed case 380 with alter)": ([
        "CREATE TABLE a(plan)", "CREATE TABLE t1(plan)", "CREATE TABLE x(y)",
        "CREATE VIEW v AS SELECT y FROM x", "CREATE VIEW fine AS SELECT plan FROM a",
        "CREATE VIEW v2 AS SELECT * FROM v", "CREATE VIEW v3 AS SELECT nosuchcol FROM a",
        "DROP TABLE x"], [
        f"SELECT 1 FROM a FULL JOIN t1 AS f ON NULL NATURAL FULL JOIN t1 AS w WHERE {w}"
        for w in ("NULL NOT IN (SELECT NULL FROM v)", "NULL NOT IN (SELECT NULL FROM fine)",
                  "NULL NOT IN (SELECT NULL FROM v2)", "NULL NOT IN (SELECT NULL FROM v3)",
                  "EXISTS (SELECT 1 FROM fine, v)", "EXISTS (SELECT 1 FROM a, v)")] + [
        "SELECT (SELECT 1 FROM v) FROM a FULL JOIN t1 AS f ON NULL NATURAL FULL JOIN t1 AS w"]),
    "foreign key mismatch doubles a double quote in the child's and the parent's names "
    "(fixed-seed case 184 with alter)": ([
        'CREATE TABLE `a"B`(x, y, PRIMARY KEY (x, y))',
        'ALTER TABLE [A"b] ADD COLUMN q REFERENCES `A"b` ON DELETE CASCADE',
        'CREATE TABLE [c"d](z REFERENCES [a"B](y))', "PRAGMA foreign_keys=ON"], [
        "INSERT INTO 'A\"b' DEFAULT VALUES", 'INSERT INTO [c"d] VALUES (1)',
        'DELETE FROM [a"B]']),
    "RENAME TO of a table whose name holds a quote rewrites the views and triggers that "
    "write it with the quote doubled (fuzz 69000095, fixed-seed cases 4, 78)": ([
        "CREATE TABLE \"A`b\"(c1)", "CREATE VIEW v AS SELECT c1 FROM `a``b` AS z",
        "CREATE TRIGGER tr AFTER INSERT ON `a``b` BEGIN DELETE FROM `a``b`; END",
        "CREATE TABLE [x'Y](c1)", "CREATE VIEW v2 AS SELECT c1 FROM 'x''Y'",
        "CREATE TABLE [A\"b](c1)", "CREATE VIEW v3 AS SELECT c1 FROM \"a\"\"b\""], [
        "ALTER TABLE `a``b` RENAME TO n1", "ALTER TABLE 'x''Y' RENAME TO n2",
        "ALTER TABLE [a\"b] RENAME TO n3", "SELECT name, sql FROM sqlite_schema ORDER BY name"]),
    "after PRAGMA case_sensitive_like an ALTER refuses a schema whose index or generated "
    "column holds a LIKE, as SQLite reads its texts again (fuzz 69000059, fixed-seed "
    "cases 60, 158, 390)": ([
        "CREATE TABLE w(a, b)", "CREATE INDEX k ON w(a LIKE 'y', b) WHERE b LIKE 'x'",
        "CREATE TABLE w2(a, b AS (a LIKE 'x'))", "CREATE TABLE v(a, b)",
        "CREATE TEMP TABLE tt(a)", "CREATE INDEX temp.k2 ON tt(a) WHERE a LIKE 'x'",
        "PRAGMA case_sensitive_like = 0"], [
        "ALTER TABLE v RENAME COLUMN a TO aa", "ALTER TABLE v RENAME TO v2",
        "ALTER TABLE w RENAME TO w3", "ALTER TABLE v DROP COLUMN a", "DROP INDEX k",
        "ALTER TABLE v DROP COLUMN a", "DROP TABLE w2", "ALTER TABLE v RENAME COLUMN a TO aa",
        "SELECT name, sql FROM sqlite_schema"]),
    # SQLite's connection cannot load its schema after such an ADD COLUMN: each is last
    "ADD COLUMN after PRAGMA case_sensitive_like, a LIKE in an index of main": ([
        "CREATE TABLE w(a, b)", "CREATE INDEX k ON w(b) WHERE b LIKE 'x'",
        "CREATE TABLE v(a, b)", "PRAGMA case_sensitive_like = 1"],
        ["ALTER TABLE v ADD COLUMN c"]),
    "ADD COLUMN after PRAGMA case_sensitive_like, a LIKE in a generated column": ([
        "CREATE TABLE w(a, b AS (a LIKE 'x'))", "PRAGMA case_sensitive_like = 1"],
        ["ALTER TABLE w ADD COLUMN c"]),
    "ADD COLUMN after PRAGMA case_sensitive_like, a LIKE in an index of temp": ([
        "CREATE TABLE v(a, b)", "CREATE TEMP TABLE tt(a)",
        "CREATE INDEX temp.k2 ON tt(a) WHERE a LIKE 'x'", "PRAGMA case_sensitive_like = 1"],
        ["ALTER TABLE v ADD COLUMN c"]),
    "DROP COLUMN: an index's WHERE before its column list, every index's plain name before "
    "any double-quoted one, the table's before its indexes' (fixed-seed cases 13, 42, 73)": ([
        "CREATE TABLE t1(a, b, c)", 'CREATE INDEX i1 ON t1(a, "b")',
        "CREATE INDEX i2 ON t1(a) WHERE b > 0", "CREATE TABLE t2(a, b, c)",
        'CREATE INDEX i3 ON t2(a, "b") WHERE "B" > 0', "CREATE TABLE t3(a, b, c)",
        "CREATE INDEX i4 ON t3(a, 'b') WHERE \"B\" > 0",
        'CREATE TABLE t4(a, b, c, CHECK ("b" > 0))', "CREATE INDEX i5 ON t4(a, [B] COLLATE nocase)",
        'CREATE TABLE t5(a, b, c, CHECK ("b" > 0))', 'CREATE INDEX i6 ON t5(a, abs("b"))',
        'CREATE TABLE t6(a, b, c)', 'CREATE INDEX i7 ON t6(a, b) WHERE "B" > 0'], [
        "ALTER TABLE t1 DROP COLUMN b", "ALTER TABLE t2 DROP COLUMN b",
        "ALTER TABLE t3 DROP COLUMN b", "ALTER TABLE t4 DROP COLUMN b",
        "ALTER TABLE t5 DROP COLUMN b", "ALTER TABLE t6 DROP COLUMN b"]),
    "a key list's double-quoted name that is no column is a string, an expression; names "
    "are checked in the order of the text, CHECKs before generated columns (fuzz 69000044, "
    "fixed-seed case 392)": ([], [
        'CREATE TABLE t1(a, UNIQUE("zz"))', 'CREATE TABLE t2(a, UNIQUE(zy, "zz"))',
        'CREATE TABLE t3(a, PRIMARY KEY("zz" COLLATE nocase))', "CREATE TABLE t4(a, UNIQUE('zz'))",
        'CREATE TABLE t5(a, FOREIGN KEY(zz) REFERENCES t, UNIQUE("zz"))',
        'CREATE TABLE t6(a, UNIQUE(a, "zz"), FOREIGN KEY(zz) REFERENCES t)',
        "CREATE TABLE t7(a, c CHECK(zz), d AS (yy))", "CREATE TABLE t8(a, d AS (yy), CHECK(zz))",
        "CREATE TABLE t9(d AS (yy), CHECK(zz))", "CREATE TABLE t10(a, d AS (yy), CHECK((SELECT 1)))"]),
    "DROP COLUMN: the new text's errors in SQLite's order, a double-quoted name of the "
    "dropped column in a CHECK or generated column no string, but only after every other "
    "error (fuzz 69000042, 69000044)": ([
        'CREATE TABLE k1(a, b, c, UNIQUE("b", a))', 'CREATE TABLE k2(a, b, c, UNIQUE(a, "B"), '
        "FOREIGN KEY(b) REFERENCES k1)", "CREATE TABLE k3(a, b, c, FOREIGN KEY(b) REFERENCES k1, "
        'UNIQUE(c, "b"))', 'CREATE TABLE c1(a, b, c, CHECK("B"))',
        'CREATE TABLE c2(a, b, c CHECK("B"), d AS ("b"))', 'CREATE TABLE c3(a, b, c AS ("b"), '
        "d CHECK(B))", 'CREATE TABLE c4(a, b, c AS (B + "b"), d CHECK("B" + b))',
        'CREATE TABLE c5(a, b, c CHECK("zz"), d AS ("yy"), CHECK("b" = 1 OR "zz"))',
        'CREATE TABLE c6(a, b, c CHECK("zz"), d AS ("yy" || c))'], [
        "ALTER TABLE k1 DROP COLUMN b", "ALTER TABLE k2 DROP COLUMN b",
        "ALTER TABLE k3 DROP COLUMN b", "ALTER TABLE c1 DROP COLUMN b",
        "ALTER TABLE c2 DROP COLUMN b", "ALTER TABLE c3 DROP COLUMN b",
        "ALTER TABLE c4 DROP COLUMN b", "ALTER TABLE c5 DROP COLUMN b",
        "ALTER TABLE c6 DROP COLUMN b", "SELECT a, c, d FROM c6"]),
    "an upsert target's terms are resolved before its WHERE, a qualified term names the "
    "column and excluded.x none (fuzz 69000068)": ([
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c)",
        "CREATE UNIQUE INDEX ic ON t(c) WHERE c > 0", "INSERT INTO t VALUES (3, 1, 1)"], [
        "INSERT INTO t VALUES (3, NULL, 1) ON CONFLICT (`C9`) WHERE [c9] DO UPDATE SET "
        "\"C9\" = NULL ON CONFLICT (c9) DO UPDATE SET b = 0",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (C4) WHERE c5 DO NOTHING",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (a, C3) WHERE c5 DO NOTHING",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (t.a) WHERE zz DO NOTHING",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (excluded.b) DO NOTHING",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (c) WHERE excluded.c > 0 DO NOTHING",
        "INSERT INTO t AS x VALUES (3, 1, 1) ON CONFLICT (t.b) DO NOTHING",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (t.b) DO UPDATE SET c = 7",
        "INSERT INTO t AS x VALUES (3, 1, 1) ON CONFLICT (x.b COLLATE binary) "
        "DO UPDATE SET c = c + 1",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (main.t.a) DO UPDATE SET c = c + 1",
        "INSERT INTO t VALUES (3, 1, 1) ON CONFLICT (t.rowid) DO UPDATE SET c = c + 1",
        "INSERT INTO t VALUES (4, 2, 9) ON CONFLICT (t.c) WHERE t.c > 0 "
        "DO UPDATE SET c = c + 1", "SELECT * FROM t"]),
    "DROP COLUMN's index error names the column as the index wrote it, a string too "
    "(fuzz 69000070)": ([
        "CREATE TABLE q1(`on` REAL, c1 UNIQUE)", "CREATE INDEX QuEry ON q1('ON')",
        "CREATE TABLE q2(a, b)", "CREATE INDEX i2 ON q2(b || 'A', \"A\")"], [
        "ALTER TABLE q1 DROP COLUMN [on]", "ALTER TABLE q2 DROP COLUMN a"]),
    "RENAME COLUMN through a trigger that names the column by a string (fuzz 69000000)": ([
        "CREATE TABLE naMe('é' ANY, \"c2\" BLOB, PRIMARY KEY (c2) ON CONFLICT FAIL) STRICT",
        "CREATE TABLE tBl(\"sEt\" VARCHAR(10), w, PRIMARY KEY ('set') ON CONFLICT ROLLBACK)",
        "CREATE TRIGGER \"aFTER\" AFTER INSERT ON [tBL] BEGIN UPDATE OR IGNORE `TbL` SET "
        "'sET' = new.\"Set\" WHERE \"sET\" IS NOT new.'Set'; DELETE FROM nAME WHERE é = "
        "new.\"Set\"; END",
        "CREATE TRIGGER bf BEFORE DELETE ON tbl BEGIN SELECT old.'w', 'w'; END"], [
        'ALTER TABLE TBL RENAME [SEt] TO "123"', "ALTER TABLE tbl RENAME w TO 'x y'",
        "SELECT name, sql FROM sqlite_schema ORDER BY name"]),
    "RENAME COLUMN through views that name the column by a string (fuzz 69000013)": ([
        "CREATE TABLE t(a, c)", "CREATE VIEW v1 AS SELECT x.'a' + 1 FROM t AS x",
        "CREATE VIEW v2 AS SELECT t.'c', (NULL IS NOT DISTINCT FROM t.'a') FROM t",
        "CREATE VIEW v3 AS SELECT 'a' FROM t"], [
        "ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN c TO 'İd'",
        "SELECT name, sql FROM sqlite_schema ORDER BY name"]),
    "an INSERT's unknown column names the target as written (fuzz 69000005, 69000056)": ([
        "CREATE TABLE Tab(a)", "CREATE VIEW Vw AS SELECT a FROM tab",
        "CREATE TRIGGER tr INSTEAD OF INSERT ON vw BEGIN SELECT 1; END",
        "CREATE TEMP TABLE tt(a)"], [
        "INSERT INTO TAB(zz) VALUES (1)", "INSERT INTO main.tAB(zz) VALUES (1)",
        "INSERT INTO tAB AS q(zz) VALUES (1)", "INSERT INTO VW(zz) VALUES (1)",
        "INSERT INTO temp.TT(zz) VALUES (1)", 'INSERT INTO "TT" AS "Q"(zz) VALUES (1)',
        "INSERT INTO [vW] AS k(zz) VALUES (1)", "INSERT INTO Tab(a, zz) SELECT 1, 2"]),
    "a one-pass UPDATE writes each row before its WHERE reads the next (fixed-seed 155)": ([
        "CREATE TABLE u(g, y UNIQUE)", "CREATE TABLE t(g BLOB, y UNIQUE, n AS (y = g) STORED)",
        "CREATE TABLE n(g, y)",
        "INSERT INTO u(g, y) VALUES (1, 2), (2, 3), (-9223372036854775808, 'a')",
        "INSERT INTO t(g, y) VALUES ('_', 2), ('abc', 3), (X'C3A9', 'a')",
        "INSERT INTO n VALUES (1, 2), (-9223372036854775808, 3), (-9223372036854775808, 'a')"], [
        "UPDATE u SET y = 0 WHERE abs(g) NOT NULL",
        "UPDATE t SET y = 0 WHERE (json_set(0, '$[#]', +g) NOT NULL)",
        "UPDATE n SET y = abs(g) + 0 WHERE json(CASE WHEN y = 'a' THEN 'x' ELSE 1 END) NOT NULL",
        "UPDATE n SET y = abs(g) WHERE abs(g + (y = 'a')) NOT NULL",
        "UPDATE u SET y = y + 10 WHERE g > 0", "SELECT * FROM u ORDER BY rowid",
        "UPDATE n SET y = 7 WHERE y IS NOT 'a'", "SELECT * FROM n ORDER BY rowid"]),
    "REPLACE's recursive DELETE triggers writing the table: rechecks, pinned cursor (fuzz 127)": ([
        "CREATE TABLE t0(c0 UNIQUE)", "CREATE TRIGGER tr0 AFTER DELETE ON t0 BEGIN "
        "INSERT INTO t0(c0) VALUES (old.c0); END", "INSERT INTO t0(c0) VALUES (1), (2)",
        "CREATE TABLE b(c0 UNIQUE)", "CREATE TRIGGER trb BEFORE DELETE ON b BEGIN "
        "INSERT INTO b(c0) VALUES (old.c0 + 10); END", "INSERT INTO b(c0) VALUES (1), (2)",
        "CREATE TABLE k(k INTEGER PRIMARY KEY, c0)", "CREATE TRIGGER trk AFTER DELETE ON k "
        "BEGIN INSERT INTO k VALUES (old.k, 9); END", "INSERT INTO k VALUES (1, 1), (2, 2)",
        "CREATE TABLE w(k PRIMARY KEY, c0) WITHOUT ROWID", "CREATE TRIGGER trw AFTER DELETE "
        "ON w BEGIN INSERT INTO w VALUES (old.k, 9); END", "INSERT INTO w VALUES (1, 1), (2, 2)",
        "CREATE TABLE u(a UNIQUE, b UNIQUE)", "CREATE TRIGGER tru AFTER DELETE ON u BEGIN "
        "INSERT INTO u VALUES (old.a, old.b + 10); END", "INSERT INTO u VALUES (1, 1), (2, 2)",
        "CREATE TABLE n(c0 UNIQUE)", "CREATE TRIGGER trn AFTER DELETE ON n BEGIN "
        "DELETE FROM n WHERE c0 = 99; END", "INSERT INTO n VALUES (1), (2)",
        "PRAGMA recursive_triggers = ON"], [
        "UPDATE OR REPLACE t0 SET c0 = 5", "UPDATE OR REPLACE t0 SET c0 = 1 WHERE c0 = 2",
        "INSERT OR REPLACE INTO t0 VALUES (1)", "UPDATE OR REPLACE b SET c0 = 1 WHERE c0 = 2",
        "UPDATE OR REPLACE k SET k = 1 WHERE k = 2", "INSERT OR REPLACE INTO k VALUES (1, 7)",
        "UPDATE OR REPLACE w SET k = 1 WHERE k = 2", "INSERT OR REPLACE INTO w VALUES (1, 7)",
        "UPDATE OR REPLACE u SET a = 1 WHERE a = 2", "INSERT OR REPLACE INTO u VALUES (1, 7)",
        "UPDATE OR REPLACE n SET c0 = 1 WHERE c0 = 2", "SELECT rowid, * FROM t0",
        "SELECT rowid, * FROM b", "SELECT * FROM k", "SELECT * FROM w", "SELECT rowid, * FROM u",
        "SELECT rowid, * FROM n", "PRAGMA recursive_triggers = OFF",
        "UPDATE OR REPLACE t0 SET c0 = 1 WHERE c0 = 2", "SELECT rowid, * FROM t0"]),
    "a RIGHT JOIN's loop over unmatched rows tests the WHERE on matched ones (fuzz 88000076)": ([
        "CREATE TABLE t(a)", "INSERT INTO t VALUES (1), (2)", "CREATE TABLE u(b)",
        "INSERT INTO u VALUES (1)"], [
        "SELECT 1 FROM t AS i RIGHT JOIN t ON 1 "
        "WHERE 1 NOT IN (i.a + t.a - 1, abs(-9223372036854775808))",
        "SELECT 1 FROM t AS i FULL JOIN t ON i.a = t.a "
        "WHERE 1 NOT IN (i.a + t.a - 1, abs(-9223372036854775808))",
        "SELECT * FROM t RIGHT JOIN u ON t.a = u.b WHERE t.a + u.b = 2 OR abs(-9223372036854775808)",
        "SELECT * FROM t RIGHT JOIN u ON t.a = u.b "
        "WHERE (t.a IS NULL OR abs(-9223372036854775808)) AND u.b = 1",
        "SELECT * FROM t RIGHT JOIN u ON t.a = u.b WHERE u.b = 2 AND abs(-9223372036854775808 + t.a * 0)",
        "SELECT * FROM u RIGHT JOIN t ON t.a = u.b "
        "WHERE CASE WHEN u.b IS NULL THEN 1 ELSE abs(-9223372036854775808) END",
        "SELECT * FROM t RIGHT JOIN u ON t.a = u.b WHERE t.a + u.b = 2 OR u.b",
        "SELECT * FROM json_tree('1e999') AS i RIGHT JOIN u ON 1 "
        "WHERE 1 NOT IN (u.b <> i.atom, json_array_length('{\"a\":1'))"]),
    "PRAGMA case_sensitive_like makes LIKE non-deterministic (fuzz 88000008)": ([
        "CREATE TABLE t(a, b)", "CREATE TABLE e(a)", "INSERT INTO t VALUES (1, 2), ('x', 3)",
        "CREATE INDEX i0 ON t(a LIKE 'x')", "PRAGMA case_sensitive_like = OFF"], [
        "SELECT 1 FROM e WHERE 1 LIKE 'a' ESCAPE ''", "SELECT 1 FROM e WHERE like('a', 1, '')",
        "DELETE FROM e WHERE (1 NOT LIKE 'ab' ESCAPE '')",
        "SELECT (SELECT 1 FROM e WHERE 1 LIKE 'a' ESCAPE '')",
        "SELECT 1 FROM t WHERE 1 LIKE 'a' ESCAPE ''", "CREATE INDEX i1 ON t(a LIKE 'x')",
        "CREATE INDEX i2 ON t(a) WHERE b LIKE 'x'", "CREATE INDEX i3 ON t(like('x', a))",
        "CREATE TABLE g(a, b AS (a LIKE 'x'))", "CREATE TABLE ch(a CHECK (a LIKE 'x'))",
        "INSERT INTO t VALUES ('X', 4)", "SELECT a, a LIKE 'X' FROM t ORDER BY b",
        "SELECT 1 FROM e WHERE 1 GLOB 'a' ESCAPE ''", "PRAGMA case_sensitive_like = ON",
        "SELECT 1 FROM e WHERE 1 LIKE 'a' ESCAPE ''", "SELECT a, a LIKE 'X' FROM t ORDER BY b"]),
    "an upsert's target is no REPLACE, so no cascade's trigger is coded (fuzz 67003034)": ([
        "CREATE TABLE t0(c0 REAL, c3 INT CHECK (coalesce(c3, 0) < 1000) UNIQUE)",
        "CREATE TABLE t1(c1 BLOB, c2 AS (nullif(c1, 1)) VIRTUAL, "
        "FOREIGN KEY (c2) REFERENCES t0(c3) ON DELETE CASCADE)",
        "CREATE TRIGGER tr1 AFTER DELETE ON t1 WHEN old.c1 IS NOT NULL BEGIN "
        "INSERT OR IGNORE INTO t2(c2) VALUES (old.c2); END"], [
        "INSERT OR REPLACE INTO t0 VALUES (NULL, 5) ON CONFLICT (c3) DO NOTHING",
        "INSERT OR REPLACE INTO t0 VALUES (NULL, 5000) ON CONFLICT (c3) DO NOTHING",
        "INSERT OR REPLACE INTO t0 VALUES (1, 5) ON CONFLICT (c3) DO UPDATE SET c0 = 2",
        "INSERT OR REPLACE INTO t0 VALUES (1, 6)", "SELECT * FROM t0 ORDER BY c3"]),
    "WHERE pushed into UNION ALL arms compares under each arm's affinity (fuzz 66002141)": ([
        "CREATE TABLE t1(c0 TEXT)", "CREATE TABLE t(a TEXT, b INT)",
        "INSERT INTO t VALUES ('0', 0), ('1', '1'), ('abc', 2)",
        "CREATE VIEW v0(c0) AS SELECT NULL AS c0 FROM (VALUES (CAST(0 AS NCHAR(5))) "
        "UNION ALL SELECT 1) AS a1 WHERE (0 NOT BETWEEN a1.column1 AND NULL)"], [
        "SELECT NULL FROM t1 AS a62 NATURAL RIGHT JOIN v0 AS a63, v0 AS a64",
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c UNION ALL SELECT 1) WHERE 0 < c",
        "SELECT * FROM (SELECT 1 AS c UNION ALL SELECT CAST(0 AS TEXT)) WHERE c > 0",
        "SELECT * FROM (SELECT t.a AS c FROM t UNION ALL SELECT t.b FROM t) WHERE c = 0",
        "SELECT * FROM (SELECT t.b AS c FROM t UNION ALL SELECT '1') WHERE c = '1'",
        "SELECT * FROM (SELECT x'30' AS c UNION ALL SELECT t.a FROM t) WHERE c BETWEEN 0 AND '1'",
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c UNION ALL SELECT 1) WHERE 0 < +c"]),
    "a DISTINCT query's window functions see an unused LEFT JOIN's rows (fuzz 80000107)": ([
        "CREATE TABLE t1(c0 ANY) STRICT", "INSERT INTO t1 VALUES (-2), ('  -3  ')",
        "CREATE TABLE u(k INTEGER PRIMARY KEY)", "INSERT INTO u VALUES (1)"], [
        "SELECT DISTINCT rank() OVER (PARTITION BY 0 ORDER BY a42.c0), NULL FROM t1 AS a38 "
        "LEFT JOIN t1 AS a39 ON 1, t1 AS a42 ORDER BY 1, 2 DESC",
        "SELECT DISTINCT count(*) OVER () FROM t1 LEFT JOIN t1 AS b ON 1",
        "SELECT DISTINCT count(*) OVER (), t1.c0 FROM t1 LEFT JOIN t1 AS b ON json(b.c0)",
        "SELECT DISTINCT count(*) OVER () FROM t1 LEFT JOIN u ON u.k = t1.c0",
        "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t1 AS b ON json(b.c0)"]),
    "a keyword column named twice where sqlglot moves the PRIMARY KEY (fuzz 84300191)": ([
        "CREATE TABLE k(a STRING DEFAULT -2147483648, Abort DOUBLE DEFAULT -1e999, "
        "PRIMARY KEY (Abort))",
        "CREATE TABLE z4(replace INT DEFAULT 1, PRIMARY KEY (replace DESC))"], [
        "INSERT INTO k VALUES (1, 2)", "SELECT * FROM k", "SELECT * FROM z4",
        "CREATE TABLE z6(x INT DEFAULT 1, PRIMARY KEY (x abort))",
        "SELECT name, pk FROM pragma_table_info('k')"]),
    "an outer join SQLite makes inner folds x OR 1 in its ON (fuzz 84000253)": ([
        "CREATE TABLE t0(c0, c1)", "CREATE TABLE t1(c0, c1)",
        "INSERT INTO t0 VALUES (1, 2), (NULL, 3)", "INSERT INTO t1 VALUES (1, 5)",
        "CREATE INDEX i0 ON t0(c0) WHERE c1 > 10"], [
        "SELECT 1 FROM t0 AS a5 RIGHT JOIN (SELECT 1) AS a6 "
        "ON (abs(-9223372036854775808) OR 1) WHERE a5.c0",
        "SELECT 1 FROM t0 AS a5 RIGHT JOIN (SELECT 1) AS a6 ON (abs(-9223372036854775808) OR 1)",
        "SELECT 1 FROM (SELECT 1) AS a6 LEFT JOIN t0 AS a5 "
        "ON (abs(a5.c0 - 9223372036854775807 - 2) OR 1) WHERE a5.c0",
        "SELECT * FROM t0 FULL JOIN t1 ON (abs(-9223372036854775808) OR 1) WHERE t0.c0 AND t1.c0",
        "SELECT * FROM t0 FULL JOIN t1 ON (abs(-9223372036854775808) OR 1) WHERE t0.c0",
        "SELECT * FROM t0 LEFT JOIN t1 ON (abs(-9223372036854775808) AND 0) "
        "WHERE t1.c0 IS NOT NULL",
        "SELECT * FROM t0 LEFT JOIN t1 ON t1.c0 = t0.c0 AND (abs(-9223372036854775808) OR 1) "
        "WHERE t1.c0 + 1",
        "SELECT * FROM t0 LEFT JOIN t1 ON (EXISTS (SELECT 1 FROM t0 INDEXED BY i0) OR 1) "
        "WHERE t1.c0 > 0",
        "SELECT * FROM t0 LEFT JOIN t1 ON (EXISTS (SELECT 1 FROM t0 INDEXED BY i0) OR 1) "
        "WHERE t1.c0 IS NULL",
        "SELECT NULL FROM t0 AS a5 RIGHT JOIN (VALUES (NULL, NULL)) AS a6 "
        "ON (EXISTS (SELECT NULL FROM t0 INDEXED BY i0) OR 1) WHERE a5.c0",
        "SELECT * FROM t0 AS a LEFT JOIN t1 ON (abs(-9223372036854775808) OR 1) "
        "LEFT JOIN t0 AS b ON (abs(-9223372036854775808) OR 1) WHERE b.c0 = t1.c1"]),
    "a generated column reads a column named replace (fuzz 84300135)": ([
        "CREATE TABLE t1(replace INT, b AS (replace IN (1, 2)), c AS (replace + 1) STORED)",
        "INSERT INTO t1(replace) VALUES (1), (5)"], [
        "SELECT * FROM t1", "ALTER TABLE t1 RENAME COLUMN replace TO r",
        "SELECT sql FROM sqlite_schema",
        "CREATE TABLE t2(replace INT, b AS (replace nosuch))"]),
    "a view's missing table named with a dot is named with the view's schema (fuzz 84300061)": ([
        "CREATE VIEW v AS SELECT 1 FROM [x.y]", "CREATE VIEW v4 AS SELECT 1 FROM main.nosuch",
        "CREATE VIEW v6 AS SELECT 1 FROM \"main.x\"",
        "CREATE TEMP VIEW v3 AS SELECT 1 FROM [p.q]"], [
        "SELECT * FROM v", "SELECT * FROM v4", "SELECT * FROM v6", "SELECT * FROM v3",
        "SELECT * FROM [x.y]"]),
    "a result alias is seen after the result list, also by subqueries of WHERE/HAVING": ([
        "CREATE TABLE t(a INT, b TEXT)", "INSERT INTO t VALUES (1, '2'), (3, '4')",
        "CREATE TABLE u(b INT)", "INSERT INTO u VALUES (7)"], [
        "SELECT 1 AS y, y", "SELECT a AS y, y + 1 AS z FROM t",
        "SELECT a AS y, sum(a) OVER (ORDER BY y) FROM t",
        "SELECT a AS y, a + 1 AS z FROM t WHERE z > 2 ORDER BY y",
        "SELECT a AS y FROM t WHERE (SELECT y) = 1",
        "SELECT a AS y, count(*) FROM t GROUP BY y HAVING (SELECT y) > 0 ORDER BY (SELECT y)",
        "SELECT a AS y FROM t WHERE EXISTS (SELECT 1 FROM u WHERE b > y + 5)",
        "SELECT count(*) AS n FROM t HAVING (SELECT n) > 0",
        "SELECT a AS b FROM t WHERE (SELECT b FROM u) = 7",
        "SELECT a + 1 AS y FROM t GROUP BY (SELECT y)",
        "SELECT (SELECT 5 AS b FROM u WHERE b = 5) FROM t",
        "SELECT main.t.b FROM t AS x", "SELECT MAIN.t.b FROM t AS x",
        "SELECT temp.t.b FROM t", "SELECT main.x.b FROM t AS x"]),
    "a string names a column where SQLite's nm reads one (fuzz feature names)": ([
        "CREATE TABLE t('a' INT, b, 'c', \"d\" TEXT, CHECK ('a' <> a), PRIMARY KEY ('a'))",
        "CREATE TEMP TABLE u('x' INTEGER PRIMARY KEY, 'y')",
        "INSERT INTO t('a', b, 'c', d) VALUES (1, 2, 3, 4)", "INSERT INTO u VALUES (1, 2)",
        "CREATE TABLE v AS VALUES (1, 'a'), (2, 'b')"], [
        "SELECT sql FROM sqlite_schema WHERE name = 'v'", "SELECT * FROM v",
        "SELECT a, 'a', c, \"c\", 't'.'c', +t.'a', +'t'.'b', -t.'d', typeof(+t.'d') FROM t",
        "SELECT name, type FROM pragma_table_info('t')", "SELECT x, y FROM u",
        "WITH 'w'('q') AS (SELECT 1), 'x'(r) AS (SELECT 2) SELECT * FROM w, x",
        "WITH RECURSIVE 'w'('q') AS (SELECT 1 UNION ALL SELECT q + 1 FROM w WHERE q < 3) "
        "SELECT * FROM w",
        "WITH 'w' AS (SELECT 1 AS q) SELECT q FROM 'w'",
        "SELECT 'x' FROM t WHERE 'a' IN (SELECT 'a' FROM (SELECT 1 AS 'a', 2))",
        "SELECT sql FROM sqlite_schema ORDER BY name"]),
    "RENAME COLUMN rewrites a name written as a string (fuzz feature names)": ([
        "CREATE TABLE t(a INT, 'e' INT, \"x\" INT, y INT, PRIMARY KEY ('e', x), "
        "UNIQUE (\"e\"), CHECK ('e' <> e))",
        "CREATE INDEX i ON t('e', \"e\", lower('e'), 'e' COLLATE NOCASE)",
        "CREATE TABLE p('k' INT PRIMARY KEY, 'm' UNIQUE)",
        "CREATE TABLE c(x INT, FOREIGN KEY ('x') REFERENCES p('k'), "
        "FOREIGN KEY (x) REFERENCES p('m'))",
        "ALTER TABLE t RENAME COLUMN 'e' TO 'f'", "ALTER TABLE p RENAME COLUMN k TO k2",
        "ALTER TABLE p RENAME COLUMN 'm' TO m2", "ALTER TABLE c RENAME COLUMN 'x' TO x2",
        "ALTER TABLE t ADD COLUMN 'g' INT", "ALTER TABLE t RENAME 'g' TO 'h'"], [
        "SELECT name, sql FROM sqlite_schema ORDER BY name",
        "SELECT name FROM pragma_table_info('t')"]),
    "last_insert_rowid() changes as each row is written (fuzz 63001274, 63002396)": ([
        "CREATE TABLE t(a)", "CREATE TABLE t0(c0 INTEGER PRIMARY KEY)",
        "CREATE TABLE t2(c0, PRIMARY KEY (c0))"], [
        "INSERT INTO t SELECT last_insert_rowid() FROM (VALUES (1), (2), (3))",
        "INSERT INTO t VALUES (last_insert_rowid()), (last_insert_rowid())",
        "INSERT INTO t VALUES (10) UNION ALL VALUES (last_insert_rowid()), (changes())",
        "INSERT OR IGNORE INTO t2 VALUES (NULL) UNION ALL VALUES (NULL), (last_insert_rowid())",
        "INSERT OR FAIL INTO t0(c0) VALUES (5), (last_insert_rowid())",
        "SELECT last_insert_rowid()", "INSERT INTO t SELECT last_insert_rowid() FROM t",
        "INSERT INTO t0 VALUES (200), (300) RETURNING last_insert_rowid()",
        "INSERT INTO t0 VALUES (50), (50)", "SELECT last_insert_rowid()",
        "INSERT OR IGNORE INTO t0 VALUES (70), (70)", "SELECT last_insert_rowid()",
        "SELECT rowid, * FROM t", "SELECT * FROM t0", "SELECT rowid, * FROM t2"]),
    "a WITHOUT ROWID table's AFTER INSERT triggers set no last_insert_rowid() (fuzz "
    "86000380)": ([
        "CREATE TABLE w(a, b, PRIMARY KEY (a)) WITHOUT ROWID", "CREATE TABLE t(x)",
        "CREATE TRIGGER tw AFTER INSERT ON w BEGIN INSERT INTO t VALUES "
        "(last_insert_rowid()); DELETE FROM w WHERE a = 0; END"], [
        "INSERT INTO w VALUES (1, 3)", "SELECT last_insert_rowid()",
        "INSERT INTO t VALUES (7)", "INSERT INTO w VALUES (2, 3), (3, 4)",
        "SELECT last_insert_rowid()", "SELECT rowid, x FROM t"]),
    "likelihood()'s probability is checked where SQLite resolves the row (fuzz 73500349)": ([
        "CREATE TABLE t(a, b)"], [
        "INSERT INTO t VALUES (1, 2), (likelihood(3, 1), 4)",
        "INSERT INTO t VALUES (likelihood(3, 1), 4)",
        "INSERT INTO t VALUES (likelihood(3, 1), 4), (5, 6)",
        "INSERT INTO t VALUES (1, 2), (likelihood(3, 1.5), 4), (likelihood(5, NULL), 8)",
        "INSERT INTO t VALUES (1, 2), (likelihood(3, 0.5), 4)",
        "INSERT INTO t VALUES (1, 2), (likelihood(3, 1), nosuch)",
        "INSERT INTO t VALUES (1, 2), (likelihood(3, 1), 4), (nosuch, 6)",
        "INSERT INTO t VALUES (1, 2), (likelihood(a, 1), 4)",
        "INSERT INTO t VALUES (CAST(1 AS INT), 2), (likelihood(3, 1), 4)",
        "INSERT INTO t VALUES (1, 2), (random(), 3), (likelihood(3, 1), 4)",
        "WITH c AS (SELECT 1) INSERT INTO t VALUES (1, 2), (likelihood(3, 1), 4)",
        "SELECT * FROM (VALUES (1, 2), (likelihood(3, 1), 4))",
        "VALUES (1, 2), (likelihood(3, 1), 4), (likelihood(3, 'x'), 5)",
        "INSERT INTO t VALUES (1, 2), ((SELECT likelihood(3, 1)), 4)",
        "CREATE TRIGGER tr AFTER DELETE ON t BEGIN "
        "INSERT INTO t VALUES (1, 2), (likelihood(3, 1), 4); END",
        "SELECT * FROM t ORDER BY a, b"]),
    "RAISE() outside a trigger is refused as SQLite codes it, after every name": ([
        "CREATE TABLE t(a)", "CREATE TABLE u(a UNIQUE)", "INSERT INTO u VALUES (1)"], [
        "SELECT RAISE(IGNORE)", "SELECT raise (fail , 'x')", "SELECT RAISE(ABORT, 'a' || 'b')",
        "SELECT RAISE(ABORT, 'x'), nosuch", "SELECT nosuch, RAISE(ABORT, 'x')",
        "SELECT RAISE(ABORT, x)", "SELECT RAISE(FOO)", "SELECT RAISE(ABORT)",
        "SELECT RAISE(IGNORE, 'x')", "SELECT RAISE(ABORT, 'x') FROM t WHERE nosuch",
        "SELECT a FROM t WHERE RAISE(FAIL, 'x') AND nosuch",
        "SELECT a FROM t ORDER BY RAISE(ROLLBACK, 'x'), nosuch",
        "SELECT RAISE(ABORT, 'x') FROM nosuch", "SELECT RAISE(ABORT, 'x') LIMIT nosuch",
        "SELECT count(*) FROM t GROUP BY RAISE(IGNORE) HAVING nosuch",
        "SELECT RAISE(ABORT, 'x') UNION SELECT nosuch", "SELECT nosuch UNION SELECT RAISE(ABORT, 'x')",
        "SELECT (SELECT RAISE(ABORT, 'x')), nosuch", "SELECT abs(RAISE(ABORT, 'x')), nosuchfunc(1)",
        "SELECT RAISE(ABORT, 'x'), count(*) OVER w", "SELECT RAISE(ABORT, 'x'), sum(sum(1))",
        "SELECT RAISE(ABORT, 'x') ORDER BY 5", "SELECT RAISE(ABORT, 'x') LIMIT 'a'",
        "WITH c AS (SELECT RAISE(ABORT, 'x')) SELECT nosuch FROM c",
        "WITH c AS (SELECT RAISE(ABORT, 'x')) SELECT * FROM c",
        "SELECT * FROM (SELECT RAISE(ABORT, 'x')) WHERE nosuch",
        "SELECT RAISE(ABORT, 'x') WHERE EXISTS (SELECT nosuch)",
        "SELECT 1 WHERE RAISE(ABORT, 'x') IN (SELECT nosuch)",
        "SELECT RAISE(ABORT, 'x') FROM json_each(nosuch)",
        "SELECT a FROM t WHERE a IN (SELECT RAISE(ABORT, 'x') FROM t WHERE 0)",
        "SELECT CASE WHEN 0 THEN RAISE(ABORT, 'x') END", "VALUES (1), (RAISE(ABORT, 'x'))",
        "INSERT INTO t VALUES (RAISE(ABORT, 'x'))", "INSERT INTO t VALUES (RAISE(ABORT, 'x'), 2)",
        "INSERT INTO t SELECT RAISE(ABORT, 'x') FROM nosuch",
        "INSERT INTO t VALUES (RAISE(ABORT, 'x')) RETURNING nosuch",
        "INSERT INTO t VALUES ((SELECT RAISE(FAIL, 'x')))",
        "UPDATE t SET a = RAISE(ABORT, 'x') WHERE nosuch", "UPDATE t SET nosuch = RAISE(ABORT, 'x')",
        "UPDATE t SET a = (SELECT RAISE(ABORT, 'x')) WHERE nosuch",
        "UPDATE t SET a = (1, 2) WHERE nosuch",
        "DELETE FROM t WHERE RAISE(ABORT, 'x') AND nosuch",
        "DELETE FROM t WHERE a IN (SELECT RAISE(ABORT, 'x'))",
        "WITH c AS (SELECT RAISE(FAIL, 'x')) DELETE FROM t WHERE a IN c",
        "CREATE INDEX i ON t(RAISE(ABORT, 'x'))", "SELECT count(*) FROM t",
    ]),
    "RAISE() where SQLite runs it (RETURNING) or codes it late (CHECK, views, DEFAULT)": ([
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b)", "INSERT INTO t VALUES (1, 1)"], [
        # RETURNING is a trigger program inside the statement's: IGNORE ends the statement
        # (rows changed so far stay, none returned), ABORT/FAIL/ROLLBACK as in a trigger
        "INSERT INTO t VALUES (5, 5) RETURNING RAISE(IGNORE)", "SELECT changes(), last_insert_rowid()",
        "INSERT INTO t VALUES (6, 6), (7, 7), (8, 8) RETURNING a, CASE WHEN a = 7 THEN RAISE(IGNORE) END",
        "SELECT changes(), total_changes()", "SELECT * FROM t",
        "INSERT INTO t VALUES (9, 9) RETURNING RAISE(ABORT, 'x')",
        "INSERT INTO t VALUES (9, 9), (10, 10), (11, 11) RETURNING CASE WHEN a = 10 THEN RAISE(FAIL, 'f') END",
        "SELECT * FROM t", "INSERT INTO t VALUES (12, 12) RETURNING (SELECT RAISE(ROLLBACK, 'r'))",
        "INSERT INTO t VALUES (12, 12) RETURNING RAISE(ABORT, b || 'z')",
        "INSERT INTO t VALUES (12, 12) RETURNING RAISE(ABORT, nosuch)",
        "UPDATE t SET b = b + 1 WHERE a > 8 RETURNING RAISE(IGNORE)", "SELECT * FROM t",
        "INSERT INTO t VALUES (1, 0) ON CONFLICT DO UPDATE SET b = 0 RETURNING RAISE(IGNORE)",
        "INSERT INTO t VALUES (1, 2) ON CONFLICT DO UPDATE SET b = RAISE(IGNORE)",
        "DELETE FROM t WHERE a > 5 RETURNING RAISE(IGNORE)", "SELECT changes()", "SELECT * FROM t",
        "BEGIN", "INSERT INTO t VALUES (20, 20) RETURNING RAISE(IGNORE)", "ROLLBACK", "SELECT * FROM t",
        # a CHECK, a view and CREATE TABLE AS are coded only when a statement uses them
        "CREATE TABLE w(a CHECK (RAISE(IGNORE)))", "SELECT * FROM w", "DELETE FROM w",
        "INSERT INTO w VALUES (1)", "INSERT INTO w SELECT 1 WHERE 0",
        "CREATE TABLE w2(a, CHECK (a > 0 OR RAISE(ABORT, 'm')))", "INSERT INTO w2 VALUES (1)",
        "CREATE TABLE w3(a CHECK (RAISE(ABORT, nosuch)))", "CREATE TABLE w3(a CHECK (RAISE(IGNORE, 'x')))",
        "CREATE TABLE w4(a CHECK (a > 5 OR RAISE(FAIL, 'small')))",
        "CREATE TRIGGER tw AFTER INSERT ON t BEGIN INSERT INTO w4 VALUES (new.b); INSERT INTO w VALUES (1); END",
        "INSERT INTO t VALUES (30, 30)", "INSERT INTO t VALUES (31, 1)", "SELECT * FROM w4", "SELECT * FROM w",
        "CREATE VIEW v AS SELECT RAISE(IGNORE)", "SELECT * FROM v", "CREATE VIEW v2 AS SELECT RAISE(ABORT, 'x'), nosuch",
        "CREATE VIEW v3 AS SELECT RAISE(FOO)", "CREATE TEMP VIEW v4 AS SELECT 1 AS x, RAISE(IGNORE) AS y",
        "CREATE TABLE x AS SELECT RAISE(IGNORE), nosuch", "CREATE TABLE x AS SELECT RAISE(IGNORE)",
        "CREATE TABLE IF NOT EXISTS t AS SELECT RAISE(IGNORE)",
        # a DEFAULT is not constant first; a generated column and an index refuse it at once
        "CREATE TABLE d(a DEFAULT (RAISE(IGNORE)))", "CREATE TABLE d(a DEFAULT (RAISE(ABORT, 'x')))",
        "CREATE TABLE d(a, b AS (RAISE(IGNORE)))", "CREATE TABLE d(a, b AS (RAISE(ABORT, 'x')) STORED)",
        "SELECT * FROM d", "INSERT INTO d(a) VALUES (1)", "CREATE INDEX i ON t(b) WHERE RAISE(IGNORE)",
        # an UPDATE tests (and codes) only the CHECKs that read a column it changes, or a
        # generated column reading one
        "CREATE TABLE e(a, b, c CHECK (RAISE(IGNORE)), CHECK (b > 0 OR RAISE(ABORT, 'e')))",
        "INSERT INTO e(a, b) SELECT 1, 2 WHERE 0", "UPDATE e SET a = 5", "UPDATE e SET c = 5",
        "UPDATE e SET a = 6 WHERE b = 2", "UPDATE e SET b = 5", "UPDATE OR REPLACE e SET a = 1",
        "CREATE TABLE f(a, x, g AS (a * 2), g2 AS (g + 1), CHECK (g2 < 10 OR RAISE(IGNORE)))",
        "UPDATE f SET x = 5", "UPDATE f SET a = 100",
        "CREATE TABLE h(id INTEGER PRIMARY KEY, x, CHECK (id < 10 OR RAISE(IGNORE)))",
        "UPDATE h SET x = 2", "UPDATE h SET id = 50", "UPDATE h SET rowid = 60",
    ]),
    "x IS name resolves the name first under a COLLATE or parentheses too": ([
        "CREATE TABLE a(c0, c1)", "CREATE TABLE b(c0, c1)"], [                      # 71500084
        "SELECT 1 FROM a LEFT JOIN b ON (a.c0 NOT BETWEEN c0 AND b.c0) "
        "IS NOT DISTINCT FROM (c1 COLLATE RTRIM)",
        "SELECT 1 FROM a JOIN b ON c0 IS (c1 COLLATE RTRIM)",
        "SELECT 1 FROM a JOIN b ON c0 IS NOT (c1)",
        "SELECT 1 FROM a JOIN b ON c0 IS c1 COLLATE nocase",
        "SELECT 1 FROM a JOIN b ON abs(c0) IS DISTINCT FROM ((c1) COLLATE nocase)",
        "SELECT 1 FROM a JOIN b ON c0 IS c1 + 1",
        "SELECT a.c0 IS (b.c1 COLLATE nocase) FROM a JOIN b",
    ]),
    "IS NULL of what cannot be NULL is a constant in WHERE and ON, tested before the loops": ([
        "CREATE TABLE t0(c0 CHARINT, c2 INT8 NOT NULL, PRIMARY KEY (c0, c2))",      # 71000022
        "CREATE TABLE t1(c0 INTEGER PRIMARY KEY)", "CREATE TABLE w(a, b, PRIMARY KEY (a)) WITHOUT ROWID",
        "CREATE TABLE p(c0, c2 INT NOT NULL)", "CREATE INDEX pi ON p(c0) WHERE c2 NOTNULL",
        "INSERT INTO p VALUES (1, 2)"], [
        "SELECT NULL, count(*) OVER (PARTITION BY NULL ORDER BY NULL) FROM t0 AS a51 NATURAL "
        "JOIN t1 AS a52 WHERE (NULL NOT BETWEEN (a51.c2 ISNULL) AND ('{\"a\":1' ->> NULL))",
        "SELECT 1 FROM t0 WHERE (c2 ISNULL) < json('x')",
        "SELECT 1 FROM t0 WHERE (c2 NOT NULL) < json('x')",
        "SELECT 1 FROM t0 WHERE (-c2 IS NOT NULL) < json('x')",
        "SELECT 1 FROM t0 WHERE (c0 ISNULL) < json('x')",              # c0 may be NULL
        "SELECT 1 FROM t0 WHERE (c2 + 0 ISNULL) < json('x')",
        "SELECT 1 FROM t1 WHERE (c0 ISNULL) < json('x')",              # the rowid
        "SELECT 1 FROM w WHERE (a ISNULL) < json('x')",                # a WITHOUT ROWID key
        "SELECT 1 FROM t0 WHERE (5 ISNULL) < json('x')",
        "SELECT 1 FROM t0 JOIN t1 ON (t0.c2 ISNULL) < json('x')",
        "SELECT 1 FROM t1 LEFT JOIN t0 WHERE (t0.c2 ISNULL) < json('x')",   # may be NULL
        "SELECT 1 FROM t0 GROUP BY c2 HAVING (c2 ISNULL) < json('x')",      # not in WHERE
        "SELECT (SELECT 1 FROM t0 WHERE (c2 ISNULL) < json('x'))",          # nor here
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM t0 WHERE (c2 ISNULL) < json('x'))",
        "SELECT * FROM (SELECT 1 FROM t0 WHERE (c2 ISNULL) < json('x'))",
        "SELECT * FROM p INDEXED BY pi WHERE c2 NOTNULL",   # no term implies the index then
        "SELECT * FROM p WHERE c2 NOTNULL",
    ]),
    "an error of code generation comes after the plan's and after every name": ([
        "CREATE TABLE t0(c0, c1)", "CREATE INDEX i ON t0(c0) WHERE c0 > 0"], [   # 51100155
        "SELECT 1, avg(NULL) FROM t0 INDEXED BY i GROUP BY (2 COLLATE RTRIM)",
        "SELECT 1, avg(NULL) AS a FROM t0 INDEXED BY i GROUP BY (a COLLATE RTRIM)",
        "SELECT 1, avg(NULL) FROM t0 GROUP BY (2 COLLATE RTRIM)",
        "SELECT (1, 2) FROM t0 INDEXED BY i",
        "SELECT (SELECT 1, 2) FROM t0 INDEXED BY i",
        "SELECT (SELECT (1, 2)) FROM t0 INDEXED BY i",
        "SELECT 1 FROM t0 INDEXED BY i WHERE (1, 2)",
        "SELECT 1 FROM t0 INDEXED BY i WHERE (SELECT 1, 2)",
        "SELECT 1 FROM t0 INDEXED BY i WHERE EXISTS (SELECT (1, 2))",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c0 IN (SELECT (1, 2))",
        "SELECT 1 FROM t0 INDEXED BY i ORDER BY (1, 2)",
        "SELECT 1 FROM t0 INDEXED BY i ORDER BY (SELECT 1, 2)",
        "SELECT c0 FROM t0 INDEXED BY i GROUP BY (1, 2)",
        "SELECT c0 FROM t0 INDEXED BY i GROUP BY c0 HAVING (1, 2)",
        "SELECT count((1, 2)) FROM t0 INDEXED BY i",
        "SELECT 1 FROM t0 INDEXED BY i UNION SELECT (1, 2) FROM t0",
        "SELECT (1, 2) FROM t0 UNION SELECT 1 FROM t0 INDEXED BY i",   # an arm before
        "SELECT 1 FROM t0 INDEXED BY i LIMIT (1, 2)",                  # LIMIT is coded first
        "SELECT * FROM (SELECT DISTINCT (1, 2) FROM t0), t0 INDEXED BY i",  # so is FROM
        "SELECT (1, 2) FROM t0 WHERE nosuch",
        "SELECT (SELECT 1, 2) FROM t0 ORDER BY nosuch",
        "SELECT 1 WHERE 0 AND (SELECT (1, 2))",
    ]),
    "a compound scalar subquery compares with its last SELECT's affinity, taken itself": ([
        "CREATE TABLE t(i INTEGER, s TEXT, r REAL)", "INSERT INTO t VALUES (1, '1', 1.0)"], [
        "SELECT (SELECT CAST(1 AS TEXT) UNION ALL SELECT 1) = 1",
        "SELECT (SELECT 1 UNION ALL SELECT CAST(1 AS TEXT)) = '1'",
        "SELECT (SELECT s FROM t UNION ALL SELECT i FROM t) = 1",
        "SELECT (SELECT i FROM t UNION ALL SELECT s FROM t) = '1'",
        "SELECT 1 = (SELECT s FROM t UNION ALL SELECT 1)",
        "SELECT '1' = (SELECT 1 UNION ALL SELECT s FROM t)",
        "SELECT (SELECT r FROM t UNION ALL SELECT 2) = '1'",
        "SELECT (SELECT 2 UNION ALL SELECT r FROM t) = '2'",
        "SELECT (SELECT 1 UNION ALL SELECT s FROM t) IS '1', "
        "(SELECT '1' UNION ALL SELECT i FROM t) >= 1, (SELECT x'31' UNION SELECT r FROM t) < 2",
        "SELECT '1' IN (SELECT i FROM t UNION ALL SELECT 5)",
        "SELECT 1 IN (SELECT 5 UNION ALL SELECT s FROM t)",
        "SELECT i FROM t WHERE (SELECT 2 UNION ALL SELECT s FROM t) = '2'",
    ]),
    "an EXISTS a subquery tests before its loops runs again for each outer row it reads": ([
        "CREATE TABLE a(y)", "CREATE TABLE b(z)", "CREATE TABLE c(x)",
        "INSERT INTO a VALUES (1), (2), (3)", "INSERT INTO b VALUES (10), (20)",
        "INSERT INTO c VALUES (2), (3)"], [
        "SELECT y, (SELECT count(*) FROM b WHERE EXISTS (SELECT 1 FROM c WHERE c.x = a.y)) "
        "FROM a",
        "SELECT y FROM a WHERE (SELECT count(*) FROM b WHERE EXISTS (SELECT 1 FROM c "
        "WHERE c.x < a.y)) > 0",
        "SELECT y, (SELECT count(*) FROM b WHERE b.z > 0 AND EXISTS (SELECT 1 FROM c "
        "WHERE c.x < a.y)) FROM a",
        "SELECT y, (SELECT group_concat(z) FROM b WHERE NOT EXISTS (SELECT 1 FROM c "
        "WHERE c.x = a.y)) FROM a",
        "SELECT y FROM a WHERE EXISTS (SELECT 1 FROM b WHERE EXISTS (SELECT 1 FROM c "
        "WHERE c.x = a.y))",
        "SELECT y FROM a WHERE y IN (SELECT z / 10 FROM b WHERE EXISTS (SELECT 1 FROM c "
        "WHERE coalesce(NULL + c.x, a.y) = 2))",
        "UPDATE a SET y = y + 10 WHERE NULL NOT IN (SELECT NULL FROM b WHERE EXISTS "
        "(SELECT 1 FROM c WHERE c.x = a.y)) RETURNING y",
    ]),
    "ALL opening a function's arguments is the default": ([], [
        "SELECT MIN(ALL 1), count(ALL 2), sum(all - 3), group_concat(ALL 1, 2), "
        "replace(ALL 'a', 'a', 'b'), like(ALL 'a', 'a'), \"abs\"(all -1)",
        "SELECT - MAX ( ALL + CAST ( NULL AS INTEGER ) )", "SELECT min(ALL)",
        "SELECT nosuch(ALL 1)", "SELECT count(ALL *)", "SELECT min(ALL ALL 1)",
        "SELECT min(DISTINCT ALL 1)", "SELECT cast(ALL 1 AS INT)", "SELECT 1 IN (ALL 1)",
        "VALUES (ALL 1)", "SELECT (ALL 1)", "SELECT 'abs'(ALL 1)",
    ]),
    "only a name may be called; ORDER BY and LIMIT never follow VALUES": ([], [
        "SELECT 'abs' (1)", "SELECT x'01'(1)", "SELECT 1(2)", "SELECT 'abs'(ALL 1)",
        "SELECT CAST(1 AS 'VARCHAR'(10))", "VALUES (1) LIMIT 1", "VALUES (1), (2) LIMIT 1",
        "SELECT 1 UNION VALUES (2) ORDER BY 1", "VALUES (1) UNION VALUES (2) ORDER BY 1",
        "VALUES (1) UNION SELECT 2 ORDER BY 1 LIMIT 1",
        "SELECT * FROM (VALUES (1), (2)) ORDER BY 1 DESC LIMIT 1",
        "WITH c AS (VALUES (1)) SELECT * FROM c ORDER BY 1",
    ]),
    "an aggregate of an outer query stands where that query can aggregate": ([
        "CREATE TABLE t1(r REAL, i INT)", "INSERT INTO t1 VALUES (1.5, 1), (2.5, 2)"], [
        "SELECT i FROM t1 WHERE (SELECT count(t1.i))",
        "SELECT i FROM t1 WHERE EXISTS (SELECT count(t1.i))",
        "SELECT i FROM t1 WHERE NOT EXISTS (SELECT 1 WHERE (SELECT count(t1.i)))",
        "SELECT i FROM t1 WHERE i IN (SELECT count(t1.i))",
        "SELECT count(*) FROM t1 WHERE (SELECT count(t1.i))",
        "SELECT i FROM t1 GROUP BY (SELECT count(t1.i))",
        "SELECT i FROM t1 GROUP BY i HAVING (SELECT count(t1.i))",
        "SELECT sum((SELECT count(t1.i))) FROM t1",
        "SELECT (SELECT sum(i) FROM t1 AS x WHERE x.i = sum(t1.i)) FROM t1",
        "SELECT (SELECT x.i FROM t1 AS x WHERE x.i = sum(t1.i)) FROM t1",
        "SELECT (SELECT max(x.i) FROM t1 AS x WHERE x.i < sum(t1.i)) FROM t1",
        "SELECT (SELECT max(x.i) FROM t1 AS x WHERE x.i < sum(x.i)) FROM t1",
        "SELECT i, (SELECT max(x.i) FROM t1 AS x WHERE x.i < sum(t1.i)) FROM t1 GROUP BY i",
        "SELECT i FROM t1 WHERE sum(i)", "SELECT count(*) FROM t1 WHERE sum(i)",
        "UPDATE t1 SET i = (SELECT count(t1.i))",
        "DELETE FROM t1 WHERE (SELECT sum(t1.i)) > 0",
        "UPDATE t1 SET i = 5 RETURNING (SELECT count(t1.i))",
    ]),
    "'table X already exists' shows the name as written, quotes and all (build.c "
    "sqlite3StartTable's %T; fuzz 163000119)": ([
        "CREATE TABLE q1(a)", "CREATE VIEW v AS SELECT 1", "CREATE TABLE temp(a)"], [
        "CREATE TABLE 'q1' AS VALUES (NULL)", "CREATE TABLE 'q1'(a)", "CREATE TABLE \"Q1\"(b)",
        "CREATE TABLE [q1] AS SELECT 1", "CREATE TABLE main.`Q1`(c)", "CREATE TABLE 'v'(a)",
        "CREATE TABLE temp(b)", "CREATE TABLE main.[temp](a)",
        "CREATE TEMP TABLE 'x y'(a)", "CREATE TEMP TABLE [x y](b)",
        "CREATE TABLE IF NOT EXISTS 'q1'(z)",
    ]),
    "one VALUES row is a SELECT: it may aggregate and hold window functions": ([
        "CREATE TABLE t(a)"], [
        "VALUES (sum(1))", "VALUES (1), (count(*))", "VALUES (row_number() OVER ())",
        "VALUES (1), (sum(2) OVER ()), (3)", "VALUES (1, 2), (sum(2) OVER (), 5)",
        "SELECT typeof(column1), column1 FROM (VALUES (1), (avg(2) OVER ()))",
        "VALUES (nosuch), (1, 2)", "VALUES (1, 2), (sum(1) OVER ())",
        "INSERT INTO t VALUES (sum(1))", "INSERT INTO t VALUES (row_number() OVER ())",
        "INSERT INTO t VALUES (1), (sum(1) OVER ())", "INSERT INTO t VALUES (1), (sum(1))",
        "SELECT * FROM t",
    ]),
    "WINDOW, OVER and FILTER are names where they open no clause": ([
        "CREATE TABLE t(window INT, b, over, filter)", "INSERT INTO t VALUES (1, 2, 3, 4)"], [
        "SELECT window FROM t", "SELECT window.b FROM t window", "SELECT * FROM t WINDOW",
        "SELECT sum(b) OVER window FROM t WINDOW window AS ()",
        "SELECT sum(b) OVER w FROM t WINDOW w AS (ORDER BY window)",
        "SELECT Window FROM t AS window WHERE window.window = 1",
        "SELECT over, filter, over + filter FROM t over",
        "SELECT count(*) FILTER (WHERE b > 0) OVER (), sum(filter) over (ORDER BY over) "
        "FROM t AS filter", "SELECT count(*) filter FROM t",
    ]),
    "DISTINCT on a scalar function changes nothing": ([], [
        "SELECT abs(DISTINCT -1), upper(DISTINCT 'a'), substr(DISTINCT 'abc', 2), "
        "coalesce(DISTINCT NULL, 1), max(DISTINCT 1, 2), min(DISTINCT 3, 2, 4)",
        "SELECT nosuch(DISTINCT 1)", "SELECT count(DISTINCT 1, 2)",
        "SELECT group_concat(DISTINCT 1, 2)", "SELECT max(DISTINCT 1)",
    ]),
    "is true / is false test truth": ([], [
        "SELECT x, x IS TRUE, x IS FALSE, x IS NOT TRUE, x IS NOT FALSE, x = TRUE, "
        "x IS (TRUE), TRUE IS x FROM (SELECT 2 x UNION ALL SELECT 0 UNION ALL SELECT NULL "
        "UNION ALL SELECT 0.5 UNION ALL SELECT -0.0 UNION ALL SELECT 'a' UNION ALL "
        "SELECT '1e0' UNION ALL SELECT x'31' UNION ALL SELECT ' 3x' UNION ALL SELECT 1e999)",
    ]),
    "simple case applies affinity and collation as x = w": (T + [
        "CREATE TABLE c(v TEXT COLLATE NOCASE)", "INSERT INTO c VALUES ('abc')"], [
        "SELECT CASE e WHEN 1 THEN 'y' ELSE 'n' END, CASE a WHEN '1' THEN 'y' ELSE 'n' END, "
        "CASE 1 WHEN e THEN 'y' ELSE 'n' END, CASE n WHEN '2' THEN 'y' END, "
        "CASE b WHEN 1 THEN 'y' ELSE 'n' END, CASE +e WHEN 1 THEN 'y' ELSE 'n' END FROM t",
        "SELECT CASE v WHEN 'ABC' THEN 1 ELSE 0 END, CASE 'ABC' WHEN v THEN 1 ELSE 0 END, "
        "CASE 'a' WHEN 'A' COLLATE NOCASE THEN 1 ELSE 0 END, "
        "CASE v WHEN 'ABC' COLLATE BINARY THEN 1 ELSE 0 END FROM c",
    ]),
    "unary plus drops affinity on qualified columns": (T, [
        "SELECT +t.e = 1, +e = 1, t.e = 1, + t.e = 1, +(t.e) = 1, +main.t.e = 1, "
        "+t.a = '1', t.a = '1', +a = '1' FROM t",
        "SELECT +(e BETWEEN 1 AND NULL), +(e = 1), +((e)) = 1, +(main.t.e) = 1, "
        "+(e IN (1)), +(CASE e WHEN 1 THEN 'y' ELSE 'n' END), + +e = 1, +(+e) = 1 FROM t",
    ]),
    "unary plus drops the affinity of any operand": (T, [
        "SELECT '0' > +CAST(0 AS INT), '0' > CAST(0 AS INT), '0' > +(CAST(0 AS INT)), "
        "'0' > +CAST(0 AS INT) COLLATE NOCASE, '0' > +(CAST(0 AS INT) COLLATE NOCASE), "
        "'0' > +(+CAST(0 AS INT)), '0' > -CAST(0 AS INT), '1' = +CAST(1 AS REAL)",
        "SELECT +(e COLLATE NOCASE) = 1, (e COLLATE NOCASE) = 1, +(e) COLLATE NOCASE = 1, "
        "+(SELECT e) = 1, (SELECT +e) = 1, (SELECT e) = 1, +(SELECT CAST(0 AS INT)) < '0', "
        "e IS NOT DISTINCT FROM +CAST(1 AS INT), e IN (+CAST(1 AS INT)) FROM t",
        "SELECT a FROM t WHERE '1' = +CAST(a AS INT)",
        "SELECT -+9223372036854775808, -(+9223372036854775808), -+(9223372036854775808), "
        "typeof(+1.5), 1 + +2",
        "SELECT 1 ORDER BY +1", "SELECT 1 ORDER BY +(1)", "SELECT 1 ORDER BY +(2)",
        "SELECT 1 GROUP BY +(1)", "SELECT 1 ORDER BY -+1",
        "SELECT likelihood(1, +0.5)", "SELECT likelihood(1, (0.5))",
    ]),
    "unary plus in a CHECK constraint and a DEFAULT": ([
        "CREATE TABLE c(v TEXT CHECK (v = 1), w TEXT CHECK (+w <> 1), d DEFAULT + 5, "
        "f DEFAULT (+CAST('7' AS INT)))"], [
        "INSERT INTO c(v, w) VALUES ('1', '1')", "INSERT INTO c(v, w) VALUES (1, 2)",
        "SELECT *, typeof(d), typeof(f) FROM c",
    ]),
    # SQLite folds these while parsing: the dropped operand is never resolved, and a fold
    # to an integer is a column number in GROUP BY / ORDER BY
    "parse-time folds: AND with a false literal": (T, [
        f"SELECT count(*) FROM t WHERE {w}" for w in (
            "nosuch AND 0", "0 AND nosuch", "nosuch AND (0)", "nosuch AND 00", "nosuch AND 0x0",
            "(nosuch AND 0) AND nosuch2", "nosuch AND 1 AND 0", "nosuch AND 0.0",
            "nosuch AND -0", "nosuch AND +0", "nosuch AND '0'", "nosuch AND FALSE",
            "nosuch AND NOT 1", "nosuch AND 1 = 0", "nosuch AND CAST(0 AS INT)",
            "nosuch AND 0 COLLATE NOCASE", "nosuch AND 0 OR 1", "nosuch OR 0")] + [
        "SELECT nosuch AND 0, 0 AND nosuch FROM t",
        "SELECT a FROM t JOIN t AS u USING (a) WHERE a AND 0",
        "SELECT t.a, u.a FROM t LEFT JOIN t AS u ON nosuch AND 0",
        "SELECT count(*) FROM t GROUP BY a AND 0", "SELECT a FROM t ORDER BY 0 AND a",
        "SELECT a AND 0 AS z FROM t GROUP BY z", "SELECT 1 UNION SELECT 2 ORDER BY a AND 0",
        "UPDATE t SET a = nosuch AND 0 WHERE 0 AND nosuch2",
        # no fold when a side calls a function (EP_HasFunc), outside subqueries
        "SELECT abs(nosuch) AND 0 FROM t", "SELECT (nosuch LIKE 1) AND 0 FROM t",
        "SELECT 0 AND abs(nosuch) FROM t", "SELECT (SELECT abs(nosuch)) AND 0 FROM t",
        "SELECT iif(nosuch, 1, 2) AND 0 FROM t", "SELECT (CASE WHEN nosuch THEN 2 END) AND 0 FROM t",
        "SELECT (CASE nosuch WHEN 1 THEN 2 END) IN () FROM t",
    ] + [f"SELECT a FROM t GROUP BY {g} AND 0" for g in (
        "abs(a)", "(a LIKE a)", "(a GLOB a)", "CURRENT_TIME", "iif(a, 1, 2)", "(SELECT abs(1))",
        "CAST(a AS INT)", "(a COLLATE NOCASE)", "(a BETWEEN 1 AND 2)", "(CASE a WHEN 1 THEN 2 END)",
        "(CASE WHEN a THEN 2 END)", "EXISTS (SELECT 1)", "(a IS TRUE)", "(abs(a) IN ())")]),
    "parse-time folds: IS NULL of a literal": (T, [
        f"SELECT count(*) FROM t WHERE nosuch AND {f}" for f in (
            "1 IS NULL", "3.75 IS NULL", "'a' ISNULL", "x'00' IS NULL", "(1) IS NULL",
            "-1 IS NULL", "+1 IS NULL", "-(1) IS NULL", "- -'a' IS NULL", "1e999 IS NULL",
            "9223372036854775808 IS NULL", "1 IS NOT DISTINCT FROM NULL", "(1 IS NULL) IS NULL",
            "(1 NOTNULL) IS NULL", "1 IS NOT NULL IS NULL", "(nosuch2 AND 0) IS NULL",
            "NULL IS NULL", "TRUE IS NULL", "~1 IS NULL", "abs(1) IS NULL",
            "CAST(1 AS INT) IS NULL", "1 COLLATE NOCASE IS NULL", "CURRENT_TIME IS NULL",
            "(SELECT 1) IS NULL", "a IS NULL", "1 IS 0", "1 NOTNULL", "NOT 1 IS NULL")] + [
        f"SELECT count(*) FROM t GROUP BY {f}" for f in (
            "(3.75 IS NULL) AND a", "1 IS NULL", "1 NOTNULL", "1 NOT NULL", "1 IS NOT NULL",
            "'x' IS DISTINCT FROM NULL", "NOT 1 IS NULL", "NOT (1) IS NULL", "(NOT 1) IS NULL",
            "NULL NOTNULL", "a ISNULL", "1 IS NULL COLLATE NOCASE")] + [
        "SELECT a FROM t ORDER BY 1 IS NOT NULL", "SELECT a FROM t ORDER BY 2 NOTNULL",
        "SELECT 1 UNION SELECT 2 ORDER BY 1 IS NOT NULL",
        "SELECT 1 IS NULL, typeof(1 NOTNULL), NOT 1 IS NULL, 'a' IS NOT NULL FROM t",
    ]),
    "parse-time folds: IN ()": (T, [
        "SELECT nosuch IN (), nosuch NOT IN (), typeof(nosuch IN ()), NOT nosuch IN () FROM t",
        "SELECT count(*) FROM t WHERE nosuch AND a IN ()",
        "SELECT count(*) FROM t WHERE nosuch AND a NOT IN ()",
        "SELECT count(*) FROM t WHERE nosuch AND (a IN ()) IS NULL",
        "SELECT (SELECT nosuch) IN (), (a COLLATE NOCASE) IN () FROM t",
        "SELECT abs(nosuch) IN () FROM t", "SELECT (nosuch LIKE 'a') IN () FROM t",
        "SELECT CASE WHEN 1 THEN abs(nosuch) END IN () FROM t",
        "SELECT count(*) IN (), count(*) NOT IN () FROM t WHERE 0",
        "SELECT max(1, 2) IN (), abs(-9223372036854775807 - 1) IN () FROM t",
        "SELECT count(*) FROM t GROUP BY a IN ()", "SELECT count(*) FROM t GROUP BY a IN () AND a",
        "SELECT a FROM t ORDER BY (a IN ()) AND 1",
        # y IS (x NOT IN ()) tests the truth of y, as y IS TRUE does
        "SELECT +e IS (NULL NOT IN ()), e IS (a IN ()), b IS NOT (a IN ()), e IS ((a NOT IN ())), "
        "+e IS (TRUE), b IS (FALSE), e IS NOT (TRUE), 2 IS (1 NOT IN ()), "
        "x IS (TRUE COLLATE NOCASE) FROM t",
        "UPDATE t SET a = NULL WHERE (+e IS (NULL NOT IN ())) RETURNING *",
    ]),
    # fuzz 90000059: SQLite's parser keeps a function's x IN () as FALSE AND x (NOT IN:
    # TRUE OR x), which sqlite3ExprSimplifiedAndOr takes for false (true): the OR around
    # it is 1, its other side never run nor its subqueries planned
    "an IN () of a function is FALSE AND x to the fold of the OR or AND around it": ([
        *T, "CREATE INDEX tp ON t(a) WHERE e LIKE 'z%'"], [
        "SELECT json('x') OR (abs(a) NOT IN ()) FROM t",
        "SELECT (abs(a) NOT IN ()) OR json('x'), (a LIKE 'x' NOT IN ()) OR json('x') FROM t",
        "SELECT (a IN (SELECT 1 FROM t INDEXED BY tp)) OR (abs(a) NOT IN ()) FROM t",
        "SELECT count(*) FROM t WHERE (NULL IN (SELECT t.a FROM t AS u INDEXED BY tp)) "
        "OR (t.e LIKE 'x' NOT IN ())",
        "SELECT (json('x') AND (abs(a) IN ())) IS NULL, (abs(a) IN ()) AND json('x') FROM t",
        "SELECT count(*) FROM t WHERE (a IN (SELECT 1 FROM t INDEXED BY tp)) AND (abs(a) IN ())",
        "SELECT NOT (abs(a) IN ()) OR json('x') FROM t",
        "SELECT count(*) FROM t AS u LEFT JOIN t ON json('x') OR (abs(t.a) NOT IN ())"]),
    "parse-time folds in constraints and upserts": ([
        "CREATE TABLE c(x CHECK (nosuch AND 0), y DEFAULT (nosuch AND 0), "
        "z DEFAULT (1 IS NOT NULL), k UNIQUE)"], [
        "INSERT INTO c(x, k) VALUES (1, 1)", "SELECT * FROM c",
        "INSERT INTO c(k) VALUES (1) ON CONFLICT (k) DO UPDATE SET x = nosuch AND 0",
        "INSERT INTO c(k) VALUES (1) ON CONFLICT (k) DO UPDATE SET x = 7 WHERE nosuch AND 0",
        "SELECT * FROM c",
    ]),
    # SQLite resolves a SELECT's names clause by clause (resolve.c resolveSelectStep): of
    # two bad names the first in that order is reported; ON conditions come after WHERE
    "name resolution order": ([
        "CREATE TABLE t1(x, y)", "CREATE TABLE t2(y, z)", "CREATE TABLE t3(x, z)",
        "INSERT INTO t1 VALUES (1, 1)", "INSERT INTO t2 VALUES (1, 1)",
        "INSERT INTO t3 VALUES (1, 2)", "CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1)"], [
        "UPDATE t0 SET c0 = NULL WHERE NULL IN (SELECT NULL FROM t0 AS a JOIN t0 AS b "
        "ON +c0 WHERE NULL IN (+c1))",
        "SELECT nosuch FROM t1 JOIN t2 ON y", "SELECT z FROM t1 JOIN t2 ON y WHERE nosuch",
        "SELECT 1 FROM t1 JOIN t2 ON nosuch1 WHERE nosuch2",
        "SELECT 1 FROM t1 JOIN t3 USING (x) JOIN t2 ON nosuch1 JOIN t0 ON nosuch3 WHERE nosuch2",
        "SELECT 1 FROM t1 JOIN t2 ON nosuch1 JOIN t3 ON nosuch3",
        "SELECT * FROM t1 AS a JOIN t1 AS b ON a.x = b.x AND nosuch WHERE nosuch0",
        "SELECT count(*) FROM t1 GROUP BY nosuch1 HAVING nosuch2 ORDER BY nosuch3",
        "SELECT count(*) FROM t1 GROUP BY nosuch1 ORDER BY nosuch3",
        "SELECT count(*) FROM t1 GROUP BY count(*) ORDER BY nosuch",
        "SELECT x FROM t1 GROUP BY nosuch HAVING nosuch2", "SELECT x FROM t1 HAVING nosuch2",
        "SELECT x FROM t1 HAVING count(*)", "SELECT nosuch2 FROM t1 LIMIT nosuch1",
        "SELECT nosuch2 FROM t1 WHERE nosuch3 LIMIT 1 OFFSET nosuch1",
        "SELECT x FROM t1 ORDER BY count(*)", "SELECT x FROM t1 GROUP BY x ORDER BY count(*), nosuch",
        "SELECT count(*) FROM t1 JOIN t2 ON count(*)", "SELECT x FROM t1 JOIN t2 ON count(*)",
        "SELECT x FROM t1 WHERE count(*) ORDER BY nosuch",
        # compound SELECTs: the arms right to left, then the compound's ORDER BY
        "SELECT nosuch1 UNION SELECT nosuch2", "SELECT nosuch1 UNION SELECT 1 UNION SELECT nosuch3",
        "SELECT 1, 2 UNION SELECT 3 UNION SELECT nosuch", "SELECT nosuch UNION SELECT 3, 4 UNION SELECT 5",
        "SELECT nosuch, 2 UNION SELECT 1", "SELECT 1 UNION SELECT nosuch ORDER BY nosuch2",
        "SELECT nosuch UNION SELECT 1 LIMIT nosuch2",
        # LIMIT and OFFSET name nothing, not even a column of an enclosing query
        "SELECT (SELECT 1 LIMIT t1.x) FROM t1", "SELECT (SELECT 1 LIMIT (SELECT t1.x)) FROM t1",
        "SELECT x AS k FROM t1 LIMIT k", "SELECT x FROM t1 LIMIT (SELECT count(*) FROM t1) - 1",
    ]),
    # SQLite expands a whole SELECT (tables, USING) before it resolves any column
    "tables are looked up before any column": ([
        "CREATE TABLE t(a)", "CREATE TABLE w(a, b)"], [
        "SELECT nosuchcol, (SELECT 1 FROM nosuchtab) FROM t",
        "SELECT nosuchcol FROM t WHERE a IN (SELECT 1 FROM nosuchtab)",
        "SELECT (SELECT 1 FROM nosuch1) FROM nosuch2",
        "SELECT 1 FROM nosuchtab UNION SELECT nosuchcol",
        "SELECT 1 FROM nosuch1 UNION SELECT 1 FROM nosuch2",
        "SELECT (SELECT 1 FROM nosuch2) FROM t WHERE (SELECT 1 FROM nosuch1)",
        "SELECT nosuchcol FROM t JOIN t AS u ON (SELECT 1 FROM nosuchtab)",
        "SELECT nosuchcol FROM t WHERE a IN nosuchtab",
        "SELECT x.*, (SELECT 1 FROM nosuchtab) FROM t",
        "SELECT nosuchcol FROM t JOIN t AS u USING (zz) WHERE (SELECT 1 FROM nosuchtab)",
        "SELECT nosuchcol FROM (t JOIN nosuchtab)",
        "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM nosuch1 WHERE nosuchcol) AND nosuchcol2",
        "SELECT * FROM w JOIN t USING (b)", "SELECT * FROM t JOIN w USING (rowid)",
        "SELECT * FROM t, w JOIN t AS u USING (b)",
        "UPDATE t SET a = nosuchcol WHERE a IN (SELECT 1 FROM nosuchtab)",
        "INSERT INTO t SELECT nosuchcol FROM t WHERE a IN (SELECT 1 FROM nosuchtab)",
    ]),
    "on conditions see every FROM item": ([
        "CREATE TABLE t1(x, y)", "CREATE TABLE t2(y, z)", "CREATE TABLE t3(x, z)",
        "INSERT INTO t1 VALUES (1, 1), (2, 2)", "INSERT INTO t2 VALUES (1, 1), (2, 3)",
        "INSERT INTO t3 VALUES (1, 1), (3, 3)"], [
        "SELECT * FROM t1 JOIN t2 ON x JOIN t3", "SELECT * FROM t1 JOIN t2 ON z JOIN t3 ON 1",
        "SELECT * FROM t1 JOIN t2 ON y WHERE z",
        "SELECT * FROM t1 JOIN t2 ON t3.x = t1.x JOIN t3 ORDER BY 1, 2, 3, 4, 5, 6",
        "SELECT * FROM t1 JOIN t2 ON t3.z IS NULL LEFT JOIN t3 ON 0 ORDER BY 1, 2, 3, 4",
        "SELECT * FROM t1 LEFT JOIN t2 ON t2.y = t1.x JOIN t3 ON t3.z = t2.z",
        "SELECT * FROM t1 CROSS JOIN t2 ON t3.z = t2.z JOIN t3 ON t3.x = t1.x",
        "SELECT * FROM t1 LEFT JOIN t2 ON t3.x JOIN t3", "SELECT * FROM t1 LEFT JOIN t2 ON (SELECT t3.x) JOIN t3",
        "SELECT 1 FROM t1 LEFT JOIN t2 ON t3.x LEFT JOIN t3 ON nosuch",
        "SELECT 1 FROM t1 LEFT JOIN t2 ON t3.x JOIN t3 WHERE nosuch",
        "SELECT 1 FROM t1 LEFT JOIN t2 ON t3.x JOIN t3 ORDER BY nosuch",
    ]),
    "order by and limit inside a compound": ([], [
        "SELECT 1 ORDER BY 1 UNION SELECT 2", "SELECT 1 LIMIT 1 UNION SELECT 2",
        "SELECT 1 UNION SELECT 2 ORDER BY 1 UNION SELECT 3",
        "SELECT 1 UNION SELECT 2 LIMIT 1 UNION SELECT 3",
        "SELECT nosuch UNION SELECT 2 LIMIT 1 UNION SELECT 3",
        "SELECT 1 UNION ALL SELECT 2 ORDER BY 1 EXCEPT SELECT 3",
        "SELECT 1 UNION ALL SELECT 2 ORDER BY 1 LIMIT 1 INTERSECT SELECT 3",
        "SELECT 1 ORDER BY 1 UNION ALL SELECT 2 ORDER BY 1 EXCEPT SELECT 3",
        "SELECT 1 UNION SELECT 2 UNION ALL SELECT 2 ORDER BY 1 LIMIT 2",
    ]),
    # min(), max() and nullif() compare under the collation of their leftmost argument
    # that has one (a column always has one), else BINARY
    "scalar min, max and nullif compare under a collation": ([
        "CREATE TABLE c(k INTEGER PRIMARY KEY, n TEXT COLLATE NOCASE, r TEXT COLLATE RTRIM, b)",
        "INSERT INTO c VALUES (1, 'Ab', 'x ', 'B')"], [
        "SELECT min('B', 'a' COLLATE NOCASE), max('B', 'a' COLLATE NOCASE), "
        "min('B' COLLATE BINARY, 'a' COLLATE NOCASE), nullif('a', 'A' COLLATE NOCASE)",
        "SELECT min(n, 'ab'), max('ab', n), nullif('aB', n), nullif(n, 'aB'), "
        "min('a', 'B', n), min(b, n), max(b, n), min(n, b), nullif(b, 'b' COLLATE NOCASE) FROM c",
        "SELECT min(n, 'AB' COLLATE BINARY), min(n || '', 'AB'), min(CAST(n AS TEXT), 'AB'), "
        "min(+n, 'AB'), min((SELECT n), 'AB'), min(NULL, 'a' COLLATE NOCASE), "
        "min(n, 'AB') = 'ab', nullif(n, 'x') = 'AB' FROM c",
        "SELECT min(r, 'x'), max('x', r), nullif(r, 'x'), nullif('x  ', r), "
        "min('b', 'A' COLLATE RTRIM), max('a ', 'a' COLLATE RTRIM) FROM c",
        "SELECT min(x, 'AB'), nullif(x, 'AB') FROM (SELECT n AS x FROM c)",
        "SELECT k FROM c WHERE nullif(n, 'AB') IS NULL AND max(n, 'aa') = 'Ab'",
        "INSERT INTO c(k, n) VALUES (2, 'Ab') RETURNING nullif(n, 'aB') AS r1, min(n, 'AA')",
        "SELECT coalesce(n, 'x') = 'AB', ifnull(n, 'x') = 'AB', iif(1, n, 'x') = 'AB', "
        "instr(n, 'B'), replace(n, 'B', '_') FROM c",
    ]),
    # x IN (SELECT y): one affinity for both sides (REAL makes big integers doubles) and
    # the collation of x = y, y taken from the last SELECT of a compound
    "in subquery affinity and collation": ([
        "CREATE TABLE d(r REAL, i INTEGER, x, n NUMERIC, t TEXT)",
        "INSERT INTO d VALUES (9007199254740992, 9007199254740993, 9007199254740993, "
        "9007199254740993, '9007199254740993')",
        "CREATE TABLE e(r REAL)", "INSERT INTO e VALUES (9007199254740992)",
        "CREATE INDEX er ON e(r)",
        "CREATE TABLE c(n TEXT COLLATE NOCASE, b TEXT)", "INSERT INTO c VALUES ('A', 'A')"], [
        "SELECT r IN (SELECT 9007199254740993), 9007199254740993 IN (SELECT r FROM d), "
        "r = 9007199254740993, r IN (9007199254740993, 1, 2, 3), 9007199254740993 IN (r, 1, 2) FROM d",
        "SELECT r IN (SELECT '9007199254740993'), CAST(r AS REAL) IN (SELECT 9007199254740993), "
        "+r IN (SELECT 9007199254740993), r IN (SELECT +9007199254740993), "
        "9007199254740993 IN (SELECT +r FROM d), r NOT IN (SELECT 9007199254740993) FROM d",
        "SELECT r IN (SELECT i FROM d), i IN (SELECT r FROM d), x IN (SELECT r FROM d), "
        "n IN (SELECT r FROM d), t IN (SELECT r FROM d), r IN (SELECT t FROM d) FROM d",
        "SELECT 9007199254740993 IN (SELECT r FROM d UNION SELECT 1), "
        "9007199254740993 IN (SELECT 1 UNION SELECT r FROM d), "
        "9007199254740993 IN (SELECT 1 UNION ALL SELECT r FROM d), "
        "r IN (SELECT 9007199254740993 UNION SELECT 1) FROM d",
        "SELECT 9007199254740993 IN (SELECT r FROM e), (SELECT r FROM e) = 9007199254740993, "
        "-9007199254740993 IN (SELECT -r FROM d), 18014398509481985 IN "
        "(SELECT CAST(18014398509481984 AS REAL)), '9007199254740993' IN (SELECT r FROM d), "
        "'9007199254740993x' IN (SELECT r FROM d), 9007199254740993 IN e",
        "SELECT count(*) FROM e WHERE r IN (SELECT 9007199254740993)",
        "SELECT count(*) FROM d WHERE 9007199254740993 IN (SELECT r FROM e)",
        "SELECT 'a' IN (SELECT 'A' COLLATE NOCASE), 'a' IN (SELECT n FROM c), "
        "'a' IN (SELECT b FROM c), 'a' COLLATE BINARY IN (SELECT n FROM c), "
        "b IN (SELECT 'a' COLLATE NOCASE), 'a' IN c, 'a' NOT IN (SELECT n FROM c) FROM c",
        "SELECT 'a' IN (SELECT b FROM c UNION SELECT n FROM c), "
        "'a' IN (SELECT n FROM c UNION SELECT b FROM c), "
        "'a' IN ('A' COLLATE NOCASE, 'x', 'y'), 'a' IN (n, 'x') FROM c",
        "DELETE FROM d WHERE r IN (SELECT 9007199254740993)", "SELECT count(*) FROM d",
    ]),
    # SQLite tests a WHERE term that reads no FROM item (and holds no subquery, calls
    # nothing non-deterministic) once before any row: its error surfaces whatever the
    # rows, and a false one stops the rest; EXISTS subqueries it turns into joins
    "loop-invariant conditions run before any row": ([
        "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)", "CREATE TABLE e(x)",
        "CREATE TABLE u(b)", "INSERT INTO u VALUES (5)"], [
        "SELECT * FROM t WHERE a > 5 AND like(1, 1, 'xy')",
        "SELECT * FROM t WHERE a > 5 AND NOT like(1, 1, 'xy')",
        "SELECT * FROM t WHERE a > 5 AND (like(1, 1, 'xy') AND 1)",
        "SELECT * FROM t WHERE a > 5 AND (like(1, 1, 'xy') OR a)",
        "SELECT count(*) FROM e WHERE abs(-9223372036854775807 - 1)",
        "SELECT * FROM t WHERE NULL AND abs(-9223372036854775807 - 1)",
        "SELECT * FROM t WHERE abs(-9223372036854775807 - 1) AND NULL",
        "SELECT * FROM t WHERE a AND NULL AND abs(-9223372036854775807 - 1)",
        "SELECT * FROM t WHERE abs(-9223372036854775807 - 1) AND a AND NULL",
        "SELECT * FROM t WHERE '0' AND abs(-9223372036854775807 - 1)",
        "SELECT * FROM t WHERE a > 5 AND random() AND abs(-9223372036854775807 - 1)",
        "SELECT * FROM t WHERE a > 5 AND abs(-9223372036854775807 - 1) + random()",
        "SELECT * FROM t WHERE a > 5 AND coalesce(1, abs(-9223372036854775807 - 1))",
        "SELECT * FROM t WHERE a > 5 AND CASE WHEN 1 THEN 1 ELSE abs(-9223372036854775807 - 1) END",
        "SELECT * FROM t WHERE a > 5 AND (1 OR abs(-9223372036854775807 - 1))",
        "SELECT * FROM t, u WHERE a > 5 AND like(b, 1, 'xy')",
        "SELECT * FROM t JOIN u ON like(1, 1, 'xy') WHERE a > 5",
        "SELECT * FROM t LEFT JOIN u ON like(1, 1, 'xy') WHERE a > 5",
        "SELECT * FROM e JOIN t ON abs(-9223372036854775807 - 1)",
        "SELECT * FROM t LEFT JOIN e ON abs(-9223372036854775807 - 1)",
        "SELECT count(*) FROM t WHERE a > 5 AND like(1, 1, 'xy') GROUP BY a",
        "SELECT * FROM t WHERE a > 5 AND like(1, 1, 'xy') LIMIT 0",
        "SELECT * FROM t WHERE a > 5 AND like(1, 1, 'xy') ORDER BY a",
        "UPDATE t SET a = 2 WHERE a > 5 AND like(1, 1, 'xy')",
        "DELETE FROM t WHERE a > 5 AND like(1, 1, 'xy')",
        "SELECT count(*) FROM e HAVING abs(-9223372036854775807 - 1)",
        "SELECT count(*) FROM e GROUP BY abs(-9223372036854775807 - 1)",
        "SELECT CASE WHEN a > 5 THEN abs(-9223372036854775807 - 1) END FROM t",
        # subqueries: their invariant terms run once per run of the subquery
        "SELECT (1 NOT IN (SELECT NULL FROM e WHERE abs(t.a - 9223372036854775807 - 2))) FROM t",
        "SELECT (SELECT 1 FROM e WHERE abs(-9223372036854775807 - 1)) FROM t",
        "SELECT (SELECT 1 FROM e WHERE t.a + abs(-9223372036854775807 - 1)) FROM t",
        "SELECT (SELECT 1 FROM e WHERE x + abs(-9223372036854775807 - 1)) FROM t",
        "SELECT EXISTS (SELECT 1 FROM e WHERE abs(t.a - 9223372036854775807 - 2)) FROM t",
        "SELECT * FROM t WHERE (NULL NOT IN (SELECT NULL FROM t AS u WHERE "
        "abs(-9223372036854775807 - 1))) AND NULL",
        "SELECT * FROM t WHERE (NULL NOT IN (SELECT NULL FROM t AS u WHERE "
        "abs(-9223372036854775807 - 1))) AND 1",
        "SELECT * FROM t WHERE a > 5 AND (1 IN (SELECT NULL FROM t AS v WHERE "
        "abs(-9223372036854775807 - 1)))",
        "SELECT * FROM t WHERE a IN (SELECT x FROM e WHERE like(1, 1, 'xy'))",
        "SELECT * FROM e WHERE x IN (SELECT b FROM u WHERE like(1, 1, 'xy'))",
        # EXISTS in WHERE that SQLite joins
        "SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM e WHERE abs(t.a - 9223372036854775807 - 2))",
        "SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM e WHERE e.x = t.a AND "
        "abs(t.a - 9223372036854775807 - 2))",
        "SELECT 1 FROM t WHERE a > 5 AND EXISTS (SELECT 1 FROM e WHERE abs(-9223372036854775807 - 1))",
        "SELECT 1 FROM t WHERE a > 5 AND NOT EXISTS (SELECT 1 FROM u WHERE abs(-9223372036854775807 - 1))",
        "SELECT 1 FROM t WHERE a > 5 AND EXISTS (SELECT count(*) FROM u WHERE abs(-9223372036854775807 - 1))",
        "SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM e WHERE abs(-9223372036854775807 - 1)) AND NULL",
        "SELECT (SELECT 1 FROM u WHERE EXISTS (SELECT 1 FROM e WHERE "
        "abs(u.b - 9223372036854775807 - 6))) FROM t",
        "DELETE FROM t WHERE EXISTS (SELECT 1 FROM e WHERE abs(t.a - 9223372036854775807 - 2))",
    ]),
    "collations and sort orders of table-level keys": ([
        "CREATE TABLE k(a, b, c TEXT COLLATE NOCASE, PRIMARY KEY (a COLLATE NOCASE DESC, b), "
        "UNIQUE (b COLLATE RTRIM), UNIQUE (c), UNIQUE (c COLLATE BINARY), UNIQUE (b DESC))",
        "INSERT INTO k VALUES ('x', 'p', 'q'), ('y', 'r', 's')",
        "CREATE TABLE r(a INTEGER, b, PRIMARY KEY (a DESC))",
        "INSERT INTO r(b) VALUES ('one'), ('two')"], [
        "INSERT INTO k VALUES ('X', 'p2', 'q2')",
        "INSERT INTO k VALUES ('z', 'p  ', 'q3')",
        "INSERT INTO k VALUES ('z', 'p4', 'Q')",
        "INSERT OR IGNORE INTO k VALUES ('z', 'p5', 'q5'), ('Z', 'p6', 'q6')",
        "SELECT * FROM k ORDER BY a",
        "SELECT rowid, a, b FROM r ORDER BY a",
        "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name",
    ]),
    # a column number or alias under COLLATE naming an aggregate: SQLite's check misses
    # it, its code generator reports the (last) aggregate
    "group by a collated position of an aggregate": (T, [
        "SELECT a, count(*) FROM t GROUP BY 2 COLLATE NOCASE",
        "SELECT a, count(*) FROM t GROUP BY (2 COLLATE NOCASE)",
        "SELECT a, sum(a) + max(e) FROM t GROUP BY 2 COLLATE NOCASE",
        "SELECT count(*) AS c FROM t GROUP BY c COLLATE NOCASE", "SELECT count(*) AS c FROM t GROUP BY c",
        "SELECT a, count(*) FROM t GROUP BY 2", "SELECT a FROM t GROUP BY count(*) COLLATE NOCASE",
        "SELECT a, count(*) FROM t GROUP BY 2 COLLATE NOCASE HAVING nosuch",
        "SELECT a, count(*) FROM t GROUP BY 2 COLLATE NOCASE ORDER BY nosuch",
        "SELECT DISTINCT NULL, count(*), count(NULL) FROM t GROUP BY NULL, (2 COLLATE NOCASE)",
        "SELECT a, e FROM t GROUP BY (1 COLLATE NOCASE) ORDER BY (2 COLLATE NOCASE) DESC",
        "SELECT a FROM t UNION SELECT 5 ORDER BY (1 COLLATE NOCASE) DESC",
        # every term resolved first, then the aggregate check, the code generator's last
        "SELECT a, count(*) FROM t GROUP BY 2, 0", "SELECT a, count(*) FROM t GROUP BY 2, nosuch",
        "SELECT a, count(*) FROM t GROUP BY 2 COLLATE NOCASE, count(*)",
        "SELECT a, count(*) FROM t GROUP BY 2 COLLATE NOCASE, 3",
        "SELECT a, count(*) FROM t GROUP BY 2, 2 COLLATE NOCASE",
    ]),
    # SQLite makes a compound with a collated ORDER BY and an operator other than UNION
    # ALL a subquery of SELECT * ... ORDER BY, its last SELECT's GROUP BY and HAVING
    # left to that SELECT * (convertCompoundSelectToSubquery): they group the compound's
    # rows by its columns, so GROUP BY 1 naming count(*) is no error
    "a converted compound's last GROUP BY and HAVING group its rows": ([
        "CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 'x'), (2, 'y')"], [
        "SELECT 1, 'b' UNION SELECT count(*), 'a' FROM t GROUP BY 1 ORDER BY 2 COLLATE NOCASE",
        "SELECT 1, 'b' UNION SELECT count(*), 'a' FROM t GROUP BY 1 ORDER BY 1 COLLATE NOCASE",
        "SELECT 'b', 1 UNION SELECT 'a', count(*) FROM t GROUP BY 2 ORDER BY 1 COLLATE NOCASE",
        "SELECT 1 UNION SELECT count(*) FROM t GROUP BY 1 ORDER BY 1 COLLATE NOCASE",
        "SELECT 1, 'b' UNION SELECT b, sum(a) FROM t GROUP BY 1 ORDER BY 1 COLLATE NOCASE",
        "SELECT 1, 'b' EXCEPT SELECT count(*), 'a' FROM t GROUP BY 1 ORDER BY 2 COLLATE NOCASE",
        "SELECT 1, 'b' UNION SELECT 2, 3 UNION SELECT count(*), 'a' FROM t GROUP BY 1 "
        "ORDER BY 2 COLLATE NOCASE",
        "SELECT 1, 'b' UNION SELECT count(*), 'a' FROM t GROUP BY 1 ORDER BY 2 COLLATE NOCASE "
        "LIMIT 1 OFFSET 1",
        "SELECT 1 UNION SELECT a FROM t GROUP BY a ORDER BY 1 COLLATE NOCASE",
        "SELECT 1 AS a UNION SELECT a FROM t GROUP BY a HAVING count(*) > 1 "
        "ORDER BY 1 COLLATE NOCASE",
        "SELECT 5 AS a UNION SELECT a FROM t GROUP BY a HAVING a > 1 ORDER BY 1 COLLATE NOCASE",
        "SELECT 1 AS k UNION SELECT a FROM t GROUP BY k ORDER BY 1 COLLATE NOCASE",
        "SELECT 1 UNION SELECT count(*) FROM t GROUP BY 2 ORDER BY 1 COLLATE NOCASE",
        # not converted (UNION ALL only, no COLLATE) or not the last SELECT: the error
        "SELECT 1, 'b' UNION ALL SELECT count(*), 'a' FROM t GROUP BY 1 ORDER BY 2 COLLATE NOCASE",
        "SELECT 1, 'b' UNION SELECT count(*), 'a' FROM t GROUP BY 1 ORDER BY 2",
        "SELECT 1, 'b' UNION SELECT count(*), 'a' FROM t GROUP BY 1 UNION SELECT 2, 3 "
        "ORDER BY 2 COLLATE NOCASE",
        "SELECT count(*), 'a' FROM t GROUP BY 1 UNION SELECT 1, 'b' ORDER BY 2 COLLATE NOCASE",
    ]),
    # the subquery SQLite makes of a compound with a collated ORDER BY names a column
    # reference under COLLATE after the column, +c as written
    "compound column names under collate": (T, [
        f"SELECT {c} FROM t EXCEPT SELECT NULL ORDER BY 1 COLLATE RTRIM" for c in (
            "e COLLATE RTRIM", "(t.e COLLATE RTRIM)", "(e)", "+e", "t.e", "+(e COLLATE NOCASE)",
            "(+e) COLLATE NOCASE")] + [
        "SELECT NULL, (a4.e COLLATE RTRIM), NULL FROM t AS a4 EXCEPT SELECT NULL, NULL, NULL "
        "ORDER BY 3 COLLATE RTRIM, 1 ASC NULLS LAST, 2 NULLS LAST",
    ]),
    "cast without a type name is numeric": (T, [
        "SELECT CAST(1 AS ), typeof(CAST('12' AS )), CAST(x'41' AS), CAST(1.5 AS), "
        "CAST(e AS) + 1, typeof(CAST(b AS)) FROM t",
    ]),
    "offsets survive the renaming of function calls": (T, [
        # the parser renames calls before sqlglot reads them; a "string" and a unary + are
        # recognised by their offsets in the text as written, after any number of calls
        'SELECT abs("nosuch"), lower("Q"), upper(lower("k")) || "z", "e" FROM t',
        "SELECT abs(1), lower('x'), +t.e = 1, length(e), +e = 1, typeof(+a || 'x') FROM t",
        "SELECT a IS DISTINCT FROM concat(a, NULL), a IS NOT DISTINCT FROM concat_ws('', a) "
        "FROM t",
    ]),
    "collate inside functions, case and compound selects": ([
        "CREATE TABLE t(a TEXT COLLATE NOCASE, b TEXT, r TEXT COLLATE RTRIM)",
        "INSERT INTO t VALUES ('abc', 'ABC', 'x  ')"], [
        "SELECT lower('a' COLLATE NOCASE) = 'A', upper(a) = 'abc', a || '' = 'ABC', "
        "(a || 'x' COLLATE BINARY) = 'ABCX', +a = 'ABC', CAST(a AS TEXT) = 'ABC' FROM t",
        "SELECT max(a) = 'ABC', max(a COLLATE NOCASE) = 'ABC', "
        "(SELECT 'a' COLLATE NOCASE) = 'A', coalesce(a, 'x') = 'ABC', "
        "ifnull(b COLLATE NOCASE, 1) = 'abc' FROM t",
        "SELECT CASE WHEN 1 THEN 'a' END = 'A', CASE WHEN 1 THEN 'a' COLLATE NOCASE END = 'A'",
        "SELECT 'ABC' UNION SELECT a FROM t",
        "SELECT count(*) FROM (SELECT 'ABC' UNION SELECT a FROM t)",
        "SELECT 'ABC' UNION SELECT b FROM t UNION SELECT a FROM t",
        "SELECT x FROM (SELECT 'b' AS x UNION SELECT 'B' COLLATE NOCASE UNION SELECT 'a') "
        "ORDER BY x",
        "SELECT 'a' COLLATE NOCASE UNION ALL SELECT 'A' UNION SELECT 'b'",
        "SELECT 'a' COLLATE NOCASE INTERSECT SELECT 'A'",
        "SELECT a, count(*) FROM t GROUP BY a || '' COLLATE NOCASE",
        "SELECT ('a' COLLATE NOCASE) = ('A' COLLATE BINARY), "
        "'a' COLLATE BINARY = 'A' COLLATE NOCASE, r = 'x', r || '' = 'x' FROM t",
    ]),
    "functions sqlglot renames": ([], [
        "SELECT lower(hex('Z')), upper(hex('z')), LOWER(HEX('Z')), lower (hex ('Z'))",
        "SELECT log10(1000), log(10, 1000), log2(8), ln(1), log(100), log(2, 8)",
        "SELECT mod(7.5, 2), 7.5 % 2, mod(-7, 2), mod(7, 0), mod('a', 2)",
        "SELECT ceiling(1.2), ceil(-0.5), floor(-0.0), trunc(-0.5), ceil('3'), ceil(x'33')",
        "SELECT iif(1, 'a'), iif(0, 'a'), iif(0, 1, 0, 2, 3), if(0, 1, 1, 2), char()",
        "SELECT ifnull(1)", "SELECT substr(1)", "SELECT abs(1, 2)", "SELECT hex(1, 2)",
        "SELECT coalesce()", "SELECT max()", "SELECT concat()", "SELECT format()",
        "SELECT trim(BOTH 'x' FROM 'xax')", "SELECT substring('abc' FROM 2)",
        "SELECT rank()", "SELECT lag(1, 2, 3, 4)", "SELECT abs(lag(1))",
        "SELECT nosuch(nocol)", "SELECT abs(1, nocol)", "SELECT lag(nocol)",
    ]),
    "math functions follow C's libm": ([], [
        "SELECT pow(2, 1024), pow(-2, 1025), exp(1000), sqrt(-1), acos(2), sinh(-1000), "
        "atanh(1), atanh(-1), pow(0, -1), pow(-0.0, -1), log(0), log(1, 8), pi()",
    ]),
    "quote and text of infinities": ([], [
        "SELECT quote(1e999), quote(-1e999), 1e999 || '', CAST(-1e999 AS TEXT), "
        "printf('%f', 1e999), quote(-0.0), -0.0 || ''",
        "SELECT printf('%05f', -1e999), printf('%010f', 1e999), printf('%08.2f', -1e999), "
        "printf('%06e', 1e999), printf('%06g', -1e999), printf('%-05f|', 1e999), "
        "printf('%+05f', 1e999), printf('%#05g', 1e999), printf('%!05.3e', -1e999)",
        "SELECT round(1e999, 2), sign(-1e999), ceil(1e999), trunc(-1e999), "
        "printf('%d', 1e999), 1e999 << 1, ~1e999, exp(710), pow(10, 309), sin(1e999), "
        "atan(1e999), 1e308 * 10, 1e-400, -1e-400",
    ]),
    "printf's '#' drops the sign of a REAL rounded to zero, but not with '+' or ' '": ([], [
        "SELECT printf('%#f|%+#f|% #f|%+#.2f|%#.0f|%+#.0f|%-+#9.1f|', -1e-7, -1e-7, -1e-7, "
        "-0.001, -0.4, -0.4, -0.01), printf('%+#f|%+f|%#f', -0.0, -1e-77, -1e-77)",
    ]),
    "cast follows the affinity of the type name as written": ([], [
        "SELECT CAST('12' AS STRING), CAST('12' AS \"FLOATING POINT\"), "
        "CAST('12' AS FLOATING POINT), CAST('12.0' AS UNSIGNED BIG INT), "
        "CAST(' 12 ' AS VARCHAR(10)), CAST('12' AS BINARY), CAST('12' AS VARBINARY(2)), "
        "CAST('12' AS BLOB), CAST('1.5' AS DECIMAL(10,5)), CAST('12' AS [int]), "
        "CAST('12' AS `real`), CAST('x' AS BOOLEAN), CAST('3.0' AS NUMERIC), "
        "CAST('3.0' AS NATIVE CHARACTER(70)), CAST('7' AS DOUBLE PRECISION)",
    ]),
    "substr with 64-bit positions": ([], [
        "SELECT substr('abc', -2147483648), substr('abc', -9223372036854775808), "
        "substr('abc', 2, -9223372036854775808), substr('abc', 9223372036854775807), "
        "substr('abc', 0, 9223372036854775807), substr(x'616263', -2147483648), "
        "substr('abc', 3, -2147483648), substr('abcdef', 2147483647, -2147483646), "
        "substr('abc', 4294967298), substr('abc', 2, 4294967297), substr('abc', NULL), "
        "substr('abc', 1, NULL), substr(x'', 1)",
    ]),
    "minus zero": (["CREATE TABLE z(r REAL, b, t TEXT, i INT)",
                    "INSERT INTO z VALUES (-0.0, -0.0, -0.0, -0.0)"], [
        "SELECT -0.0, -(0.0), -((0.0)), -0e0, -(-0.0), - - 0.0, -(+0.0), 0.0 * -1",
        "SELECT -a FROM (SELECT 0.0 a)",
        "SELECT r, b, t, i, typeof(i), hex(b) FROM z",
        "SELECT min(0.0, -0.0), max(-0.0, 0.0), abs(-0.0), 1 / -0.0, -0.0 = 0.0, "
        "round(-0.4), quote(-0.0)",
    ]),
    "integer literals type as SQLite types them": ([], [
        "SELECT 9223372036854775808, typeof(9223372036854775808), -9223372036854775808, "
        "typeof(-9223372036854775808), -(9223372036854775808), -(-9223372036854775808), "
        "-9223372036854775809, -+9223372036854775808, +-9223372036854775808",
        "SELECT 00000000000000000000012, 0000000000000000000000009223372036854775808, "
        "-00000000000000000000009223372036854775808, "
        "1.00000000000000011102230246251565404236316680908203125, 2.2250738585072011e-308",
        "SELECT " + "9" * 10000 + ", -" + "1" * 10000 + ", typeof(" + "0" * 10000 + "5)",
    ]),
    "nul bytes in text": ([], [
        "SELECT length(CAST(x'410042' AS TEXT)), hex(CAST(x'410042' AS TEXT)), "
        "octet_length(CAST(x'410042' AS TEXT)), hex(quote(CAST(x'410042' AS TEXT))), "
        "hex(upper(CAST(x'610062' AS TEXT))), instr(CAST(x'410042' AS TEXT), 'B'), "
        "hex(substr(CAST(x'410042' AS TEXT), 2)), hex(substr(CAST(x'410042' AS TEXT), -1))",
        "SELECT hex(replace('a' || char(0) || 'b', char(0), 'Z')), "
        "hex(trim(' a ' || char(0) || ' ')), hex(trim('xax', char(0) || 'x')), "
        "unicode(CAST(x'0041' AS TEXT)), hex(unhex(CAST(x'00' AS TEXT))), "
        "hex(unhex('41' || char(0) || '42')), typeof(unhex(x'00')), unicode(x'00'), "
        "unhex('4' || char(0)), hex(printf('%s', CAST(x'410042' AS TEXT))), "
        "length(char(0, 65)), CAST(x'410042' AS TEXT) = 'A'",
    ]),
    "a nul ends the number in text": ([
        "CREATE TABLE t(n NUMERIC)",
        "INSERT INTO t VALUES ('12x' || x'00'), ('12 ' || x'00'), ('a' || x'00'), "
        "(x'00' || '5'), ('1.0' || x'00')"], [
        "SELECT hex(n), typeof(n) FROM t",
        "SELECT '12' || x'00' + 0, '12x' || x'00' + 0, ' ' || x'00' + 0, '-5' || x'00' + 0, "
        "'0x10' || x'00' + 0, '1e400' || x'00' + 0, '.' || x'00' + 0, x'00' || ' 3' + 0",
        "SELECT CAST('12' || x'00' AS NUMERIC), CAST('12x' || x'00' AS NUMERIC), "
        "CAST('1e2' || x'00' AS NUMERIC), CAST('12' || x'0041' AS INTEGER), "
        "CAST('7.5' || x'00' AS REAL)",
        "SELECT ('12' || x'00') = 12, CAST(1 AS INTEGER) <= ('0' || x'0041'), "
        "('12' || x'00') % 5, ('12' || x'00') & 5, -('12' || x'00')",
        "SELECT sum(v), total(v), avg(v) FROM (SELECT '12' || x'00' v UNION ALL "
        "SELECT '3' || x'00')",
    ]),
    "text from invalid utf-8 keeps its bytes": ([
        "CREATE TABLE u(v TEXT)",
        "INSERT INTO u VALUES (CAST(x'ff' AS TEXT)), (CAST(x'fe' AS TEXT)), "
        "(CAST(x'ff' AS TEXT)), (CAST(x'c3' AS TEXT) || CAST(x'a9' AS TEXT))"], [
        "SELECT hex(v), length(v), octet_length(v), unicode(v), hex(CAST(v AS BLOB)) FROM u",
        "SELECT hex(v), count(*) FROM u GROUP BY v ORDER BY 1",
        "SELECT count(DISTINCT v), count(*) FROM u",
        "SELECT v = 'é', hex(v || 'x') FROM u",
        "SELECT length(CAST(x'e282' AS TEXT)), length(CAST(x'80' AS TEXT)), "
        "length(CAST(x'c3a9ff' AS TEXT)), unicode(CAST(x'e282' AS TEXT)), "
        "unicode(CAST(x'ff' AS TEXT)), unicode(CAST(x'c328' AS TEXT)), "
        "unicode(CAST(x'eda080' AS TEXT)), unicode(x'80'), unicode(CAST(x'f88080808080' AS TEXT))",
        "SELECT hex(substr(CAST(x'e282ac41' AS TEXT), 2)), "
        "hex(substr(CAST(x'e282ff41' AS TEXT), 2, 1)), instr(CAST(x'ff41' AS TEXT), 'A'), "
        "instr(CAST(x'c3a9c3a9ff41' AS TEXT), 'A'), hex(lower(CAST(x'c3' AS TEXT))), "
        "hex(char(55296)), hex(char(0xDFFF)), hex(char(0x110000)), unicode(char(55296)), "
        "hex(quote(CAST(x'ff' AS TEXT))), CAST(CAST(x'3132ff' AS TEXT) AS INTEGER)",
    ]),
    "positional order by and group by": (["CREATE TABLE t(a, b)",
                                          "INSERT INTO t VALUES (1, 2), (3, 4)"], [
        "SELECT a FROM t ORDER BY 0", "SELECT a FROM t ORDER BY -1",
        "SELECT a FROM t ORDER BY -(1)", "SELECT a FROM t ORDER BY (2)",
        "SELECT a FROM t ORDER BY +2", "SELECT a FROM t ORDER BY +1",
        "SELECT a FROM t ORDER BY 2147483648", "SELECT a FROM t ORDER BY 1.0",
        "SELECT a FROM t ORDER BY '2'", "SELECT a FROM t ORDER BY a, 5",
        "SELECT a FROM t ORDER BY 2 COLLATE NOCASE", "SELECT a, b FROM t GROUP BY 0",
        "SELECT a, b FROM t GROUP BY -1", "SELECT a FROM t GROUP BY a, -2",
        "SELECT count(*) FROM t GROUP BY 1", "SELECT a, count(*) FROM t GROUP BY 2",
        "SELECT a, count(*) AS c FROM t GROUP BY c",
        "SELECT a, count(*) AS c FROM t GROUP BY c + 1",
        "SELECT a, count(*) FROM t GROUP BY count(*)",
        "SELECT a, count(*) FROM t GROUP BY count(*) + 1",
        "SELECT count(*) AS c FROM t WHERE c > 1",
        "SELECT a, b FROM t GROUP BY 1 + 0",
        "SELECT a FROM t UNION SELECT b FROM t ORDER BY 3",
        "SELECT a FROM t UNION SELECT b FROM t ORDER BY 1, 7",
        "SELECT a FROM t UNION SELECT b FROM t ORDER BY -1",
        "SELECT a FROM t UNION SELECT b FROM t ORDER BY (1)",
        "SELECT a FROM t UNION SELECT b FROM t ORDER BY 1.0",
        "SELECT a FROM t UNION SELECT b FROM t ORDER BY 1, x",
    ]),
    "bare columns come from the group's first row": ([
        "CREATE TABLE t(a, b, g)",
        "INSERT INTO t VALUES (1, 2, 'x'), (3, 4, 'x'), (5, 6, 'y'), (7, 8, 'y'), (9, 10, 'x')"], [
        "SELECT a, count(*) FROM t", "SELECT a, sum(b) FROM t GROUP BY g",
        "SELECT a, max(b) FROM t GROUP BY g", "SELECT a, min(b) FROM t GROUP BY g",
    ]),
    "limit and offset at the int64 edge": (["CREATE TABLE t(a)",
                                           "INSERT INTO t VALUES (1), (2), (3)"], [
        "SELECT a FROM t LIMIT 9223372036854775807 OFFSET 9223372036854775807",
        "SELECT a FROM t LIMIT 1 OFFSET 9223372036854775808",
        "SELECT a FROM t LIMIT 9223372036854775807 OFFSET 1",
        "SELECT a FROM t ORDER BY a DESC LIMIT 9223372036854775807 OFFSET 2",
        "SELECT a FROM t LIMIT '2' OFFSET '1'", "SELECT a FROM t LIMIT 'x'",
        "SELECT a FROM t LIMIT 1e999", "SELECT a FROM t LIMIT -1 OFFSET -5",
    ]),
    "a null operand skips a subquery": (["CREATE TABLE t(a, n)",
                                         "INSERT INTO t VALUES (1, NULL), (2, NULL)"], [
        "SELECT a FROM t WHERE NULL = (SELECT abs(-9223372036854775808 + t.a - t.a))",
        "SELECT a FROM t WHERE (SELECT abs(-9223372036854775808 + t.a - t.a)) = NULL",
        "SELECT a FROM t WHERE n = (SELECT abs(-9223372036854775808 + t.a - t.a)) + 1",
        "SELECT a FROM t WHERE NULL + (SELECT abs(-9223372036854775808 + t.a - t.a))",
        "SELECT n = (SELECT abs(-9223372036854775808 + t.a - t.a)) FROM t",
        "SELECT a FROM t WHERE (SELECT n) = (SELECT abs(-9223372036854775808 + t.a - t.a))",
        "SELECT a FROM t WHERE (SELECT abs(-9223372036854775808 + t.a - t.a)) = (SELECT n)",
        "SELECT a FROM t WHERE NULL IS (SELECT abs(-9223372036854775808 + t.a - t.a))",
        "SELECT a FROM t WHERE n BETWEEN (SELECT abs(-9223372036854775808 + t.a - t.a)) AND 2",
        "SELECT a FROM t WHERE NULL = abs(-9223372036854775808 + a - a)",
        "SELECT a FROM t WHERE a = (SELECT abs(-9223372036854775808 + t.a - t.a))",
    ]),
    "foreign keys compare as SQLite's lookups do": ([
        "CREATE TABLE pi(k INTEGER PRIMARY KEY)", "CREATE TABLE pr(k REAL UNIQUE)",
        "CREATE TABLE pt(k TEXT UNIQUE)", "INSERT INTO pi VALUES (1)",
        "INSERT INTO pr VALUES (9223372036854775807)", "INSERT INTO pt VALUES (1.5)",
        "CREATE TABLE ci(r TEXT REFERENCES pi)", "CREATE TABLE cr(r INTEGER REFERENCES pr(k))",
        "CREATE TABLE ct(r BLOB REFERENCES pt(k))"], [
        "INSERT INTO ci VALUES ('1')", "INSERT INTO ci VALUES ('1.0')",
        "INSERT INTO ci VALUES ('1.5')", "INSERT INTO cr VALUES (9223372036854775807)",
        "INSERT INTO cr VALUES ('9223372036854775807')",
        "INSERT INTO cr VALUES (9223372036854775807.0)", "INSERT INTO ct VALUES (1.5)",
        "INSERT INTO ct VALUES ('1.5')", "DELETE FROM pt", "PRAGMA foreign_key_check",
        "DELETE FROM pi", "SELECT r, typeof(r) FROM cr",
    ]),
    "check constraints are read from the table's own text": ([
        # a unary + or a double-quoted string in a CHECK, at offsets where the statement
        # that writes the row has something else (update_fail_check)
        "CREATE TABLE t0(c0 STRING DEFAULT 1e999, c1 TEXT CHECK (c1 IS NULL OR c1 >= 0), "
        "c2 DATE, c3 BLOB, c4 DOUBLE PRECISION, UNIQUE (c3, c2))",
        "REPLACE INTO t0(c0, c1, c2, c3, c4) VALUES (2147483648, '0', 1, '', '1e2'), "
        "(X'3132', 2.5, 1.0, (-1e+20), 'a')",
        "CREATE TABLE q(a CHECK (a <> \"zz\"), b CHECK (+b >= 0), c TEXT CHECK (c >= 0))"], [
        "UPDATE OR FAIL t0 SET c3 = ' a', c1 = t0.c3 WHERE ((+c2 NOT IN (+c2, +c2)) OR 1)",
        "SELECT rowid, c1, c3 FROM t0", "UPDATE t0 SET c4 = c4",
        "INSERT INTO q VALUES (1, '', '1')", "INSERT INTO q VALUES ('zz', 1, '1')",
        "INSERT INTO q VALUES (2, 2, '')", "INSERT INTO q(c, b, a) VALUES ('3', +3, +3)",
        "UPDATE q SET c = '', b = +b WHERE +a = 1 OR \"a\" = 'zz' OR +b",
        "UPDATE q SET a = \"zz\" WHERE +b >= 0", "SELECT * FROM q",
    ]),
    "a row breaking several unique constraints reports the newest index": ([
        # indexes are made in the order their constraints are written, PRIMARY KEY among
        # them; SQLite checks the rowid, then the newest index first (unique_check_order)
        "CREATE TABLE t(a UNIQUE, b, PRIMARY KEY (a, b))", "INSERT INTO t VALUES (1, 1)",
        "CREATE TABLE v(id INTEGER PRIMARY KEY, a UNIQUE, b UNIQUE, c, UNIQUE(c, a), "
        "UNIQUE(id))", "CREATE UNIQUE INDEX v_b ON v(b)", "CREATE INDEX v_c ON v(c)",
        "CREATE UNIQUE INDEX v_cb ON v(c, b)", "INSERT INTO v VALUES (1, 1, 1, 1), (2, 2, 2, 2)",
        "CREATE TABLE k(a, b UNIQUE, UNIQUE(b, a), PRIMARY KEY(b, a))",
        "INSERT INTO k VALUES (1, 1)"], [
        "INSERT INTO t VALUES (1, 1)", "INSERT OR FAIL INTO t VALUES (1, 1)",
        "INSERT OR ROLLBACK INTO t VALUES (1, 1)", "INSERT OR IGNORE INTO t VALUES (1, 1)",
        "INSERT INTO t VALUES (1, 2)", "PRAGMA index_list(t)",
        "INSERT INTO v VALUES (1, 1, 1, 1)", "INSERT INTO v VALUES (3, 1, 1, 1)",
        "INSERT OR FAIL INTO v VALUES (3, 2, 3, 2)", "INSERT OR ABORT INTO v VALUES (3, 1, 3, 1)",
        "UPDATE v SET a = 1, b = 1, c = 1 WHERE id = 2",
        "UPDATE OR FAIL v SET a = 1, b = 1 WHERE id = 2",
        "UPDATE OR ROLLBACK v SET a = 1, c = 1 WHERE id = 2",
        "UPDATE v SET id = 1, a = 1, b = 1, c = 1 WHERE id = 2",
        "UPDATE OR IGNORE v SET a = 1, b = 1 WHERE id = 2",
        "UPDATE v SET b = 1, c = 2 WHERE id = 2", "PRAGMA index_list(v)",
        "INSERT INTO k VALUES (1, 1)", "PRAGMA index_list(k)",
        "REPLACE INTO v VALUES (2, 1, 3, 1)", "SELECT * FROM v",
    ]),
    "returning runs after each row, its subqueries on the target table again": ([
        # returning_subquery: SQLite evaluates RETURNING once a row (and its foreign-key
        # actions) is written; a subquery reading the target table in its own FROM runs
        # again for every row, any other uncorrelated one once per statement
        "CREATE TABLE t(a, b UNIQUE)", "INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)",
        "CREATE TABLE p(k INTEGER PRIMARY KEY)",
        "CREATE TABLE c(x REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL)",
        "INSERT INTO p VALUES (1), (2), (3)", "INSERT INTO c VALUES (1), (1), (2), (3)"], [
        "DELETE FROM t WHERE a < 3 RETURNING a, (SELECT count(*) FROM t), "
        "(SELECT group_concat(a) FROM t), 20 IN (SELECT b FROM t), "
        "EXISTS (SELECT 1 FROM t WHERE a = 2), (SELECT (SELECT max(a) FROM t) + 1)",
        "INSERT INTO t VALUES (4, 40), (5, 50) RETURNING a, (SELECT count(*) FROM t), "
        "(SELECT sum(a) FROM t), 50 IN (SELECT b FROM t), a IN (SELECT a FROM t)",
        "UPDATE t SET a = a * 10 RETURNING a, (SELECT group_concat(a) FROM t), "
        "(SELECT sum(x.a) FROM t AS x WHERE x.b <> t.b), (SELECT count(*) FROM main.t)",
        "INSERT INTO t SELECT a + 1, b + 1 FROM t RETURNING a, (SELECT count(*) FROM t)",
        "INSERT INTO t VALUES (8, 70), (9, 90) ON CONFLICT (b) DO UPDATE SET a = 99 "
        "RETURNING a, (SELECT group_concat(a) FROM t)",
        "REPLACE INTO t VALUES (9, 70), (10, 100) RETURNING a, (SELECT group_concat(a) FROM t)",
        "DELETE FROM t WHERE a > 40 RETURNING a, "
        "(SELECT count(*) FROM t UNION ALL SELECT 5 LIMIT 1), "
        "(SELECT 5 WHERE 0 UNION ALL SELECT count(*) FROM t), "
        "(SELECT n FROM (SELECT count(*) AS n FROM t)), (SELECT (SELECT count(*) FROM t))",
        "DELETE FROM p WHERE k < 3 RETURNING k, (SELECT group_concat(x) FROM c), "
        "(SELECT count(*) FROM c WHERE p.k > 0), (SELECT count(*) FROM p)",
        "UPDATE p SET k = k + 10 RETURNING k, (SELECT count(x) FROM c), "
        "(SELECT count(x) FROM c WHERE k = k)",
    ]),
    "numbers below 1 or past 65535 in ORDER BY and GROUP BY are refused first": (["CREATE TABLE t(a)"], [
        "SELECT a FROM t GROUP BY 100, 0", "SELECT a FROM t GROUP BY 5, -1",
        "SELECT a FROM t ORDER BY 5, 0", "SELECT a FROM t ORDER BY 5, (0) COLLATE NOCASE",
        "SELECT a FROM t GROUP BY 5, 4", "SELECT a FROM t GROUP BY 10, 2147483647",
        "SELECT a FROM t ORDER BY 10, 65536", "SELECT a FROM t ORDER BY 10, 65535",
    ]),
    "limit 0 runs nothing, not even its offset": ([
        # SQLite tests LIMIT before its loop: no row is computed, no OFFSET read
        "CREATE TABLE t(c)", "INSERT INTO t VALUES ('ab')"], [
        "SELECT like(NULL, NULL, c), 0 FROM t ORDER BY 2 LIMIT 0 OFFSET 1",
        "SELECT abs(-9223372036854775808) FROM t LIMIT 0",
        "SELECT 1 FROM t LIMIT 0 OFFSET abs(-9223372036854775808)",
        "SELECT 1 FROM t LIMIT 1 OFFSET abs(-9223372036854775808)",
        "SELECT (SELECT like(1, 1, c) FROM t LIMIT 0)",
    ]),
    "in (select col from t) probes t while the statement changes it": ([
        # update_self_subquery: SQLite answers x IN (SELECT col FROM t) from t's index on
        # col (or its rowids) at each evaluation, so an UPDATE's SET sees the rows already
        # changed; whether the index held a NULL is settled at the first evaluation only
        "CREATE TABLE t(a, b UNIQUE)", "INSERT INTO t(a) VALUES (256)",
        "INSERT INTO t(b) VALUES ('a')",
        "CREATE TABLE u(id INTEGER PRIMARY KEY, a, b, c TEXT, d INT, e)",
        "CREATE INDEX u_b ON u(b)", "CREATE INDEX u_cd ON u(c COLLATE NOCASE, d)",
        "CREATE INDEX u_c ON u(c)",
        "INSERT INTO u VALUES (1, NULL, 5, 'x', 1, 5), (2, NULL, NULL, 'Y', 2, NULL), "
        "(3, NULL, 7, NULL, 3, 7), (4, 0, 9, '4', 4, 9)",
        "CREATE TABLE v(x, y UNIQUE)", "INSERT INTO v VALUES (1, 1), (2, 2), (3, 3)",
        "CREATE TABLE w(a, b)", "CREATE INDEX w_b ON w(b DESC)",
        "INSERT INTO w VALUES (1, NULL), (2, 1)"], [
        "UPDATE t SET a = (0 IN (SELECT b FROM t)), b = a", "SELECT * FROM t",
        # a DESC index: the NULL test reads the smallest entry all the same
        "UPDATE w SET a = quote(5 IN (SELECT b FROM w)), b = a", "SELECT * FROM w",
        "UPDATE u SET a = quote(5 IN (SELECT b FROM u)) || quote(NULL IN (SELECT b FROM u)) "
        "|| quote(5 IN (SELECT e FROM u)), b = NULL, e = NULL WHERE id < 4", "SELECT * FROM u",
        "UPDATE u SET b = id + 4, a = quote(6 IN (SELECT b FROM u)) || "
        "quote(NULL IN (SELECT b FROM u)) || quote(8 NOT IN (SELECT b FROM u))",
        "SELECT * FROM u",
        "UPDATE u SET a = quote('y' IN (SELECT c FROM u)) || quote(4 IN (SELECT c FROM u)) "
        "|| quote(4 IN (SELECT d FROM u)) || quote('4' IN (SELECT d FROM u)) "
        "|| quote(d IN (SELECT d FROM u)), c = upper(c), d = d + 1", "SELECT * FROM u",
        "UPDATE u SET a = quote(id + 1 IN (SELECT id FROM u)) || "
        "quote(id + 1.0 IN (SELECT rowid FROM u)) || quote('15' IN (SELECT id FROM u)) || "
        "quote(NULL IN (SELECT id FROM u)), id = id + 10", "SELECT * FROM u",
        "DELETE FROM u WHERE id > 12 RETURNING id, (13 IN (SELECT id FROM u)), "
        "(14 IN (SELECT id FROM u)), (NULL IN (SELECT b FROM u))",
        "UPDATE u SET b = NULL", "UPDATE u SET a = quote(100 IN (SELECT b FROM u)), b = 1",
        "SELECT * FROM u", "UPDATE u SET a = quote(100 NOT IN (SELECT b FROM u)), b = NULL",
        "SELECT * FROM u",
        "INSERT INTO v VALUES (9, 1) ON CONFLICT (y) DO UPDATE "
        "SET x = (2 IN (SELECT y FROM v)), y = 20",
        "INSERT INTO v VALUES (9, 2), (8, 20) ON CONFLICT (y) DO UPDATE "
        "SET x = (20 IN (SELECT y FROM v)), y = y * 10", "SELECT * FROM v",
        # an IN with an affinity whose subquery's column is no column: a set, as usual
        "UPDATE v SET x = (CAST(NULL AS TEXT) NOT IN (SELECT NULL FROM v)) || "
        "(CAST(5 AS TEXT) IN (SELECT 5 FROM v))", "SELECT * FROM v",
    ]),
    "in (select) compares with the subquery column's collation": ([
        "CREATE TABLE u(y COLLATE NOCASE, z)", "INSERT INTO u VALUES ('a', 'a'), ('B', 'b')",
        "CREATE TABLE w(a, b UNIQUE COLLATE NOCASE)", "INSERT INTO w VALUES (1, 'a'), (2, 'B')"], [
        # sqlite3BinaryCompareCollSeq: an explicit COLLATE on the left, then on the right,
        # then the left's column collation, then the right's; a compound's last SELECT
        "SELECT 'b' IN (SELECT y FROM u), 'b' COLLATE BINARY IN (SELECT y FROM u), "
        "'b' IN (SELECT z COLLATE NOCASE FROM u), lower(y) NOT IN (SELECT y FROM u), "
        "upper(z) IN (SELECT z FROM u), z IN (SELECT upper(y) FROM u) FROM u",
        "SELECT 'b' IN (SELECT 'x' UNION ALL SELECT y FROM u), "
        "'b' IN (SELECT y FROM u UNION ALL SELECT 'x'), 'b' IN (SELECT max(y) FROM u), 'A' IN u",
        # a write probes the NOCASE index of w.b for it (in_index.py)
        "UPDATE w SET a = quote('A' IN (SELECT b FROM w)) || quote('b' IN (SELECT b FROM w)), "
        "b = lower(b) || 'x'", "SELECT * FROM w",
    ]),
    "the order an update or delete visits its rows": ([
        "CREATE TABLE w(a, b UNIQUE)", "CREATE INDEX wa ON w(a)",
        "INSERT INTO w VALUES (2, 2), (1, 1)",
        "CREATE TABLE u(a UNIQUE)", "INSERT INTO u VALUES (2), (1)",
        "CREATE TABLE p(k PRIMARY KEY)", "INSERT INTO p VALUES (1), (2), (3)",
        "CREATE TABLE c(x REFERENCES p ON UPDATE CASCADE, y UNIQUE, z)",
        "CREATE INDEX cz ON c(z)", "INSERT INTO c VALUES (1, 2, 1), (2, 1, 0)"], [
        # one pass: each row as the WHERE finds it (here through wa, so a = 1 first)
        "UPDATE w SET b = b + 1 WHERE a > 0", "SELECT * FROM w",
        # two passes (RETURNING, a subquery in the WHERE, OR REPLACE, a new rowid, the
        # scanned index changed, foreign keys): ascending rowids
        "UPDATE w SET b = b + 1 WHERE a > 0 RETURNING a", "SELECT * FROM w",
        "UPDATE w SET b = b + 1 WHERE a > 0 AND a IN (SELECT 1 UNION SELECT 2)",
        "UPDATE OR REPLACE w SET b = b + 1 WHERE a > 0", "SELECT * FROM w",
        "UPDATE w SET b = b + 1, rowid = rowid WHERE a > 0", "SELECT * FROM w",
        "UPDATE u SET a = a + 1 WHERE a > 0", "SELECT * FROM u",
        "UPDATE c SET y = y + 1, x = x WHERE z >= 0", "PRAGMA foreign_keys = ON",
        "UPDATE c SET y = y + 1, x = x WHERE z >= 0", "SELECT * FROM c",
        "UPDATE c SET y = y + 1 WHERE z >= 0", "SELECT * FROM c",
        "DELETE FROM w WHERE a > 0 RETURNING a",
    ]),
    "column constraints keep their meaning in any order": ([], [
        # a COLLATE after a DEFAULT term is the column's collation, not part of the default;
        # a bare NULL constraint means nothing (it does not undo NOT NULL)
        "CREATE TABLE t1(c TEXT DEFAULT 'a ' COLLATE RTRIM, n, PRIMARY KEY (c))",
        "INSERT INTO t1(c, n) VALUES ('a', 1)", "INSERT INTO t1(n) VALUES (2)",
        "SELECT c = 'a  ', n FROM t1",
        "CREATE TABLE t2(c COLLATE RTRIM DEFAULT 'a ' NOT NULL, d DEFAULT (1) COLLATE NOCASE, "
        "e DEFAULT -1 COLLATE NOCASE UNIQUE, f DEFAULT x'61' COLLATE NOCASE, "
        "g DEFAULT abc COLLATE NOCASE COLLATE RTRIM, h TEXT DEFAULT CURRENT_DATE COLLATE NOCASE, "
        "i NOT NULL COLLATE NOCASE DEFAULT 'x', j DEFAULT 'j' COLLATE NOCASE NOT NULL, "
        "k TEXT NULL, l TEXT NOT NULL NULL DEFAULT 'l', m NULL NOT NULL DEFAULT 'm', "
        "o CONSTRAINT z NULL DEFAULT 'q' COLLATE NOCASE, p DEFAULT ('p' COLLATE NOCASE), "
        "q DEFAULT +1 COLLATE RTRIM COLLATE NOCASE CHECK (q <> 'Z'))",
        "PRAGMA table_info(t2)",
        "INSERT INTO t2(c) VALUES ('b')",
        "SELECT c = 'b  ', d = 1, e = '-1', g = 'abc  ', g = 'ABC', h = upper(h), i = 'X', "
        "j = 'J', o = 'Q', p = 'P', q = '1', typeof(q) FROM t2",
        "INSERT INTO t2(c, l) VALUES ('c', NULL)", "INSERT INTO t2(c, m) VALUES ('d', NULL)",
        "INSERT INTO t2(c, k) VALUES ('e', NULL)", "INSERT INTO t2(c, e) VALUES ('e', ' -1')",
        "INSERT INTO t2(c, q) VALUES ('f', 'z')",
        "SELECT count(*), min(c) FROM t2 GROUP BY g",
        "CREATE TABLE t3(a UNIQUE CONSTRAINT nm COLLATE NOCASE, b UNIQUE CONSTRAINT \"c k\" "
        "CHECK (b > 0), c UNIQUE CONSTRAINT n2 NOT NULL DEFAULT 3)",
        "INSERT INTO t3(a, b) VALUES ('x', 1)", "INSERT INTO t3(a, b) VALUES ('X', 2)",
        "INSERT INTO t3(a, b, c) VALUES ('y', 0, 4)", "INSERT INTO t3(a, b, c) VALUES ('y', 5, NULL)",
        "SELECT a = 'X', b, c FROM t3",
        # no column after a table constraint, but what that constraint names fails first
        "CREATE TABLE t4(a, CHECK (b > 0), b)", "CREATE TABLE t4(a, UNIQUE (a), PRIMARY KEY (a), b)",
        "CREATE TABLE t4(a, PRIMARY KEY (b), b)", "CREATE TABLE t4(a, UNIQUE (a, c COLLATE NOCASE), b)",
        "CREATE TABLE t4(a, FOREIGN KEY (a, b) REFERENCES t3, b)",
        "CREATE TABLE t4(a, CONSTRAINT f FOREIGN KEY (a) REFERENCES t3(a, b), b)",
        "CREATE TABLE t4(a, FOREIGN KEY (a, b) REFERENCES t3(a), b)",
        "CREATE TABLE t4(a, CONSTRAINT nm, b)", "CREATE TABLE t4(a, CONSTRAINT c CHECK (a > 0) "
        "CONSTRAINT d, b)",
        "CREATE TABLE t4(a, FOREIGN KEY (a) REFERENCES t3(a) ON DELETE CASCADE, b)",
        "CREATE TABLE t4(a, b, UNIQUE (b), CHECK (a > 0), FOREIGN KEY (a) REFERENCES t3(a))",
    ]),
    "a rowid takes a value as SQLite's MustBeInt does": ([
        "CREATE TABLE t(a INTEGER PRIMARY KEY, r REAL, n)", "CREATE TABLE u(z)",
        "CREATE TABLE v(id INTEGER PRIMARY KEY, w)"], [
        # text: a well-formed number that is an integer in the int64 range, else
        # 'datatype mismatch'; a REAL: any integral value in [-2**63, 2**63)
        *[q.format(v=v, i=i) for i, v in enumerate([
            "'-9223372036854775809'", "'-9223372036854775808'", "'9223372036854775807'",
            "'9223372036854775808'", "-9223372036854775808.0", "9223372036854775807.0",
            "'-9223372036854775808.0'", "'-9.2233720368547758e18'", "'9223372036854775807.0'",
            "'1e3'", "' 5 '", "'0x10'", "1.5", "'1.5'", "-0.0", "'-0.0'", "'+7'", "x'31'", "''",
            "'4503599627370497.0'", "'1e-400'", "'abc'", "CAST(-9223372036854775808 AS REAL)"])
          for q in ("INSERT INTO t(a, n) VALUES ({v}, {i})",
                    "INSERT INTO u(rowid, z) VALUES ({v}, {i})",
                    "INSERT INTO v(w) VALUES ({v})",
                    "UPDATE t SET a = (SELECT w FROM v WHERE id = {i} + 1) WHERE n = 0",
                    "UPDATE t SET a = CAST((SELECT w FROM v WHERE id = {i} + 1) AS REAL) "
                    "WHERE n = 0",
                    "INSERT INTO t(a, n) SELECT a, 0 FROM t WHERE n = 0 "
                    "ON CONFLICT DO UPDATE SET a = {v}",
                    "UPDATE u SET rowid = {v} WHERE z = 0")],
        "SELECT a, typeof(a), n FROM t ORDER BY n", "SELECT rowid, typeof(rowid), z FROM u",
        "PRAGMA integrity_check",
        "UPDATE t SET r = -9223372036854775808.0", "UPDATE t SET a = r WHERE n = 0",
        "SELECT a, typeof(a), r, typeof(r) FROM t WHERE n = 0",
    ]),
    "iif and friends with NULL and text": ([], [
        "SELECT iif(NULL, 1), iif('a', 1, 2), iif('1e0', 'y', 'n'), if(0, 1, NULL, 2)",
    ]),
    "percentile aggregates": ([
        "CREATE TABLE t(y, p)",
        "INSERT INTO t VALUES (1, 50), (2, 50), (3, 50), (10, 50), (NULL, 50)"], [
        "SELECT median(y), percentile(y, 50), percentile(y, 25), percentile_cont(y, 0.25), "
        "percentile_disc(y, 0.25), percentile_disc(y, 0.67), percentile_cont(y, 0.3333), "
        "percentile(y, '50'), percentile_disc(y, 1), typeof(median(y)) FROM t",
        "SELECT percentile(y, 101) FROM t", "SELECT percentile(y, NULL) FROM t",
        "SELECT percentile_cont(y, 2) FROM t", "SELECT percentile(y, p + y) FROM t",
        "SELECT median('12')", "SELECT median(x'31')", "SELECT median(1e999)",
        "SELECT median(y), percentile(y, 101) FROM t WHERE 0", "SELECT median(-0.0)",
        "SELECT percentile(y, p) FROM (SELECT 1 y, 50 p UNION ALL SELECT 2, 50.0004)",
        "SELECT percentile(distinct y, 50) FROM t",
        "SELECT g, median(v), percentile_disc(v, 0.5) FROM (SELECT 1 g, 3 v UNION ALL "
        "SELECT 1, 1 UNION ALL SELECT 2, 7) GROUP BY g",
    ]),
    "likelihood wants a REAL literal": ([], [
        "SELECT likelihood(1, 1.0), likelihood('a', .5), likelihood(1, (0.5)), "
        "likelihood(1, 1e0)", "SELECT likelihood(1, 1)", "SELECT likelihood(1, -0.0)",
        "SELECT likelihood(1, 0.5 + 0)", "SELECT likelihood(1, '0.5')",
        "SELECT likelihood(1, 2.0) FROM (SELECT 1 WHERE 0)", "SELECT likelihood(nocol, 2.0)",
    ]),
    # SQLite codes a split row comparison's subquery at its first piece and then checks
    # its width: a plan error leaves an error expression of width 1 (fuzz case 42000289).
    # The WHERE's subqueries are coded before the result's, the first error wins.
    "a split row comparison's subquery failing to plan is 'N columns assigned 1 values'": ([
        "CREATE TABLE t0(c0, c3)", "CREATE INDEX i0 ON t0(c3, c0) WHERE c0 NOTNULL",
        "CREATE TABLE t2(c0)", "CREATE TABLE t3(c0)", "INSERT INTO t2 VALUES (1)",
        "CREATE VIEW v0(c0) AS SELECT NULL AS c0 FROM t0 INDEXED BY i0"], [
        "SELECT 1 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)", "SELECT 1 FROM t2 WHERE (1, 2) IS (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE (1, 2) < (SELECT c0, 1 FROM t0 INDEXED BY i0)", "SELECT 1 FROM t2 WHERE (SELECT c0, 1 FROM t0 INDEXED BY i0) = (1, 2)",
        "SELECT 1 FROM t2 JOIN t3 ON (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 LEFT JOIN t3 ON (t2.c0, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "DELETE FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)", "UPDATE t2 SET c0 = 1 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE ((1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)) = 1", "SELECT 1 FROM t2 WHERE NOT (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) OR 0", "SELECT 1 FROM t2 WHERE 0 OR (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) OR (0)", "SELECT 1 FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) OR 00",
        "SELECT 1 FROM t2 JOIN t3 ON (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) OR 0",
        "SELECT 1 FROM t2 LEFT JOIN t3 ON (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) OR 0",
        "SELECT ((1, 2) = (SELECT 1, 2) OR 0), ((1, 2) = (1, 3) OR 0)",
        "SELECT 1 FROM t2 GROUP BY 1 HAVING (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE (1, 2) IN (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT (SELECT c0 FROM t0 INDEXED BY i0) FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) ORDER BY (SELECT c0 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE c0 = (SELECT c0 FROM t0 INDEXED BY i0) AND (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) AND c0 = (SELECT c0 FROM t0 INDEXED BY i0)",
        "SELECT 1 FROM t2 WHERE (1, 2) = (SELECT c0, 1 FROM t0 INDEXED BY i0) AND (1, 2, 3) = (SELECT c0, 1, 2 FROM t0 INDEXED BY i0)",
        "SELECT NULL FROM t2 WHERE NULL NOT IN (SELECT NULL FROM t0 WHERE (NULL, NULL) = "
        "(SELECT a.c0, 1 FROM v0 AS a WHERE NULL ORDER BY a.c0, 2 LIMIT 1))",
    ]),
    "a DO UPDATE's SET value is resolved before its target column": ([   # 73100009
        "CREATE TABLE t1(c1, c2, UNIQUE (c1))"], [
        "INSERT INTO t1(c2) VALUES (2) ON CONFLICT (c1) DO UPDATE SET c7 = t1.c7",
        "INSERT INTO t1(c2) VALUES (2) ON CONFLICT (c1) DO UPDATE SET c2 = 1, c7 = nosuch",
        "INSERT INTO t1(c2) VALUES (2) ON CONFLICT (c1) DO UPDATE SET (c7, c2) = (1, nosuch)",
        "INSERT INTO t1(c2) VALUES (2) ON CONFLICT (c1) DO UPDATE SET nosuch = excluded.nosuch",
        "INSERT INTO t1(c2) VALUES (2) ON CONFLICT (c1) DO UPDATE SET c7 = 1 WHERE nosuch",
    ]),
    "printf's rarer conversions as printf.c writes them": ([], [    # fuzz feature function_edges
        # the format ends after flags, width or precision: formatting stops there
        "SELECT printf('%1.G%5'), printf('x%+ i%5', 0, 'a'), printf('<%01.i%-', -1, -3), "
        "printf('a%.'), printf('a%'), printf('%5.2q%5', 'it''s')",
        # %% takes its '*' arguments and is padded to the width (spaces, - to the left)
        "SELECT printf('x%!12.25%|'), printf('x%-5.10%%y'), printf('x%!-*.0% %s', 2.5, -5), "
        "printf('%012%|'), printf('%*%|%s', 4, 'a')",
        # %n takes its '*' arguments and writes nothing
        "SELECT printf('x%5.*n%#1.0Q %s', '12abc'), printf('%*n|%s', 3), printf('%5n|%s', 1)",
        # %r's precision counts its suffix; no thousands separator but for d, i and u
        "SELECT printf('%.25r', 1), printf('%#012r|', -3), printf('%,5.10r|', 0), "
        "printf('%.2r', 0), printf('%,r', 1234567), printf('%,x', 1234567), "
        "printf('%,o', 123456789), printf('%,p', 1234567), printf('%,u', 1234567), "
        "printf('%,.10d', 1234)",
        # %p takes the 0x prefix with #
        "SELECT printf('%#p', 255), printf('%#010p', 255), printf('%-#8p|', 0), "
        "printf('%#p', 1e300)",
    ]),
    "x IN 'name' reads the table so named, as SQLite's nm takes a string (branch knownbugs)": ([
        "CREATE TABLE u(a)", "INSERT INTO u VALUES (1), (2)", "CREATE TABLE x(b)",
        "INSERT INTO x VALUES (2)",
    ], [
        "SELECT a, a IN 'x', a NOT IN 'x', a IN main.'x' FROM u ORDER BY a",
        "SELECT a FROM u WHERE a IN 'x'", "SELECT 1 IN 'nosuch'", "SELECT 1 IN 'a' 'b'",
        "SELECT 1 IN ''",
    ]),
    "an automatic index over an empty table ends an all-inner join's loops, the outer "
    "ones' later rows unread; a subquery term is tested after its key (costorder3)": ([
        "CREATE TABLE t(a, b, c)", "CREATE TABLE e(x, y)", "CREATE TABLE s(p)",
        "INSERT INTO s VALUES (1), (2)", "INSERT INTO t VALUES (2, 2.5, NULL), (3, 'x', 1)",
        "CREATE TABLE wr(x PRIMARY KEY, y) WITHOUT ROWID", "CREATE TABLE f(x, y)",
        "INSERT INTO f VALUES (NULL, 1), (1, '{')",
        "CREATE TABLE u(x INTEGER, y REAL)", "CREATE TABLE w(k TEXT, m INTEGER)",
        "INSERT INTO u VALUES (1, '{'), (3, NULL)",
    ], [
        "SELECT * FROM t, e WHERE json(t.b) AND e.x = t.c",
        "SELECT count(*) FROM t, e WHERE json(t.b) AND e.x = t.c",
        "SELECT * FROM t, wr WHERE json(t.b) AND wr.y = t.c",
        "SELECT * FROM s, t, e WHERE json(t.b) AND e.x = t.c",
        "SELECT * FROM t CROSS JOIN e WHERE json(t.b) AND e.x = t.c + 1 ORDER BY t.a",
        "SELECT (SELECT count(*) FROM t, e WHERE json(t.b) AND e.x = t.c)",
        # not past a LEFT JOIN, nor for a LEFT JOIN's own automatic index
        "SELECT * FROM t LEFT JOIN s ON s.p = t.a JOIN e ON e.x = t.c WHERE json(t.b)",
        "SELECT * FROM t LEFT JOIN e ON e.x = t.c WHERE json(t.b)",
        # a table whose rows all fail the partial index's terms ends nothing
        "SELECT * FROM t, f WHERE json(t.b) AND f.x = t.c AND f.y = 3",
        # the subquery is tested on the rows of the key, not while the index is filled
        "SELECT * FROM t CROSS JOIN f WHERE f.x = t.a - 1 AND (SELECT json(f.y))",
        # an UPDATE ... FROM's materialized FROM clause, empty
        "UPDATE t SET b = w.k FROM u RIGHT JOIN w ON u.x = w.k AND json(w.m) "
        "WHERE json(t.b) AND u.x = t.c AND t.b IS NOT NULL",
        "SELECT * FROM t",
    ]),
    "an inner loop's full scan of an empty rowid table ends an all-inner join's loops "
    "(SQLite's addrHalt), not one through an index (costorder3)": ([
        "CREATE TABLE t(a, b, c)", "CREATE TABLE e(x, y)", "CREATE TABLE s(p)",
        "INSERT INTO s VALUES (1), (2)", "INSERT INTO t VALUES (2, 2.5, NULL), (3, 'x', 1)",
        "CREATE TABLE wr(x PRIMARY KEY, y) WITHOUT ROWID", "CREATE TABLE ei(x, y)",
        "CREATE INDEX ei_x ON ei(x)", "CREATE TABLE te(a, b)", "CREATE TABLE u(x, y)",
        "CREATE TABLE w(k INTEGER, m)", "CREATE INDEX u_x ON u(x)",
        "INSERT INTO u VALUES (1, '1'), (3, '{')", "INSERT INTO w VALUES (2, 3), ('x', 2)",
    ], [
        "SELECT * FROM t CROSS JOIN e WHERE json(t.b)",
        "SELECT * FROM t CROSS JOIN e WHERE json(t.b) AND e.y > t.a",
        "SELECT * FROM t CROSS JOIN (SELECT * FROM e) AS q WHERE json(t.b)",
        "SELECT * FROM s CROSS JOIN t CROSS JOIN e WHERE json(t.b)",
        "SELECT * FROM t CROSS JOIN wr WHERE json(t.b)",
        "SELECT t.a, ei.x FROM t CROSS JOIN ei WHERE json(t.b)",
        "SELECT * FROM t CROSS JOIN ei WHERE json(t.b) AND ei.x > 5",
        "SELECT * FROM t LEFT JOIN s ON 1 CROSS JOIN e WHERE json(t.b)",
        # the empty target read inside the materialized FROM clause's loop
        "UPDATE te SET b = 1 FROM u RIGHT JOIN w ON u.x > w.k WHERE (SELECT json(w.k))",
        "SELECT * FROM te",
    ]),
    "json_group_object's label ends at its first NUL, as SQLite's strlen ends it; "
    "json_object's does not (fuzz feature aggregate_kinds, fixed-seed case 274)": ([
        "CREATE TABLE j(k, v)",
        "INSERT INTO j VALUES ('a' || char(0) || 'b', 1), (x'610062', 2.5), (char(0), NULL)",
    ], [
        "SELECT json_group_object(k, v) FROM j", "SELECT length(json_group_object(k, v)) FROM j",
        "SELECT json(jsonb_group_object(k, v)) FROM j",
        "SELECT json_group_object(k, v) OVER (ORDER BY rowid) FROM j",
        "SELECT json_object('a' || char(0) || 'b', 1)",
    ]),
    "a WHERE term x OR 0 is x to SQLite's WHERE analysis, so 0 OR c implies a partial "
    "index's c IS NOT NULL (fuzz 103000318; not in an outer join's ON, nor -0, 0.0, '0')": ([
        "CREATE TABLE t0(c INTEGER PRIMARY KEY) WITHOUT ROWID",
        "CREATE INDEX i ON t0(c) WHERE c IS NOT NULL", "CREATE TABLE t1(d)",
        "CREATE VIEW v(c) AS SELECT (NULL NOT IN (SELECT NULL FROM t1 FULL JOIN t0 AS r "
        "INDEXED BY i ON (NULL, NULL) == (r.c, NULL) WHERE (0 OR r.c))) FROM t1",
    ], [
        "SELECT c FROM v", "SELECT 1 FROM t0 INDEXED BY i WHERE 0 OR c",
        "SELECT 1 FROM t0 INDEXED BY i WHERE (c OR 0)",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c OR 0 OR 0",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c OR (1 AND 0)",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c > 0 AND (0 OR c)",
        "SELECT 1 FROM t1 JOIN t0 INDEXED BY i ON c OR 0",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c OR -0",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c OR 0.0",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c OR '0'",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c OR NULL",
        "SELECT 1 FROM t0 INDEXED BY i WHERE c OR 1",
        "SELECT 1 FROM t0 INDEXED BY i WHERE NOT (c OR 0)",
        "SELECT 1 FROM t0 INDEXED BY i WHERE (c OR 0) + 1",
        "SELECT 1 FROM t1 LEFT JOIN t0 INDEXED BY i ON c OR 0",
        "SELECT c OR 0, 0 OR c FROM t0",
    ]),
    "EXISTS over a UNION with a LIMIT computes the rows the UNION compares, so its OFFSET "
    "counts them (and a failing column fails); without a LIMIT, or over a UNION ALL, its "
    "result columns are never computed": ([
        "CREATE TABLE t(c)", "INSERT INTO t VALUES (1), (1), (2)",
        "CREATE TABLE u(z)", "INSERT INTO u VALUES (1), (1), (3)",
    ], [
        "SELECT EXISTS (SELECT c FROM t UNION SELECT 5 LIMIT 1 OFFSET 1)",
        "SELECT EXISTS (SELECT c FROM t UNION SELECT 5 LIMIT 5 OFFSET 2)",
        "SELECT EXISTS (SELECT c FROM t UNION SELECT 5 LIMIT 5 OFFSET 3)",
        "SELECT EXISTS (SELECT c, 1 FROM t UNION SELECT 5, 1 LIMIT 5 OFFSET 2)",
        "SELECT EXISTS (SELECT c FROM t UNION ALL SELECT c FROM t UNION SELECT 9 "
        "LIMIT 1 OFFSET 2)",
        "SELECT EXISTS (SELECT c FROM t UNION SELECT 9 UNION ALL SELECT c FROM t "
        "LIMIT 1 OFFSET 5)",
        "SELECT EXISTS (SELECT c FROM t UNION SELECT 5 ORDER BY 1 LIMIT 5 OFFSET 1)",
        "SELECT * FROM t WHERE EXISTS (SELECT z FROM u WHERE z = t.c UNION SELECT 5 "
        "LIMIT 1 OFFSET 1)",
        "SELECT c, EXISTS (SELECT z FROM u WHERE z >= t.c UNION SELECT c LIMIT 1 OFFSET 1) "
        "FROM t",
        "SELECT EXISTS (SELECT c FROM t INTERSECT SELECT z FROM u LIMIT 1 OFFSET 1)",
        "SELECT EXISTS (SELECT c FROM t EXCEPT SELECT z FROM u LIMIT 1 OFFSET 0)",
        "SELECT EXISTS (SELECT c FROM t UNION SELECT z FROM u EXCEPT SELECT 3 LIMIT 1 OFFSET 1)",
        "SELECT EXISTS (SELECT abs(-9223372036854775808) FROM t UNION SELECT 1)",
        "SELECT EXISTS (SELECT abs(-9223372036854775808) FROM t UNION SELECT 1 LIMIT 5)",
        "SELECT EXISTS (SELECT 1 FROM t UNION SELECT abs(-9223372036854775808) FROM t "
        "LIMIT 1 OFFSET 1)",
        "SELECT EXISTS (SELECT abs(-9223372036854775808) FROM t UNION ALL SELECT 1 "
        "LIMIT 1 OFFSET 1)",
        "SELECT EXISTS (SELECT abs(-9223372036854775808) FROM t INTERSECT SELECT 1)",
        "SELECT EXISTS (SELECT DISTINCT abs(-9223372036854775808) FROM t LIMIT 1 OFFSET 1)",
        "SELECT EXISTS (SELECT DISTINCT c FROM t LIMIT 1 OFFSET 1)",
    ]),
    "EXISTS codes no result column of its query, so an error SQLite meets only coding one "
    "(a misused row value, RAISE() outside a trigger, an added generated column no "
    "statement can code) is none there; one in its WHERE stays": ([
        "CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)",
        "ALTER TABLE t ADD c AS ((1,2))",
    ], [
        "SELECT EXISTS (SELECT (1,2) FROM t)", "SELECT EXISTS (SELECT (1,2))",
        "SELECT a FROM t WHERE EXISTS (SELECT raise(ignore) FROM t)",
        "SELECT NOT EXISTS (SELECT (1,2), raise(ignore) FROM t)",
        "SELECT EXISTS (SELECT c FROM t)", "SELECT EXISTS (SELECT * FROM t)",
        "SELECT EXISTS (SELECT 1 FROM t WHERE (1,2))", "SELECT EXISTS (SELECT 1 FROM t WHERE c)",
        "SELECT EXISTS (SELECT (1,2) FROM t UNION SELECT 3 LIMIT 1)",
    ]),

    "PRAGMA integrity_check computes each VIRTUAL column whose datatype or NOT NULL it "
    "checks (an affinity other than BLOB, a STRICT type other than ANY: ADD COLUMN "
    "refuses those a row fails for), so an added column its row fails to compute fails "
    "the pragma -- unless the problems before it reach the limit, where the check stops "
    "(fuzz 128100061)": ([
        "CREATE TABLE t(a, s)", "INSERT INTO t VALUES (0, 5), (1, -9223372036854775808)",
        "ALTER TABLE t ADD COLUMN g INT AS (abs(s))",
        "CREATE TABLE v(a, s)", "INSERT INTO v VALUES (1, -9223372036854775808)",
        "ALTER TABLE v ADD COLUMN h AS (abs(s))",
        "CREATE TABLE w(a INT, s ANY) STRICT", "INSERT INTO w VALUES (0, -9223372036854775808)",
        "ALTER TABLE w ADD COLUMN g ANY AS (abs(s))",
        "CREATE TABLE u(a, b)", "CREATE INDEX f ON u(b) WHERE a LIKE 'a%'",
        "PRAGMA case_sensitive_like = 1", "INSERT INTO u VALUES ('A', 4), ('A', 5)",
        "PRAGMA case_sensitive_like = 0"], [
        "PRAGMA integrity_check", "PRAGMA quick_check", "PRAGMA integrity_check(1)",
        "PRAGMA integrity_check(2)", "PRAGMA integrity_check(3)", "PRAGMA integrity_check(t)",
        "PRAGMA integrity_check(u)", "PRAGMA integrity_check(v)", "PRAGMA integrity_check(w)",
        "SELECT a, s FROM t", "SELECT g FROM t WHERE a = 0"]),
    "an INSERT's ON CONFLICT clauses are coded in SQLite's order -- the rowid, the indexes "
    "their targets name in clause order, then the other UNIQUE indexes -- and none after "
    "an error: an action program's error coded in an earlier DO UPDATE is the statement's, "
    "a later clause's name error is never met (fuzz 128000044)": ([
        "PRAGMA foreign_keys = ON",
        "CREATE TABLE p(a INT NOT NULL, e, g AS (a) STORED, UNIQUE (a), UNIQUE (e, g))",
        "CREATE TABLE c(x, y AS (1), FOREIGN KEY (y, x) REFERENCES p(e, g) "
        "ON UPDATE SET DEFAULT)",
        "CREATE TABLE q(a)", "CREATE TABLE r(a)"], [
        "INSERT INTO p(a) SELECT 1 ON CONFLICT (a) DO UPDATE SET a = NULL "
        "ON CONFLICT DO UPDATE SET e = (SELECT 1 FROM q FULL JOIN r ON a)",
        "INSERT INTO p(a) SELECT 1 ON CONFLICT (a) DO UPDATE SET a = NULL "
        "ON CONFLICT DO UPDATE SET e = (SELECT zz)",
        "INSERT INTO p(a) SELECT 1 ON CONFLICT (e, g) DO UPDATE SET a = NULL "
        "ON CONFLICT DO UPDATE SET e = (SELECT zz)",
        "INSERT INTO p(a) SELECT 1 ON CONFLICT (e, g) DO UPDATE SET a = NULL "
        "ON CONFLICT (a) DO UPDATE SET a = 1 WHERE (SELECT zz)",
        "INSERT INTO p(a) SELECT 1 ON CONFLICT (a) DO UPDATE SET e = (SELECT zz) "
        "ON CONFLICT (e, g) DO UPDATE SET a = NULL",
        "INSERT INTO p(a) SELECT 1 ON CONFLICT (e, g) DO UPDATE SET e = (SELECT yy) "
        "ON CONFLICT DO UPDATE SET a = NULL",
        "INSERT INTO p(a) SELECT 1 ON CONFLICT (a) DO UPDATE SET a = NULL",
        "SELECT * FROM p"]),
    "ADD COLUMN of a STRICT table's generated column that an existing row computes to "
    "the wrong datatype fails 'constraint failed' (IntegrityError: its check computes it), "
    "a DEFAULT of the wrong datatype 'type mismatch on DEFAULT' (found beside fuzz "
    "128100061)": ([
        "CREATE TABLE t(a INT, s TEXT) STRICT", "INSERT INTO t VALUES (0, 'ab')"], [
        "ALTER TABLE t ADD COLUMN g INT AS (s || 'x')", "ALTER TABLE t ADD COLUMN g BLOB AS (1)",
        "ALTER TABLE t ADD COLUMN g INT AS ('x') NOT NULL",
        "ALTER TABLE t ADD COLUMN d INT DEFAULT 'x'", "BEGIN",
        "ALTER TABLE t ADD COLUMN g INT AS (s || 'x')", "SELECT * FROM t", "ROLLBACK",
        "ALTER TABLE t ADD COLUMN g TEXT AS (a + 1)", "SELECT * FROM t"]),

    "A WHERE term of the outer query that reaches a flattened or pushed-down subquery makes "
    "its LEFT JOIN inner as one of its own would, so a partial index INDEXED BY names "
    "there is usable (fuzz 127000020); a lone reached 'x NOTNULL' does not, nor one an "
    "aggregate subquery gets, nor one behind a LIMIT": ([
        "CREATE TABLE u(c INTEGER)", "CREATE UNIQUE INDEX i ON u(c) WHERE c NOTNULL",
        "CREATE TABLE t(d INTEGER PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)",
        "INSERT INTO u VALUES (1), (NULL)",
        "CREATE VIEW v AS SELECT u.c FROM t LEFT JOIN u INDEXED BY i ON NULL",
        "CREATE TEMP VIEW w(c0, c1) AS SELECT NULL, NULL FROM (VALUES (NULL) UNION ALL "
        "SELECT u.c FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE s.column1",
    ], [
        "SELECT total(NULL), count(*) FROM w", "SELECT * FROM v WHERE c",
        "SELECT * FROM v WHERE c NOTNULL", "SELECT * FROM v WHERE c NOTNULL AND c > 0",
        "SELECT * FROM (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE x > 0", "SELECT * FROM (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE x IS NULL",
        "SELECT * FROM (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE x IS NOT NULL", "SELECT * FROM (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE +x",
        "SELECT * FROM (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE y > 0 AND x NOTNULL",
        "SELECT * FROM (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE x NOTNULL AND y > 0",
        "SELECT * FROM t AS q, (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s WHERE x > q.d",
        "SELECT * FROM t AS q LEFT JOIN (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s ON x > q.d",
        "SELECT * FROM t AS q LEFT JOIN (SELECT u.c AS x, t.d AS y FROM t LEFT JOIN u INDEXED BY i ON NULL) AS s ON 1 WHERE x > q.d",
        "SELECT * FROM (SELECT u.c AS x FROM t LEFT JOIN u INDEXED BY i ON NULL GROUP BY 1) "
        "WHERE x > 0",
        "SELECT * FROM (SELECT u.c AS x FROM t LEFT JOIN u INDEXED BY i ON NULL LIMIT 5) "
        "WHERE x > 0",
        "SELECT * FROM (SELECT 1 AS x UNION ALL SELECT u.c FROM t LEFT JOIN u INDEXED BY i "
        "ON NULL) WHERE x",
        "SELECT * FROM (SELECT u.c AS x FROM t LEFT JOIN u INDEXED BY i ON NULL UNION "
        "SELECT 1) WHERE x",
        "SELECT * FROM (VALUES (NULL), (2) UNION ALL SELECT u.c FROM t LEFT JOIN u "
        "INDEXED BY i ON NULL) WHERE column1",
        "SELECT * FROM (SELECT u.c AS x FROM t LEFT JOIN u INDEXED BY i ON NULL UNION ALL "
        "SELECT d FROM t) WHERE x NOTNULL",
    ]),
    "a table-valued function's argument may read a table written to its right after a "
    "LEFT JOIN (before the function, or the function its right side) or after a RIGHT or "
    "FULL JOIN: SQLite runs that table's loop first; an outer join between the function "
    "and that table is 'table-function argument references tables to its right'": ([
        "CREATE TABLE t(a, j)", "INSERT INTO t VALUES (1, '[1,2]'), (2, '[3]'), (3, NULL)",
        "CREATE TABLE s(k)", "INSERT INTO s VALUES (1), (5)"], [
        "SELECT t.a, value, u.a FROM t LEFT JOIN json_each(u.j) JOIN t AS u ON 1 "
        "ORDER BY 1, 3, 2",
        "SELECT t.a, value, u.a FROM t LEFT JOIN json_each(u.j) ON value > t.a "
        "JOIN t AS u ON u.a <= t.a ORDER BY 1, 3, 2",
        "SELECT s.k, value, u.a FROM s LEFT JOIN t ON t.a = s.k, json_each(u.j) "
        "JOIN t AS u ON 1 ORDER BY 1, 3, 2",
        "SELECT s.k, t.a, value, u.a FROM s LEFT JOIN t ON t.a = s.k JOIN json_each(u.j) "
        "JOIN t AS u ON u.a = t.a ORDER BY 1, 2, 4, 3",
        "SELECT s.k, t.a, name, u.a FROM s LEFT JOIN t ON t.a = s.k LEFT JOIN "
        "pragma_table_info(u.n) ON name > 'b' JOIN (SELECT 't' n, 1 a UNION SELECT 's', 5 "
        "UNION SELECT 'x', 1) AS u ON u.a = s.k ORDER BY 1, 2, 4, 3",
        "SELECT s.k, value, u.a FROM t RIGHT JOIN s ON t.a = s.k LEFT JOIN json_each(u.j) "
        "JOIN t AS u ON 1 ORDER BY 1, 3, 2",
        "SELECT s.k, t.a, value, u.a FROM t FULL JOIN s ON t.a = s.k JOIN json_each(u.j) "
        "JOIN t AS u ON u.a = t.a ORDER BY 1, 2, 4, 3",
        "SELECT s.k, t.a, value, v.a FROM t FULL JOIN s ON t.a = s.k LEFT JOIN t u "
        "ON u.a = s.k JOIN json_each(v.j) JOIN t AS v ON v.a >= u.a ORDER BY 1, 2, 4, 3",
        "SELECT s.k FROM s LEFT JOIN t ON t.a = s.k JOIN json_each(u.j) LEFT JOIN t AS u",
        "SELECT s.k FROM t JOIN json_each(u.j) RIGHT JOIN s ON t.a = s.k JOIN t AS u",
        "SELECT s.k FROM t RIGHT JOIN s ON 1 JOIN json_each(u.j) FULL JOIN t AS u ON 1",
    ]),
}


@pytest.mark.parametrize("name", CASES)
def test_edge_cases_match_sqlite(name):
    setup, queries = CASES[name]
    assert_same(setup, queries)


# ---------------------------------------------------------------------------------------
# parameters through the DB-API
# ---------------------------------------------------------------------------------------

def _both(setup):
    return connections(setup)


def test_a_nan_parameter_is_stored_as_null():
    """SQLite binds a NaN as NULL, so an index, ORDER BY and DELETE never meet one."""
    mine, theirs = _both(["CREATE TABLE t(a REAL)", "CREATE INDEX ta ON t(a)"])
    rows = [(float("nan"),), (4.0,), (1.0,), (float("nan"),)]
    mine.executemany("INSERT INTO t VALUES (?)", rows)       # the bulk path
    for row in rows:
        mine.execute("INSERT INTO t VALUES (?)", row)         # the row-by-row path
        theirs.execute("INSERT INTO t VALUES (?)", row)
        theirs.execute("INSERT INTO t VALUES (?)", row)
    for sql in ("SELECT a, typeof(a) FROM t ORDER BY a", "SELECT count(*) FROM t WHERE a = 4.0",
                "SELECT count(*) FROM t NOT INDEXED WHERE a = 4.0", "PRAGMA integrity_check"):
        if "NOT INDEXED" in sql:
            sql = sql.replace(" NOT INDEXED", "")
        assert sorted(map(tuple, mine.execute(sql).fetchall()), key=repr) == \
            sorted(theirs.execute(sql).fetchall(), key=repr), sql
    assert mine.execute("SELECT ?", (float("nan"),)).fetchall() == [(None,)]
    mine.execute("DELETE FROM t WHERE a IS NULL OR a > 0")
    assert mine.execute("SELECT count(*) FROM t").fetchall() == [(0,)]


def test_nan_never_comes_out_of_arithmetic():
    assert_same([], ["SELECT 1e999 - 1e999, 1e999 * 0, 0 * -1e999, 1e999 / 1e999",
                     "SELECT sum(x), total(x), avg(x) FROM (SELECT 1e999 x UNION ALL "
                     "SELECT -1e999)",
                     "SELECT abs(1e999), round(1e999), -1e999, CAST(1e999 AS INTEGER), "
                     "CAST(-1e999 AS INTEGER), 1e999 % 2, 5 % 1e999"])


def test_a_lone_surrogate_is_refused_as_data():
    """A str with a lone surrogate has no UTF-8 form, so it is no SQLite TEXT. Python's
    sqlite3 and apsw let UnicodeEncodeError escape; RowanDB raises DataError (docs/DBAPI.md),
    for a parameter of execute() or of executemany()'s bulk path, and ProgrammingError for
    SQL text holding one."""
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(v)")
    with pytest.raises(DataError, match="parameter 1: string is not valid UTF-8"):
        conn.execute("SELECT ?", ("a\udcff",))
    with pytest.raises(DataError):
        conn.executemany("INSERT INTO t VALUES (?)", [("ok",), ("\ud800",)])
    conn.execute("BEGIN")
    with pytest.raises(DataError):
        conn.executemany("INSERT INTO t VALUES (?)", [("ok",), ("\ud800",)])
    conn.execute("ROLLBACK")
    with pytest.raises(rowandb.ProgrammingError, match="SQL text string is not valid UTF-8"):
        conn.execute("SELECT '\udcff'")
    assert conn.execute("SELECT count(*) FROM t").fetchall() == [(1,)]
    with pytest.raises(UnicodeEncodeError):
        apsw.Connection(":memory:").execute("SELECT ?", ("a\udcff",))


# ---------------------------------------------------------------------------------------
# values too big to build
# ---------------------------------------------------------------------------------------

TOO_BIG = [
    "SELECT randomblob(1000000000000)", "SELECT zeroblob(1000000001)",
    "SELECT printf('%2000000000d', 1)", "SELECT printf('%.2000000000d', 1)",
    "SELECT printf('%.*c', 2000000000, 'x')", "SELECT printf('%-2000000000s', 'a')",
    "SELECT replace(replace(printf('%.1001c', 'x'), 'x', printf('%.1001c', 'x')), 'x', "
    "printf('%.1001c', 'x'))",
]


def test_too_big_values_fail_before_they_are_built():
    """SQLite's 'string or blob too big' (DataError), raised before the memory is taken."""
    mine, _ = pair()
    tracemalloc.start()
    try:
        for sql in TOO_BIG:
            started = time.perf_counter()
            assert run(mine, sql) == ("error", "DataError", "string or blob too big"), sql
            assert time.perf_counter() - started < 2, sql
        assert tracemalloc.get_traced_memory()[1] < 100_000_000
    finally:
        tracemalloc.stop()


def test_too_big_values_match_sqlite():
    assert_same([], TOO_BIG[:6] + ["SELECT length(printf('%.2000000000f', 1.5)) > 0"])


@pytest.mark.parametrize("sql", [
    "SELECT 'abcdef' || 'ghijkl'", "SELECT replace('aaaa', 'a', 'bbb')",
    "SELECT concat('abcdef', 'ghijkl')", "SELECT concat_ws(',', 'abcdef', 'ghijkl')",
    "SELECT group_concat(v) FROM (SELECT 'abcdef' v UNION ALL SELECT 'ghijkl')",
    "SELECT hex('abcdefgh')", "SELECT quote(x'0102030405060708')",
    "SELECT printf('%20d', 1)", "SELECT printf('%.20d', 1)", "SELECT printf('%6d%6d', 1, 2)",
    "SELECT printf('%s%s', 'abcdef', 'ghijkl')", "SELECT zeroblob(20)",
    "SELECT randomblob(20)", "SELECT quote('abcdefghijklm')",
])
def test_every_builder_checks_the_length_limit(monkeypatch, sql):
    """Each function or operator that builds a value refuses one past the limit (lowered
    here to 10 bytes, so the check is seen without building gigabytes)."""
    monkeypatch.setattr(V, "MAX_LENGTH", 10)
    monkeypatch.setattr(V, "_CONCAT_UNCHECKED", 2)
    mine, _ = pair()
    assert run(mine, sql) == ("error", "DataError", "string or blob too big")


def test_a_null_comparison_skips_a_correlated_subquery_over_a_join():
    """WHERE NULL = (correlated subquery) is NULL without running the subquery once per
    row of the join (SQLite answers at once; this took seconds)."""
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.execute("CREATE TABLE a(x)")
    mine.execute("CREATE TABLE b(y)")
    mine.execute("BEGIN")
    mine.executemany("INSERT INTO a VALUES (?)", [(i,) for i in range(1000)])
    mine.executemany("INSERT INTO b VALUES (?)", [(i,) for i in range(1000)])
    mine.execute("COMMIT")
    for sql in ("SELECT count(*) FROM a, b WHERE NULL = (SELECT b.y + a.x)",
                "SELECT count(*) FROM a, b WHERE (SELECT max(y) FROM b AS c WHERE c.y = a.x) "
                "< NULL"):
        started = time.perf_counter()
        assert mine.execute(sql).fetchall() == [(0,)]
        assert time.perf_counter() - started < 0.5, sql


def test_inf_and_nan_in_math_helpers():
    assert math.isinf(V.add(1e308, 1e308))
    assert V.sub(math.inf, math.inf) is None
    assert V.mul(math.inf, 0) is None
