"""An IN that SQLite searches an index by gives the rows per value in the index's order.

SQLite searches an index by ``b IN (...)`` one value at a time, the values taken from an
ephemeral table that holds each once, sorted in the index's order of b (descending for a
DESC key): expr.c, sqlite3FindInIndex; wherecode.c, codeINTerm. Without ORDER BY (or
where a sort leaves rows tied) the rows come b's value by value, each value's rows in
rowid or PRIMARY KEY order. RowanDB loops the same way (``optimizer/in_loop.py``,
``exec/in_seek.py``). Each statement is compared with SQLite (apsw), rows as lists; on
3954b54b (the IN tested as a filter of a scan, rows in rowid order) 9 of these 17 differ.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

SETUP = (
    "CREATE TABLE t(a INT PRIMARY KEY, b, c)",
    "CREATE INDEX tb ON t(b)",
    "INSERT INTO t VALUES (4, 2, 3), (5, 1, 4), (6, 2, 0), (1, 1, 1), (2, 3, 3), (7, '1', 0),"
    " (8, NULL, 2)",
    "CREATE TABLE r(a INTEGER PRIMARY KEY, b, c)",
    "CREATE INDEX rb ON r(b DESC)",
    "CREATE INDEX rc ON r(c, b)",
    "INSERT INTO r VALUES (4, 2, 3), (5, 1, 4), (6, 2, 0), (1, 1, 1), (2, 3, 3), (7, '1', 0)",
    "CREATE TABLE w(a PRIMARY KEY, b TEXT COLLATE NOCASE, c) WITHOUT ROWID",
    "CREATE INDEX wb ON w(b)",
    "INSERT INTO w VALUES (3, 'B', 1), (1, 'a', 2), (2, 'b', 3), (0, 'A', 4), (9, 'c', 5)",
    "CREATE TABLE u(x)",
    "INSERT INTO u VALUES (2), (1)",
)

STATEMENTS = (
    # the list sorted, duplicates and NULL dropped; '1' is not 1 to a column of no affinity
    "SELECT * FROM t WHERE b IN (2, 1)",
    "SELECT * FROM t WHERE b IN (2, 1, 2, NULL, '1')",
    "SELECT * FROM t WHERE b IN (SELECT x FROM u)",
    # a DESC key: the values descending
    "SELECT * FROM r WHERE b IN (1, 2, 3)",
    # the IN on the first key, an equality after it; an index holding the columns read
    "SELECT * FROM r WHERE c IN (3, 0, 1) AND b = 2",
    "SELECT * FROM r WHERE c IN (3, 0, 1)",
    # a NOCASE key of a WITHOUT ROWID table
    "SELECT * FROM w WHERE b IN ('b', 'a')",
    # the IN's table outside a join, and a LIMIT
    "SELECT * FROM u, t WHERE t.b IN (2, 1)",
    "SELECT * FROM u, t WHERE t.b IN (2, 1) AND t.c > u.x",
    "SELECT * FROM t WHERE b IN (2, 1) LIMIT 2",
    # a sort: the rows it leaves tied in the loop's order; one the index delivers
    "SELECT * FROM t WHERE b IN (2, 1) ORDER BY c",
    "SELECT * FROM t WHERE b IN (2, 1) ORDER BY b DESC",
    "SELECT b, count(*) FROM t WHERE b IN (2, 1) GROUP BY b",
    # the rowid's IN (rows in rowid order either way), the PRIMARY KEY's index chosen
    "SELECT * FROM t WHERE rowid IN (5, 1, 3)",
    "SELECT * FROM t WHERE b IN (2, 1) AND a IN (6, 5, 4)",
    # a write's rows: RETURNING gives them in the order found
    "DELETE FROM t WHERE b IN (2) RETURNING *",
    "UPDATE t SET c = c + 1 WHERE b IN (3, 1) RETURNING a, c",
)


@pytest.mark.parametrize("sql", STATEMENTS)
def test_rows_per_in_value_in_the_index_order(sql):
    assert_same(SETUP, [sql])


# the values an IN search seeks with, per declared type of the column: a list's take the
# comparison's affinity with REAL made NUMERIC, a subquery's the comparison's as it is
# (sqlite3CodeRhsOfIN), so ``r IN (SELECT 9007199254740993)`` over a REAL r finds
# 9007199254740992.0 and ``r IN (9007199254740993)`` does not
_TYPES = ("INTEGER", "REAL", "NUMERIC", "TEXT", "BLOB", "")
_VALUES = ("9007199254740992", "9007199254740993", "1", "1.0", "'1'", "'1.0'", "' 1'", "2.5",
           "'abc'", "x'31'", "NULL", "-0.0", "'9007199254740993'")


def _affinity_statements(seed: int, count: int) -> list:
    rnd = random.Random(seed)
    found = []
    for _ in range(count):
        k, column = rnd.randrange(len(_TYPES)), rnd.choice("cd")
        picked = rnd.sample(_VALUES, rnd.choice((1, 2, 3)))
        form = rnd.choice(("list", "one", "union", "cast"))
        if form == "list":
            rhs = f"({', '.join(picked)})"
        elif form == "one":
            rhs = f"(SELECT {picked[0]})"
        elif form == "union":
            rhs = "(" + " UNION ALL ".join(f"SELECT {p}" for p in picked) + ")"
        else:
            rhs = f"(SELECT CAST({picked[0]} AS {rnd.choice(_TYPES[:4])}))"
        found.append(f"SELECT rowid, c FROM a{k} WHERE {column} IN {rhs}")
    return found


def test_the_in_values_take_sqlites_affinity():
    setup = [f"CREATE TABLE a{k}(c {t}, d {t} COLLATE NOCASE)" for k, t in enumerate(_TYPES)]
    setup += [f"CREATE INDEX a{k}_{c} ON a{k}({c})" for k in range(len(_TYPES)) for c in "cd"]
    setup += [f"INSERT INTO a{k} VALUES ({v}, {v})" for k in range(len(_TYPES)) for v in _VALUES]
    assert_same(setup, _affinity_statements(85000031, 400))
