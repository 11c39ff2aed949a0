"""Which parts of an expression run, and so which errors surface, compared with SQLite (apsw).

An expression that raises (``abs(-9223372036854775808)`` is 'integer overflow', like()
with an ESCAPE of two characters its own error) shows exactly which operands SQLite's
code generator runs. Each entry of ``CASES`` runs its setup on both engines, then each
statement must give SQLite's rows or SQLite's error:

- AND and OR as a value compute both operands; as a condition (WHERE, ON, CASE WHEN,
  iif, CHECK, and through NOT and IS TRUE) they stop at the operand that decides; in both
  an operand holding a subquery runs second; ``x OR 1`` runs neither side;
- an IN list of more than two fixed items is built whole, once; a shorter or varying one
  is compared item by item up to the first match, every item when x is NULL;
- the result columns of a FROM subquery that nothing reads are never computed;
- INTERSECT and EXCEPT never run their right SELECT when the left one has no row;
- INSERT makes the rows of a VALUES list or a SELECT one by one, each inserted before the
  next -- unless they read the table written, it has INSERT triggers, the statement has
  RETURNING or the SELECT is a compound other than UNION ALL without ORDER BY: then all
  first; and UNION ALL gives each row as its arm makes it (a LIMIT stops it);
- a SELECT's ``column = constant`` term puts the constant in the column's other places
  (SQLite's constant propagation), so a term left constant is tested before any row is read
  and a term tested per row computes the constant, not the row's value -- but only within
  SQLite's rules (affinity, collation, LEFT and RIGHT JOIN, BLOB columns, not UPDATE/DELETE);
- of the terms tested at one loop, those an index entry answers come first when the
  loop reads the table's row through that index, and those holding a correlated subquery
  anywhere inside come last; a WHERE's ``EXISTS (SELECT ... FROM one_table ...)`` with no term linking
  that table to the outer rows loops over it before them (when the FROM has no outer
  join), so while no row of it passes, no outer row is read;
- with a GROUP BY, a HAVING term that reads only GROUP BY terms of BINARY collation (no
  aggregate, no subquery) is tested in WHERE, on each row before grouping (havingToWhere).
"""

from __future__ import annotations

import pytest

from oracle import assert_same

#: integer overflow whatever the row; the same for a = 1 only
E = "abs(-9223372036854775807 - 1)"
X = "abs(a - 9223372036854775807 - 2)"
T = ["CREATE TABLE t(a INTEGER, e TEXT)", "INSERT INTO t VALUES (1, '1')",
     "CREATE TABLE z(x)", "CREATE TABLE n(a)", "INSERT INTO n VALUES (NULL)"]

#: constant propagation's tables: e and f empty, g one row, r and j one row each
P = ["CREATE TABLE e(b)", "CREATE TABLE f(c INTEGER, d TEXT)", "CREATE TABLE g(x)",
     "INSERT INTO g VALUES (1)", "CREATE TABLE r(a REAL, t TEXT, n NUMERIC, i INTEGER, bb)",
     "INSERT INTO r VALUES (1, 1, 1, 1, 1)", "CREATE TABLE j(a TEXT, b)",
     "INSERT INTO j VALUES ('[1]', '[1]')"]

#: t as above; u two rows (w = 1, 2)
S = T + ["CREATE TABLE u(w)", "INSERT INTO u VALUES (1), (2)"]

#: t read through index ia, u by rowid, w a WITHOUT ROWID table, x an index on an expression
I = ["CREATE TABLE t(a, b, c)", "CREATE INDEX ia ON t(a)", "INSERT INTO t VALUES (1, 'x', 2)",
     "CREATE TABLE u(a INTEGER PRIMARY KEY, b)", "INSERT INTO u VALUES (1, 'x')",
     "CREATE TABLE w(k PRIMARY KEY, a, b) WITHOUT ROWID", "CREATE INDEX wa ON w(a)",
     "INSERT INTO w VALUES (5, 1, 'x')", "CREATE TABLE x(a, b)", "CREATE INDEX xa ON x(a + 1)",
     "INSERT INTO x VALUES (1, 'x')"]

#: j's second row is not JSON; k holds 1 under a UNIQUE constraint
U = ["CREATE TABLE j(a)", "INSERT INTO j VALUES ('[1]'), ('x')", "CREATE TABLE k(a UNIQUE)",
     "INSERT INTO k VALUES (1)"]

