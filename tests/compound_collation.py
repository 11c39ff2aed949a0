"""A generator of queries over a UNION / INTERSECT / EXCEPT FROM subquery whose SELECTs
give a column different collations, run on RowanDB and SQLite.

SQLite gives a FROM subquery's column the collation of its first SELECT's expression
(select.c sqlite3SubqueryColType), while the compound tells its rows apart, and reads them
out, under its own collation (multiSelectCollSeq: the first SELECT's, left to right, that
has one). So the two differ when a later SELECT holds a COLLATE or a column of another
collation; the outer query compares under the first, yet may take the compound's order
for its ORDER BY (where.c wherePathMatchSubqueryOB).

``statements(seed, count)`` draws such queries: two or three SELECTs of ``ARMS`` (each a
pair of columns x, y: COLLATE placed in the first, a later or no SELECT, columns declared
NOCASE or RTRIM), joined by UNION, UNION ALL, INTERSECT or EXCEPT, under one of ``USES``
(comparisons, IN, BETWEEN, ORDER BY either way, GROUP BY, DISTINCT, min/max, a join's ON,
an IN subquery). ``differences(statements)`` runs them on both engines and gives those
whose outcomes differ (rows compared in order under an ORDER BY, as sorted lists
otherwise). ``python tests/compound_collation.py [count [seed]]`` (from ``tests/``) prints
them and their count.
"""

from __future__ import annotations

import random
import sys

from oracle import pair, run

SETUP = [
    "CREATE TABLE t(a TEXT, b TEXT COLLATE NOCASE, c TEXT COLLATE RTRIM, n INTEGER)",
    "INSERT INTO t VALUES ('b', 'B', 'b ', 1), ('B', 'b', 'B', 2), ('a', 'A', 'a', 3), "
    "('C', 'c', 'C  ', 4), ('c', 'C', 'c', 5), (NULL, 'x', NULL, 6)",
    "CREATE TABLE u(a TEXT, n INTEGER)",
    "INSERT INTO u VALUES ('b', 1), ('B', 2), ('c', 3), ('b ', 4), ('A', 5)",
]

#: A SELECT's expression for column x (y is ``t.n`` or a literal beside it).
ARMS = (
    "t.a", "t.b", "t.c", "t.a COLLATE NOCASE", "t.b COLLATE BINARY", "t.a COLLATE RTRIM",
    "t.c COLLATE NOCASE", "'b'", "'B' COLLATE NOCASE", "'c '", "'A' COLLATE RTRIM",
    "lower(t.a)", "t.b || ''", "upper(t.b)", "(SELECT t.b)", "+t.b",
)

#: An outer query over the subquery ``s`` of columns x, y (``{s}`` is the subquery).
USES = (
    "SELECT x = 'B', x FROM {s}", "SELECT x, y FROM {s} WHERE x = 'c'",
    "SELECT x FROM {s} WHERE x > 'a'", "SELECT x FROM {s} WHERE x BETWEEN 'B' AND 'b'",
    "SELECT x FROM {s} WHERE x IN ('B', 'c', 'a ')", "SELECT x IN ('B', 'c') FROM {s}",
    "SELECT x, y FROM {s} ORDER BY x", "SELECT x, y FROM {s} ORDER BY x DESC",
    "SELECT x, y FROM {s} ORDER BY x, y", "SELECT x, y FROM {s} ORDER BY y, x",
    "SELECT x, y FROM {s} ORDER BY x DESC, y", "SELECT x FROM {s} ORDER BY x COLLATE BINARY",
    "SELECT x, count(*) FROM {s} GROUP BY x", "SELECT DISTINCT x FROM {s}",
    "SELECT min(x), max(x) FROM {s}", "SELECT count(DISTINCT x) FROM {s}",
    "SELECT s.x, u.n FROM {s} JOIN u ON s.x = u.a", "SELECT u.n, s.x FROM u JOIN {s} ON u.a = s.x",
    "SELECT s.x, u.n FROM {s} LEFT JOIN u ON u.a = s.x",
    "SELECT 'B' IN (SELECT x FROM {s})", "SELECT n FROM u WHERE a IN (SELECT x FROM {s})",
    "SELECT x FROM {s} WHERE x = (SELECT 'C')", "SELECT x, y FROM {s} WHERE x LIKE 'b%'",
    "SELECT max(x) OVER (ORDER BY y) FROM {s}", "SELECT x FROM {s} GROUP BY x HAVING count(*) > 0",
)

OPERATORS = ("UNION", "UNION", "UNION ALL", "INTERSECT", "EXCEPT")


def _select(arm: str, k: int) -> str:
    y = "t.n" if k % 2 == 0 else "t.n + 10"
    return f"SELECT {arm} AS x, {y} AS y FROM t"


def query(arms: list, ops: list, use: str) -> str:
    parts = [_select(arms[0], 0)]
    for k, (op, arm) in enumerate(zip(ops, arms[1:]), 1):
        parts.append(f"{op} {_select(arm, k)}")
    return use.format(s="(" + " ".join(parts) + ") AS s")


def statements(seed: int, count: int) -> list:
    """``count`` drawn queries: two or three SELECTs, one of them a COLLATE or a column of
    another collation than the others most of the time."""
    rnd = random.Random(seed)
    found = []
    for _ in range(count):
        width = rnd.choice((2, 2, 3))
        arms = [rnd.choice(ARMS) for _ in range(width)]
        ops = [rnd.choice(OPERATORS) for _ in range(width - 1)]
        found.append(query(arms, ops, rnd.choice(USES)))
    return found


def differences(sqls: list) -> list:
    """[(sql, RowanDB's outcome, SQLite's)] for each statement whose outcomes differ."""
    mine, theirs = pair(SETUP)
    found = []
    for sql in sqls:
        a, b = run(mine, sql), run(theirs, sql)
        if a[0] == "ok" and b[0] == "ok" and "ORDER BY" not in sql.split(") AS s")[-1]:
            a, b = ("ok", sorted(a[1])), ("ok", sorted(b[1]))
        if a != b:
            found.append((sql, a, b))
    return found


if __name__ == "__main__":
    every = statements(int(sys.argv[2]) if len(sys.argv) > 2 else 98000001,
                       int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
    diff = differences(every)
    for sql, a, b in diff[:40]:
        print(sql, "\n   rowandb:", a, "\n   sqlite: ", b)
    print(len(diff), "of", len(every), "differ")
