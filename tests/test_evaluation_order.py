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
- INSERT makes the rows of a VALUES list one by one, each inserted before the next.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

#: integer overflow whatever the row; the same for a = 1 only
E = "abs(-9223372036854775807 - 1)"
X = "abs(a - 9223372036854775807 - 2)"
T = ["CREATE TABLE t(a INTEGER, e TEXT)", "INSERT INTO t VALUES (1, '1')",
     "CREATE TABLE z(x)", "CREATE TABLE n(a)", "INSERT INTO n VALUES (NULL)"]

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
}


@pytest.mark.parametrize("name", CASES)
def test_evaluation_order_matches_sqlite(name):
    setup, statements = CASES[name]
    assert_same(setup, statements)