CASES = {
    "and and or as values compute both operands": (T, [
        f"SELECT a > 5 AND {X} FROM t", f"SELECT {X} AND a > 5 FROM t",
        f"SELECT a < 5 OR {X} FROM t", "SELECT a > 5 AND like(1, 1, 'xy') FROM t",
        f"SELECT a > 5 AND a > 6 AND {X} FROM t", f"SELECT NOT (a > 5 AND {X}) FROM t",
        f"SELECT (a > 5 AND {X}) IS TRUE, 1 FROM t", f"SELECT -(a > 5 AND {X}) FROM t",
        f"SELECT +(a > 5 AND {X}) FROM t", f"SELECT (a > 5 AND {X}) COLLATE NOCASE FROM t",
        f"SELECT sum(a > 5 AND {X}) FROM t", f"SELECT coalesce(NULL, a > 5 AND {X}) FROM t",
        f"SELECT * FROM t ORDER BY a > 5 AND {X}",
        f"SELECT count(*) FROM t GROUP BY a > 5 AND {X}",
        f"SELECT * FROM t WHERE (a > 5 AND {X}) IS NULL",
        f"SELECT * FROM t WHERE (a > 5 AND {X}) BETWEEN 0 AND 1",
        f"SELECT CASE (a > 5 AND {X}) WHEN 1 THEN 1 END FROM t",
        f"SELECT CASE WHEN (a > 5 AND {X}) IS NULL THEN 1 END FROM t",
        f"UPDATE t SET a = a > 5 AND {X}", f"SELECT 5 > 5 AND {E}",
        "SELECT 1 AND 5, 5 OR 0, 0 OR 'abc', 1 AND 'abc', NULL AND 0.5, 0.0 OR NULL",
    ]),
    "and and or as conditions stop at the operand that decides": (T, [
        f"SELECT * FROM t WHERE a > 5 AND {X}", f"SELECT * FROM t WHERE a < 5 OR {X}",
        f"SELECT * FROM t WHERE NOT (a > 5 AND {X})", f"SELECT * FROM t WHERE NOT NOT (a > 5 AND {X})",
        f"SELECT * FROM t WHERE (a > 5 AND {X}) IS TRUE",
        f"SELECT * FROM t WHERE (a < 5 OR {X}) IS NOT FALSE",
        f"SELECT * FROM t WHERE (a > 5 AND {X}) OR a = 1",
        f"SELECT CASE WHEN a > 5 AND {X} THEN 1 END FROM t",
        f"SELECT CASE WHEN NOT (a > 5 AND {X}) THEN 1 END FROM t",
        f"SELECT CASE WHEN a < 5 THEN 1 WHEN a > 5 AND {X} THEN 1 END FROM t",
        f"SELECT iif(a > 5 AND {X}, 1, 2), iif(a > 5 AND {X}, 1, a < 5 OR {X}, 3, 4) FROM t",
        f"SELECT * FROM t JOIN z ON a > 5 AND {X}",
        "SELECT * FROM t LEFT JOIN t AS u ON t.a > 5 AND abs(u.a - 9223372036854775807 - 2)",
        "SELECT count(*) FROM t HAVING count(*) > 5 AND abs(count(*) - 9223372036854775807 - 2)",
        f"DELETE FROM t WHERE a > 5 AND {X}",
    ]),
    "and and or run an operand holding a subquery second": (T, [
        f"SELECT (SELECT a) > 5 AND {X} FROM t", f"SELECT (SELECT {X}) AND a > 5 FROM t",
        f"SELECT (SELECT {X}) AND a < 5 FROM t", f"SELECT (SELECT {X}) OR a < 5 FROM t",
        f"SELECT a > 5 AND (SELECT {X}) FROM t", f"SELECT a < 5 OR (SELECT {X}) FROM t",
        f"SELECT (SELECT {X}) AND (SELECT a > 5) FROM t",
        f"SELECT (SELECT 0) AND (SELECT {X}) FROM t",
        f"SELECT a IN (SELECT 5) AND {X} FROM t", f"SELECT {X} AND a IN (SELECT 5) FROM t",
        f"SELECT EXISTS (SELECT 1) AND {X} FROM t", f"SELECT (SELECT 0) AND a > 5 AND {X} FROM t",
        f"SELECT CASE WHEN (SELECT {X}) AND a > 5 THEN 1 END FROM t",
        f"SELECT * FROM t WHERE 0 OR ((SELECT {X}) AND a > 5)",
        f"SELECT * FROM t WHERE a > 5 OR ((SELECT {X}) AND a > 5)",
    ]),
    "or with a true literal runs neither side": (T, [
        f"SELECT {E} OR {lit}, 1 FROM t WHERE {E} OR {lit}" for lit in (
            "1", "2147483647", "0x7fffffff", "00001", "(1)", "((2))", "TRUE", "(TRUE)",
            "1 IS NOT NULL", "2147483648", "0x80000000", "1e0", "-1", "+1", "NOT 0",
            "CAST(1 AS INT)", "1 COLLATE NOCASE", "x'01'", "'1'", "0")] + [
        f"SELECT 1 OR {E}, (1 OR {E}) + 0, typeof(1 OR a), (a > 5 AND {X}) = 0 OR 1 FROM t",
        f"SELECT (SELECT {E}) OR 1, a FROM t WHERE (SELECT {E}) OR 1",
        "SELECT nosuch OR 1 FROM t", "SELECT 1 OR nosuch FROM t",
        "SELECT count(*) OR 1 FROM t", "SELECT a FROM t GROUP BY a OR 1 ORDER BY a OR 1",
    ]),
    "in lists run their items as sqlite does": (T, [
        f"SELECT a IN (1, {E}), a NOT IN (1, {E}), a IN (1, a, {E}), a IN (2, a, {E}) FROM t",
        f"SELECT a IN (1, 2, {E}) FROM t", f"SELECT a IN (1, 2, 3, {E}) FROM t",
        f"SELECT a IN ({E}, 1) FROM t", f"SELECT a IN (1, 2, {E}) FROM z",
        f"SELECT a IN (1, {E}) FROM n", f"SELECT a IN (1, 2, {E}) FROM n",
        f"SELECT NULL IN (1, {E})", f"SELECT 1 IN (1, {E}), 1 IN (1, 2, 3)",
        f"SELECT a IN (1, 2, (SELECT {E})), a IN (1, (SELECT {E})) FROM t",
        f"SELECT a IN (1, 2, random(), {E}), a IN (e, 1, 2, {E}) FROM t",
        f"SELECT * FROM t WHERE a IN (1, {E})", f"SELECT * FROM t WHERE a IN (1, 2, {E})",
        f"SELECT * FROM t WHERE a > 5 AND a IN (1, 2, {E})",
        f"SELECT CASE WHEN a > 5 THEN a IN (1, 2, {E}) END FROM t",
        "SELECT a IN (1, 2, like(1, 1, 'xy')) FROM t", "SELECT a IN (1, 2, like(1, 1, a)) FROM t",
        "SELECT a IN (NULL, 1), a IN (NULL, 2), a IN (NULL, 2, 3), a NOT IN (NULL, 2, 3), "
        "e IN (1, 2, 3), e IN (1, '2'), n.a IN (1, 2, 3) FROM t, n",
    ]),
    "unused columns of a from subquery are never computed": (T, [
        f"SELECT count(*) FROM (SELECT {X} AS y FROM t)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t LIMIT 5)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t WHERE a > 0 LIMIT 1 OFFSET 0)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t UNION ALL SELECT 1, 2)",
        f"SELECT a FROM (SELECT a, 5 AS y FROM t UNION ALL SELECT a, {X} FROM t)",
        f"SELECT (SELECT count(*) FROM (SELECT a, {X} AS y FROM t))",
        f"SELECT 1 FROM (SELECT a, {X} AS y FROM t) AS s JOIN t USING (a)",
        f"SELECT x.a FROM (SELECT a, {X} AS y FROM t) AS x, (SELECT 1) AS w",
        f"SELECT a FROM (SELECT a, {X} AS y FROM (SELECT * FROM t))",
        f"SELECT b FROM (SELECT a AS b, y FROM (SELECT a, {X} AS y FROM t))",
        f"SELECT a FROM (SELECT *, {X} AS y FROM t)",
        f"SELECT column1 FROM (VALUES (1, {E}))",
        f"SELECT (SELECT v FROM (SELECT a AS v, {X} AS y FROM t AS u WHERE u.a = t.a)) FROM t",
        f"DELETE FROM t WHERE a IN (SELECT a FROM (SELECT a, {X} AS y FROM t))",
        "SELECT count(NULL) FROM (SELECT NULL AS c0, like(NULL, NULL, a) AS c1 FROM t)",
        # computed after all: read, DISTINCT, aggregate, ORDER BY, UNION, several rows
        f"SELECT * FROM (SELECT a, {X} AS y FROM t)", f"SELECT y IS NULL FROM (SELECT a, {X} AS y FROM t)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t) GROUP BY y",
        f"SELECT count(y) FROM (SELECT a, {X} AS y FROM t)",
        f"SELECT a FROM (SELECT DISTINCT a, {X} AS y FROM t)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t GROUP BY a)",
        f"SELECT a FROM (SELECT a, sum({X}) AS y FROM t)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t ORDER BY 2)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t ORDER BY y)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t ORDER BY 2 COLLATE NOCASE)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t ORDER BY {X})",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t UNION SELECT 1, 2)",
        f"SELECT a FROM (SELECT a, {X} AS y FROM t UNION ALL SELECT a, 1 FROM t ORDER BY 2)",
        f"SELECT count(*) FROM (VALUES (1, {E}), (2, 3))",
        f"SELECT (SELECT count(*) FROM (SELECT t.a, {X} AS y)) FROM t",
    ]),
    "intersect and except skip the right select after an empty left one": (T, [
        f"SELECT 1 FROM z INTERSECT SELECT {E} FROM t", f"SELECT 1 FROM z EXCEPT SELECT {E} FROM t",
        f"SELECT 1 FROM z INTERSECT SELECT a FROM t WHERE {E}",
        f"SELECT 1 FROM z INTERSECT SELECT 1 FROM z INTERSECT SELECT {E} FROM t",
        f"SELECT 1 FROM t INTERSECT SELECT 2 FROM t INTERSECT SELECT {E} FROM t",
        f"SELECT 1 FROM z INTERSECT SELECT {E} FROM t ORDER BY 1",
        f"SELECT 1 FROM z EXCEPT SELECT {E} FROM t ORDER BY 1",
        f"SELECT 1 FROM z UNION SELECT {E} FROM t", f"SELECT 1 FROM t INTERSECT SELECT {E} FROM t",
        f"SELECT {E} FROM z INTERSECT SELECT 1 FROM t", f"SELECT 1 FROM t EXCEPT SELECT {E} FROM t",
    ]),
    "insert makes the rows of values one by one": ([
        "CREATE TABLE w(k INTEGER PRIMARY KEY, v NOT NULL)", "CREATE TABLE u(a UNIQUE)"], [
        f"INSERT INTO w VALUES (1, NULL), ({E}, 1)", f"INSERT OR FAIL INTO w VALUES (2, 1), ({E}, 1)",
        "SELECT * FROM w", "INSERT OR FAIL INTO w VALUES (-1, NULL), (like(NULL, NULL, 10), 1)",
        f"INSERT INTO u VALUES (1), (1), ({E})", f"INSERT OR IGNORE INTO u VALUES (1), (1), ({E})",
        f"INSERT OR FAIL INTO u VALUES (8), (1), ({E})", "SELECT * FROM u",
        "INSERT INTO u VALUES (5), ((SELECT count(*) FROM u))", "SELECT * FROM u ORDER BY a",
        f"INSERT INTO u SELECT 7 UNION ALL SELECT {E}", "SELECT * FROM u ORDER BY a",
    ]),
    "insert streams its rows unless it reads its table or has insert triggers": ([
        "CREATE TABLE w(k INTEGER PRIMARY KEY, v NOT NULL)", "CREATE TABLE z(x)",
        "CREATE TABLE lg(x)", "CREATE TABLE u(a UNIQUE)", "INSERT INTO u VALUES ('a')"], [
        f"INSERT INTO w VALUES (1, NULL), ((SELECT count(*) FROM z) + {E}, 1)",
        f"INSERT INTO w VALUES ((1, 2) IN ((1, 2), (3, 4)), NULL), ({E}, 1)",
        f"INSERT INTO w VALUES (1, NULL), ((SELECT count(*) FROM w) + {E}, 1)",
        f"INSERT INTO w SELECT x, NULL FROM (SELECT 1 AS x UNION ALL SELECT {E})",
        "INSERT INTO w SELECT 1, NULL FROM z UNION ALL SELECT 2, NULL",
        f"INSERT OR FAIL INTO u VALUES ((NULL, NULL) IN ((NULL, NULL), (0, 1))), ('a'), ({E})",
        f"INSERT INTO w VALUES (1, NULL), ({E}, 1) RETURNING k",
        f"INSERT INTO w VALUES (1, NULL), (2, 1) RETURNING {E}",
        "CREATE TRIGGER tu AFTER UPDATE ON w BEGIN INSERT INTO lg VALUES (new.k); END",
        f"INSERT INTO w VALUES (1, NULL), ({E}, 1)",
        "CREATE TRIGGER ti AFTER INSERT ON w BEGIN INSERT INTO lg VALUES (new.k); END",
        f"INSERT INTO w VALUES (1, NULL), ({E}, 1)", "SELECT * FROM lg", "SELECT * FROM w",
    ]),
    "a column fixed by column = constant reads the constant": (P, [
        f"SELECT 1 FROM e WHERE b = 1 AND b > {E}", f"SELECT 1 FROM e WHERE b > {E} AND b = 1",
        f"SELECT 1 FROM e WHERE b IN (1) AND b > {E}", f"SELECT 1 FROM e WHERE b = -1 AND b IS {E}",
        f"SELECT 1 FROM e WHERE b = +1 AND {E} < b", f"SELECT 1 FROM e WHERE b = 1 + 1 AND b >= {E}",
        f"SELECT 1 FROM e WHERE b = (SELECT 1) AND b > {E}",
        f"SELECT 1 FROM e WHERE b = {E} AND b > 0", f"SELECT 1 FROM e WHERE b > 0 AND b = {E}",
        f"SELECT 1 FROM g WHERE x = {E} AND x = 1", f"SELECT 1 FROM g WHERE x = 1 AND x = {E}",
        f"SELECT 1 FROM f WHERE d = 'x' AND length(d) + {E}",
        f"SELECT 1 FROM f WHERE c = 'x' AND length(c) + {E}",
        f"SELECT count(*) FROM f WHERE d = 'x' AND d + {E}",
        f"SELECT 1 FROM f WHERE d = 'x' AND d IN ({E}, 2)", f"SELECT 1 FROM f WHERE d = 'x' AND d LIKE {E}",
        f"SELECT 1 FROM f WHERE d = 'x' AND d BETWEEN {E} AND 2",
        f"SELECT 1 FROM g WHERE x = 2 AND x > {E}", f"SELECT 1 FROM g WHERE x = 2 OR x > {E}",
        f"SELECT 1 FROM g WHERE x = 2 AND (x > 1 AND x > {E})",
        f"SELECT 1 FROM g WHERE x = 1 AND NOT (x > {E})", f"SELECT 1 FROM g WHERE x = 1 AND x NOT IN ({E})",
        f"SELECT 1 FROM g WHERE rowid = 5 AND rowid > {E}",
        f"SELECT x FROM g WHERE x = 1 GROUP BY x HAVING x > {E}",
        f"SELECT 1 FROM g JOIN f ON c = 1 WHERE c > {E}", f"SELECT 1 FROM g LEFT JOIN f ON c = 1 WHERE c > {E}",
        f"SELECT 1 FROM g LEFT JOIN f ON c > {E} WHERE c = 1",
        f"SELECT 1 FROM g JOIN f ON c = 1 RIGHT JOIN e ON 1 WHERE c > {E}",
        f"SELECT 1 FROM g JOIN f ON x > {E} RIGHT JOIN e ON 1 WHERE x = 1",
        f"SELECT 1 FROM g WHERE x = 2 AND x > 1 UNION SELECT 1 FROM e WHERE b = 1 AND b > {E}",
        f"SELECT (SELECT 1 FROM f WHERE c = 1 AND c > {E}) FROM g",
        f"INSERT INTO e SELECT c FROM f WHERE c = 1 AND c > {E}",
        f"WITH w AS (SELECT c FROM f WHERE c = 1 AND c > {E}) SELECT * FROM w",
        "SELECT 1 FROM j WHERE a = 'x' AND json(a) = 1", "SELECT 1 FROM j WHERE json(a) = 1 AND a = 'x'",
        "SELECT 1 FROM j WHERE b = 'x' AND b > json('x')",
    ]),
    "constant propagation stays within sqlite's rules": (P, [
        f"SELECT 1 FROM e WHERE b IN (1, 2) AND b > {E}", f"SELECT 1 FROM e WHERE b = CAST(1 AS INT) AND b > {E}",
        f"SELECT 1 FROM e WHERE b = 1 COLLATE NOCASE AND b > {E}", f"SELECT 1 FROM e WHERE b = 1 AND b <> {E}",
        f"SELECT 1 FROM e WHERE b = 1 AND b IS NOT {E}", f"SELECT 1 FROM e WHERE b = random() AND b > {E}",
        f"SELECT 1 FROM e WHERE b = 1 AND (b < {E} OR 1)", f"SELECT 1 FROM g WHERE x = 2 AND x BETWEEN 1 AND {E}",
        f"SELECT 1 FROM g WHERE x = 2 AND abs(x) = {E}",
        f"SELECT 1 FROM f WHERE d = 'x' AND CASE d WHEN 1 THEN {E} END",
        f"SELECT 1 FROM f, e WHERE d = 'x' AND b = d + {E}",
        f"SELECT 1 FROM f JOIN e ON b = d + {E} WHERE d = 'x'",
        f"SELECT 1 FROM f LEFT JOIN e ON d = 'x' AND 1 = d + {E}",
        f"SELECT 1 FROM f RIGHT JOIN e ON b = d + {E} WHERE d = 'x'",
        f"SELECT x = 1 AND x > {E} FROM g WHERE x = 2", f"SELECT 1 FROM g WHERE x = 2 ORDER BY x > {E}",
        f"DELETE FROM e WHERE b = 1 AND b > {E}", f"UPDATE e SET b = 2 WHERE b = 1 AND b > {E}",
        f"DELETE FROM g WHERE x = 2 AND x > {E}",
        "SELECT 1 FROM j WHERE b = 'x' AND json(b) = 1",
    ]),
    "a fixed column holds the constant with the column's affinity": (P, [
        "SELECT typeof(a) FROM r WHERE a = 1 AND typeof(a) = 'integer'",
        "SELECT 1 FROM r WHERE a = 1 AND typeof(a) = 'real'", "SELECT 1 FROM r WHERE a = 1 AND a || '' = '1.0'",
        "SELECT 1 FROM r WHERE t = 1 AND typeof(t) = 'text'",
        "SELECT 1 FROM r WHERE n = '1.0' AND typeof(n) = 'integer'",
        "SELECT 1 FROM r WHERE i = 1.0 AND typeof(i) = 'integer'",
        "SELECT 1 FROM r WHERE bb = 1.0 AND typeof(bb) = 'integer'",
        "SELECT 1 FROM r WHERE bb = 1.0 AND bb < 2 AND bb || '' = '1'",
        "SELECT 1 FROM g WHERE x = 1 AND x = 1.0 AND typeof(x) = 'integer'",
        "SELECT json_array(a) FROM j WHERE a = json('[1]') AND json_array(a) = '[\"[1]\"]'",
        "SELECT 1 FROM j WHERE a = json(' [1]') AND b = a", "SELECT 1 FROM g WHERE x = 1 AND x = 2",
    ]),
    "a term holding a correlated subquery is tested after the others": (S, [
        f"SELECT 1 FROM t WHERE (SELECT t.e) AND {X}", f"SELECT 1 FROM t WHERE (SELECT a FROM z) AND {X}",
        f"SELECT 1 FROM t WHERE a IN (SELECT w FROM u WHERE (SELECT u.w)) AND {X}",
        f"SELECT 1 FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE (SELECT u.w)) AND {X}",
        f"SELECT 1 FROM t WHERE (SELECT 1 FROM z) AND {X}", f"SELECT 1 FROM t WHERE a IN (SELECT w FROM u) AND {X}",
        "SELECT 1 FROM t, n WHERE n.a = (SELECT t.a) AND abs(n.a - 9223372036854775807 - 2)",
        f"SELECT 1 FROM t WHERE a BETWEEN (SELECT t.e) AND 2 AND {X}",
        f"SELECT 1 FROM t JOIN n ON (SELECT t.e) WHERE {X}",
        f"SELECT 1 FROM n LEFT JOIN t ON (SELECT t.e) AND {X}",
        "SELECT 1 FROM t AS x RIGHT JOIN t AS y ON (CASE NULL WHEN y.e THEN x.e END) WHERE x.a NOT "
        "BETWEEN abs(y.a - 9223372036854775807 - 2) AND EXISTS (SELECT 1 FROM u WHERE (SELECT u.w))",
        f"DELETE FROM t WHERE (SELECT t.e) AND {X}", f"UPDATE t SET a = 2 WHERE (SELECT t.e) AND {X}",
        # after a LEFT JOIN in WHERE order; a RIGHT JOIN's unmatched rows in pass order
        "SELECT * FROM n LEFT JOIN t ON 0 WHERE (SELECT t.a) AND abs(coalesce(t.a, -9223372036854775807 - 1))",
        "SELECT * FROM t RIGHT JOIN n ON 0 WHERE (SELECT t.a) AND abs(coalesce(t.a, -9223372036854775807 - 1))",
    ]),
    "an exists sqlite joins loops over its table first": (S, [
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM z)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM u WHERE w > 5)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM u WHERE w > 1)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM u WHERE w > 5 AND abs(t.a) > 0)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM u WHERE w > 1 AND t.a > 0)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM u WHERE u.w = t.a)",
        f"SELECT 1 FROM t, n WHERE {X} AND EXISTS (SELECT 1 FROM z)",
        f"SELECT count(*) FROM t WHERE {X} AND EXISTS (SELECT 1 FROM z) GROUP BY a",
        "SELECT 1 FROM (SELECT a FROM t LIMIT 5) AS s WHERE abs(s.a - 9223372036854775807 - 2) "
        "AND EXISTS (SELECT 1 FROM z)",
        f"SELECT 1 FROM z WHERE EXISTS (SELECT 1 FROM t WHERE {X})",
        f"SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM u WHERE w = 1) AND {X} AND EXISTS (SELECT 1 FROM z)",
        f"SELECT 1 FROM t WHERE {X} AND NOT EXISTS (SELECT 1 FROM u)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM z LIMIT 1)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM z, u)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT count(*) FROM z)",
        f"SELECT 1 FROM t WHERE {X} AND EXISTS (SELECT 1 FROM z WHERE (SELECT 1))",
        f"SELECT (SELECT 1 FROM u WHERE {X} AND EXISTS (SELECT 1 FROM z)) FROM t",
        "SELECT a, count(*) FROM t, u WHERE EXISTS (SELECT 1 FROM u AS v WHERE v.w < 2) GROUP BY a",
        f"DELETE FROM t WHERE {X} AND EXISTS (SELECT 1 FROM z)",
    ]),
    "an index read tests first what its entry answers": (I, [
        "SELECT * FROM t WHERE a > 0 AND json(b) AND a <> 1", "SELECT * FROM t WHERE a = 1 AND json(b) AND abs(a) <> 1",
        "SELECT b FROM t WHERE a > 0 AND json(b) AND a <> 1", "SELECT * FROM t INDEXED BY ia WHERE json(b) AND a <> 1",
        "SELECT * FROM t WHERE a = 1 AND json(b) AND rowid <> 1", "SELECT * FROM u WHERE a > 0 AND json(b) AND a <> 1",
        "SELECT * FROM t WHERE json(b) AND a <> 1", "SELECT a FROM t WHERE a = 1 AND json(a) AND a <> 1",
        "SELECT * FROM w WHERE a = 1 AND json(b) AND k <> 5", "SELECT * FROM w WHERE k = 5 AND json(b) AND a <> 1",
        "SELECT * FROM w WHERE a = 1 AND json(b) AND (SELECT k) <> 5",
        "SELECT * FROM t WHERE a = 1 AND json(b) AND (SELECT a) <> 1",
        "SELECT * FROM t WHERE a = 1 AND json(b) AND a IN (SELECT 2)",
        "SELECT * FROM t WHERE a > 0 AND json(b) AND a BETWEEN 2 AND 3",
        "SELECT * FROM t WHERE a > 0 AND json(b) AND a BETWEEN 2 AND c",
        "SELECT * FROM x WHERE a + 1 = 2 AND json(b) AND a <> 1",
        "DELETE FROM t WHERE a = 1 AND json(b) AND a <> 1", "UPDATE t SET c = 3 WHERE a = 1 AND json(b) AND a <> 1",
    ]),
    "union all gives each row as it comes": (U, [
        "SELECT json(a) FROM j UNION ALL SELECT 1 LIMIT 1", "SELECT 1 UNION ALL SELECT json(a) FROM j LIMIT 2",
        "SELECT * FROM (SELECT json(a) FROM j UNION ALL SELECT 1) LIMIT 1",
        "SELECT (SELECT json(a) FROM j UNION ALL SELECT 1)",
        "SELECT 1 IN (SELECT 1 UNION ALL SELECT json(a) FROM j)",
        "WITH c AS (SELECT json(a) FROM j UNION ALL SELECT 1) SELECT * FROM c LIMIT 1",
        "SELECT json(a) FROM j UNION ALL SELECT 1 ORDER BY 1 LIMIT 1",
        "SELECT 1 UNION ALL SELECT 2 UNION SELECT json('x') LIMIT 1",
        "INSERT INTO k SELECT 1 UNION ALL SELECT json('x')", "INSERT INTO k SELECT 2 UNION ALL SELECT json(a) FROM j",
        "INSERT INTO k SELECT 3 UNION ALL SELECT 1 UNION ALL SELECT json('x')",
        "INSERT INTO k SELECT 3 UNION ALL SELECT 1 UNION ALL SELECT json('x') LIMIT 2",
        "INSERT INTO k SELECT 1 UNION SELECT json('x')", "INSERT INTO k SELECT 1 UNION ALL SELECT json('x') ORDER BY 1",
        "INSERT INTO k SELECT 1 UNION ALL SELECT 3 UNION SELECT json('x')",
    ]),
    "an update computes its new rowid first": ([
        "CREATE TABLE r(c0 INTEGER PRIMARY KEY, c3 BLOB, c4)", "INSERT INTO r(c0) VALUES (-1)",
        "CREATE TABLE w(k PRIMARY KEY, v) WITHOUT ROWID", "INSERT INTO w VALUES (1, 2)",
        "CREATE TABLE log(x)",
        "CREATE TRIGGER b BEFORE UPDATE ON r BEGIN INSERT INTO log VALUES (json('x')); END"], [
        "UPDATE OR IGNORE r SET c3 = json('x'), c0 = NULL", "UPDATE r SET c3 = json('x'), c0 = 'abc'",
        "UPDATE r SET c3 = json('x'), rowid = 'abc'", f"UPDATE r SET c4 = {E}, c0 = 2.5",
        f"UPDATE r SET c4 = {E}, c0 = json('x')", "UPDATE r SET c3 = json('x'), c0 = 5",
        "UPDATE w SET v = json('x'), k = NULL", "SELECT * FROM r", "SELECT * FROM log",
        "INSERT INTO r(c0) VALUES (10)", "UPDATE r SET c0 = json(0)", "UPDATE r SET c0 = json(7)",
        "SELECT c0 FROM r",
    ]),
    "having terms on group by columns are tested in where": ([
        "CREATE TABLE g(a, b, c TEXT COLLATE NOCASE)",
        "INSERT INTO g VALUES (1, '1', 'A'), (2, 'x', 'a')"], [
        "SELECT a FROM g WHERE json(b) GROUP BY a HAVING json_array_length(a, 1)",
        "SELECT a FROM g WHERE json(b) GROUP BY a HAVING count(*) AND json_array_length(a, 1)",
        "SELECT a FROM g WHERE json(b) GROUP BY a HAVING (a, json_array_length(a, 1)) = (1, 2)",
        "SELECT a FROM g WHERE json(b) GROUP BY a HAVING json_array_length(max(a), 1)",
        "SELECT a FROM g WHERE json(b) GROUP BY a HAVING json_array_length((SELECT a), 1)",
        "SELECT a FROM g WHERE json(b) GROUP BY b HAVING json_array_length(a, 1)",
        "SELECT a FROM g WHERE json(b) GROUP BY c HAVING json_array_length(c, 1)",
        "SELECT a FROM g WHERE json(b) GROUP BY a + 1 HAVING json_array_length(a + 1, 1)",
        "SELECT a, count(*) FROM g GROUP BY a HAVING (a, NULL, json(a || 'x')) = (1, 1, 1)",
        "SELECT a FROM g GROUP BY a HAVING (count(*), NULL, json(a || 'x')) = (1, 1, 1)",
    ]),
}


