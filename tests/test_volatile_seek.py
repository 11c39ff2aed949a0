"""A search key that calls a function whose value may change between calls: SQLite
computes it once and never tests the term again on the rows the search finds (where.c,
disableTerm), so ``WHERE a = f()`` returns f's one value's row. RowanDB used to test the
term again, calling f once more per row, and rejected the row it had found
(``SELECT a FROM t WHERE a = cnt(0)`` was empty). Each statement runs on both engines
with a counting function registered as not deterministic; the rows and the number of
calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

import rowandb

SCHEMA = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c, d, e, UNIQUE(d, e))",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "CREATE INDEX tc ON t(c)",
    "INSERT INTO t VALUES (1, 1, 1, 1, 1), (2, 2, 2, 1, 2), (3, 3, 3, 2, 1), (4, 4, 4, 2, 2)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
]

QUERIES = [
    "SELECT a FROM t WHERE a = cnt(0)",
    "SELECT a FROM t WHERE a IS cnt(0)",
    "SELECT a FROM t WHERE rowid = cnt(0)",
    "SELECT a FROM t WHERE b = cnt(0)",
    "SELECT a FROM t WHERE c = cnt(0)",
    "SELECT a FROM t WHERE a = cnt(0) AND c > 0",
    "SELECT a FROM t WHERE cnt(0) = a",
    "SELECT a FROM t WHERE d = 1 AND e = cnt(0)",
    "SELECT a FROM t WHERE d = cnt(0) AND e > 0",
    "SELECT a FROM t WHERE a > cnt(0)",
    "SELECT a FROM t WHERE a > cnt(0) AND a < cnt(0) + 3",
    "SELECT a FROM t WHERE b > cnt(0) AND b < 4",
    "SELECT a FROM t WHERE c >= cnt(0) ORDER BY c DESC",
    "SELECT a FROM t WHERE a = cnt(0) + 1 ORDER BY b",
    "SELECT count(*) FROM t WHERE a = cnt(0)",
    "SELECT x, a FROM u, t WHERE t.a = cnt(u.x) ORDER BY x",
    "SELECT x, a FROM u JOIN t ON t.b = cnt(u.x) ORDER BY x",
    "SELECT x, a FROM u LEFT JOIN t ON t.a = cnt(u.x) ORDER BY x",
    "SELECT a FROM t WHERE a = (SELECT cnt(0))",
    "SELECT a FROM t WHERE e = cnt(0)",
    "SELECT a FROM t WHERE a = likely(cnt(0))",
]

WRITES = [
    "DELETE FROM t WHERE a = cnt(0)",
    "DELETE FROM t WHERE b = cnt(0) AND c = 'x'",
    "UPDATE t SET c = -c WHERE a = cnt(0)",
    "UPDATE t SET c = -c WHERE d = 2 AND e = cnt(0)",
    "UPDATE t SET c = -c WHERE a > cnt(0)",
]


def _both(sql: str, after: str | None = None):
    return counted_runs(SCHEMA, sql, after)


@pytest.mark.parametrize("sql", QUERIES)
def test_a_volatile_search_key_is_called_once_and_finds_its_row(sql):
    ours, theirs = _both(sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_found_by_a_volatile_key_changes_sqlites_rows(sql):
    ours, theirs = _both(sql, after="SELECT * FROM t ORDER BY a")
    assert ours == theirs


def test_random_as_a_rowid_key_finds_exactly_one_row():
    con = rowandb.connect(":memory:")
    con.execute("CREATE TABLE t(a INTEGER PRIMARY KEY)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1, 4)])
    found = [con.execute("SELECT count(*) FROM t WHERE a = abs(random()) % 3 + 1").fetchone()[0]
             for _ in range(60)]
    assert found == [1] * 60
