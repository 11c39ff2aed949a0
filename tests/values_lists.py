"""A generator of uses of a VALUES list of several rows, run on RowanDB and SQLite.

SQLite's parser makes a VALUES list of several rows a co-routine or SELECTs of a UNION
ALL (sqlite3MultiValues; ``sql/parse/values_arms.py``), and SQLite keeps a compound by its
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


#: Each use of a VALUES list {v} beside an operand {x}; {v1} is the list with a second
#: column of 1 in each row, {i} another item.
USES = (
    "SELECT {x} IN (VALUES {v}) FROM t",
    "SELECT {x} NOT IN (VALUES {v}) FROM t",
    "SELECT {x} = (VALUES {v}), {x} < (VALUES {v}), (VALUES {v}) = {x} FROM t",
    "SELECT * FROM (VALUES {v}), t WHERE column1 = {x}",
    "SELECT column1 = {x}, typeof(column1) FROM (VALUES {v}), t",
    "SELECT * FROM (VALUES {v} UNION SELECT {x} FROM t) ORDER BY 1",
    "SELECT {x} IN (VALUES {v} UNION ALL SELECT {i}) FROM t",
    "SELECT ({x}, 1) IN (VALUES {v1}) FROM t",
    "SELECT * FROM t WHERE {x} IN (VALUES {v}) AND EXISTS (VALUES {v})",
)


def _use(rnd, x: str, rows: str) -> str:
    return rnd.choice(USES).format(x=x, v=rows, v1=rows.replace(")", ", 1)"),
                                   i=rnd.choice(ITEMS))


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
