"""Two constraints that make one index, only the later one with an ON CONFLICT clause.

SQLite makes an index for each PRIMARY KEY and UNIQUE constraint as it parses CREATE
TABLE (sqlite3CreateIndex): a new index goes first in the table's list, one whose clause
is REPLACE after the indexes at the head that are not; a constraint on the same columns
as an index already made adds none but gives it its clause -- and leaves it where it was
put. That list is PRAGMA index_list's order and the order constraints are checked in, so
it decides which constraint a row is reported against and which REPLACE deletes first
(docs/SQL.md, "ON CONFLICT clauses on constraints"). Every test runs the same steps on
both engines (dml_differential.py): drawn tables of such constraints with their index
lists, then INSERT, INSERT OR ..., UPDATE over rows that break two constraints at once,
with a DELETE trigger logging the rows REPLACE deletes, and the order after reopening.
"""

from __future__ import annotations

import random

import pytest

import rowandb
from dml_differential import assert_same, assert_same_after_reopening

CLAUSES = ("", "", " ON CONFLICT REPLACE", " ON CONFLICT REPLACE", " ON CONFLICT IGNORE",
           " ON CONFLICT ABORT", " ON CONFLICT FAIL")
TABLES = [
    "CREATE TABLE t(a UNIQUE, b UNIQUE ON CONFLICT REPLACE, c, UNIQUE (a) ON CONFLICT REPLACE)",
    "CREATE TABLE t(a PRIMARY KEY, b UNIQUE ON CONFLICT REPLACE, c, UNIQUE (a) ON CONFLICT REPLACE)",
    "CREATE TABLE t(a UNIQUE UNIQUE ON CONFLICT REPLACE, b UNIQUE ON CONFLICT REPLACE, c UNIQUE)",
    "CREATE TABLE t(a UNIQUE ON CONFLICT REPLACE, b UNIQUE, c UNIQUE ON CONFLICT REPLACE, "
    "PRIMARY KEY (b) ON CONFLICT REPLACE)",
    "CREATE TABLE t(a UNIQUE, b UNIQUE, c UNIQUE ON CONFLICT REPLACE, "
    "UNIQUE (b) ON CONFLICT REPLACE, UNIQUE (a) ON CONFLICT REPLACE)",
    "CREATE TABLE t(a, b UNIQUE ON CONFLICT REPLACE, c, PRIMARY KEY (a), "
    "UNIQUE (a COLLATE BINARY) ON CONFLICT REPLACE) WITHOUT ROWID",
]
WRITES = [
    "INSERT INTO t VALUES (1, 2, 9)", "INSERT OR REPLACE INTO t VALUES (1, 2, 9)",
    "INSERT OR IGNORE INTO t VALUES (1, 2, 9)", "INSERT OR ABORT INTO t VALUES (1, 2, 9)",
    "UPDATE t SET a = 1, b = 2 WHERE c = 3", "UPDATE OR REPLACE t SET a = 1 WHERE c = 3",
    "INSERT INTO t VALUES (1, 20, 3), (10, 2, 4)", "REPLACE INTO t VALUES (3, 1, 1)",
]


def _steps(table: str, writes: list) -> list:
    return ["PRAGMA recursive_triggers = 1", table, "CREATE TABLE log(a, b, c)",
            "CREATE TRIGGER d AFTER DELETE ON t BEGIN "
            "INSERT INTO log VALUES (old.a, old.b, old.c); END",
            "PRAGMA index_list(t)",
            "INSERT INTO t VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3)"] + writes + [
            "SELECT * FROM log", "SELECT * FROM t ORDER BY a"]


@pytest.mark.parametrize("table", TABLES)
def test_index_list_and_replace_order(table):
    for write in WRITES:
        assert_same(_steps(table, [write]))


def _drawn_table(rnd) -> str:
    parts, kinds = [], []
    for column in "abc":
        words = [f" UNIQUE{rnd.choice(CLAUSES)}" for _ in range(rnd.choice((0, 1, 1, 2)))]
        parts.append(column + "".join(words))
    if rnd.random() < 0.5:
        kinds.append(f"PRIMARY KEY ({rnd.choice('abc')}){rnd.choice(CLAUSES)}")
    for _ in range(rnd.choice((1, 2, 3))):
        kinds.append(f"UNIQUE ({rnd.choice('abc')}){rnd.choice(CLAUSES)}")
    return f"CREATE TABLE t({', '.join(parts + kinds)})"


@pytest.mark.parametrize("seed", [87000031, 87000032])
def test_drawn_tables_agree_with_sqlite(seed):
    rnd = random.Random(seed)
    for _ in range(40):
        assert_same(_steps(_drawn_table(rnd), rnd.sample(WRITES, 3)))


def test_the_order_survives_reopening(tmp_path):
    steps = [TABLES[0], "CREATE TABLE u(a UNIQUE UNIQUE ON CONFLICT REPLACE, "
             "b UNIQUE ON CONFLICT REPLACE, c UNIQUE)", "INSERT INTO t VALUES (1, 1, 1)"]
    assert_same_after_reopening(tmp_path, steps, ["PRAGMA index_list(t)", "PRAGMA index_list(u)"])
    conn = rowandb.connect(str(tmp_path / "db"), isolation_level=None)
    assert [r[1] for r in conn.execute("PRAGMA index_list(t)")] == [
        "sqlite_autoindex_t_1", "sqlite_autoindex_t_2"]
    conn.close()
