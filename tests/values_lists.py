"""A generator of uses of a VALUES list of several rows, run on RowanDB and SQLite.

SQLite's parser makes a VALUES list of several rows a co-routine or SELECTs of a UNION
ALL (sqlite3MultiValues; ``sql/values_arms.py``), and SQLite keeps a compound by its
last SELECT: an IN, a comparison or a row value with the list as its subquery takes the
affinity and collation of its last arm's expressions (expr.c exprINAffinity,
sqlite3ExprAffinity, sqlite3BinaryCompareCollSeq), a co-routine's being columns of no
affinity with its first row's collation. ``statements(seed, count)`` draws such uses --
IN, NOT IN, row-value IN, scalar comparisons, EXISTS, FROM, compounds, with and without
a WITH clause (where every row is a SELECT of the UNION ALL) -- over ``ITEMS`` (literals
of each type, CASTs, COLLATEs, scalar subqueries, a volatile call); ``differences``
gives those whose outcomes differ from SQLite's.
"""

from __future__ import annotations

import random

from oracle import pair, run

SETUP = ["CREATE TABLE t(i INTEGER, s TEXT, r REAL, nc TEXT COLLATE NOCASE)",
         "INSERT INTO t VALUES (1, '1', 1.0, 'ABC')"]
ITEMS = ("1", "'1'", "1.0", "CAST(1 AS TEXT)", "CAST(1 AS REAL)", "CAST('1' AS INTEGER)",
         "x'31'", "NULL", "'abc' COLLATE NOCASE", "'ABC'", "(SELECT s FROM t)",
         "(SELECT r FROM t)", "CAST(1 AS NUMERIC)", "'1.0'", "random() * 0 + 1",
         "'ABC ' COLLATE RTRIM")
LEFT = ("'1'", "1", "1.0", "(SELECT '1' UNION ALL SELECT CAST(2 AS INT))", "CAST(1 AS TEXT)",
        "(SELECT s FROM t)", "(SELECT i FROM t)", "(SELECT r FROM t)", "'abc'",
        "(SELECT nc FROM t)", "x'31'", "'1.0'", "t.nc", "t.s", "t.r")


def _use(rnd, x: str, rows: str) -> str:
    k = rnd.randrange(9)
    if k == 0:
        return f"SELECT {x} IN (VALUES {rows}) FROM t"
    if k == 1:
        return f"SELECT {x} NOT IN (VALUES {rows}) FROM t"
    if k == 2:
        return f"SELECT {x} = (VALUES {rows}), {x} < (VALUES {rows}), (VALUES {rows}) = {x} FROM t"
    if k == 3:
        return f"SELECT * FROM (VALUES {rows}), t WHERE column1 = {x}"
    if k == 4:
        return f"SELECT column1 = {x}, typeof(column1) FROM (VALUES {rows}), t"
    if k == 5:
        return f"SELECT * FROM (VALUES {rows} UNION SELECT {x} FROM t) ORDER BY 1"
    if k == 6:
        return f"SELECT {x} IN (VALUES {rows} UNION ALL SELECT {rnd.choice(ITEMS)}) FROM t"
    if k == 7:
        return f"SELECT ({x}, 1) IN (VALUES {rows.replace(')', ', 1)')}) FROM t"
    return f"SELECT * FROM t WHERE {x} IN (VALUES {rows}) AND EXISTS (VALUES {rows})"


def statements(seed: int, count: int) -> list:
    rnd = random.Random(seed)
    found = []
    for _ in range(count):
        rows = ", ".join(f"({rnd.choice(ITEMS)})" for _ in range(rnd.choice((2, 2, 3))))
        with_ = "WITH q AS (SELECT 1) " if rnd.random() < 0.3 else ""
        found.append(with_ + _use(rnd, rnd.choice(LEFT), rows))
    return found


def differences(sqls: list) -> list:
    """[(sql, RowanDB's outcome, SQLite's)] for each statement whose outcomes differ."""
    mine, theirs = pair(SETUP)
    return [(sql, a, b) for sql in sqls
            for a, b in [(run(mine, sql), run(theirs, sql))] if a != b]