@pytest.mark.parametrize("name", CASES)
def test_evaluation_order_matches_sqlite(name):
    setup, statements = CASES[name]
    assert_same(setup, statements)


def test_a_term_left_constant_is_tested_before_the_loops():
    """EXPLAIN shows the term SQLite's constant propagation made constant in the GUARD
    (the fixed column folded to the constant it holds), above the loop."""
    from rowandb.sql.session import open_session
    session = open_session(":memory:")
    session.execute("CREATE TABLE e(b)")
    plan = [row[3] for row in session.execute(
        f"EXPLAIN SELECT 1 FROM e WHERE b = 1 AND b > {E}").rows]
    assert plan == ["PROJECT 1", "GUARD (1 > abs((-9223372036854775807 - 1)))",
                    "FILTER (e.b = 1)", "SCAN e"], plan


def test_a_view_column_nothing_reads_is_never_computed():
    """A view or common table read in place has its unused result columns dropped as a
    FROM subquery's are (select.c: flattened away, or disableUnusedSubqueryResultColumns),
    so neither their errors nor the planning of their subqueries surface (fuzz seed
    22500026: a partial index INDEXED BY in a view only an unused column reads)."""
    assert_same([
        "CREATE TABLE t0(c0, c1 INT, c2 INT8, PRIMARY KEY (c1))",
        "CREATE INDEX ip ON t0(c2) WHERE c1 <> 0",
        "CREATE VIEW v1(c0) AS SELECT NULL FROM t0 INDEXED BY ip",
        "CREATE VIEW v2(c0) AS SELECT (NULL IN (SELECT NULL FROM v1)) FROM t0 AS a4",
        "CREATE VIEW v3(c0, c1) AS SELECT abs(-9223372036854775807 - 1), 1 FROM t0",
        "INSERT INTO t0 VALUES (1, 1, 1)",
    ], [
        "SELECT NULL FROM v2 AS a9 RIGHT JOIN t0 AS a10 ON NULL",
        "SELECT 1 FROM v2", "SELECT c0 FROM v2",
        "SELECT c1 FROM v3", "SELECT count(*) FROM v3", "SELECT c0 FROM v3",
        "SELECT v.c1 FROM v3 AS v, v3 AS u",
        "WITH w AS (SELECT abs(-9223372036854775807 - 1) AS a, 1 AS b FROM t0) SELECT b FROM w",
        "WITH w AS MATERIALIZED (SELECT abs(-9223372036854775807 - 1) AS a, 1 AS b FROM t0) "
        "SELECT b FROM w",
    ])
