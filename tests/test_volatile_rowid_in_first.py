"""A rowid IN search tests the other terms only on the rows it finds (issue 8).

SQLite searches ``rowid IN (...)`` by seeking each rowid and tests the WHERE's other
terms on the rows found; RowanDB reads such a table as a scan in rowid order under a
Filter, which tested the terms in the WHERE's order, so a term written before the IN
that calls a function answering differently each time (a counting ``cnt``, registered not
deterministic) was called for every row of the table. ``optimizer/rowid_in_first.py``
tests the IN first. Each statement runs on both engines; the rows (in order) and the
number of calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1,1,'a11'),(1,2,'a12'),(2,1,'a21'),(2,2,'a22'),(3,1,'a31'),"
    "(3,2,'a32'),(NULL,1,'n1')",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5)",
]

QUERIES = [
    "SELECT c FROM t WHERE b = nullif(cnt(0), 2) AND t.rowid IN (2, 3)",
    "SELECT c FROM t WHERE b = cnt(0) AND t.rowid IN (2, 3)",
    "SELECT c FROM t WHERE b = cnt(0) AND t.rowid IN (cnt(0), 3)",
    "SELECT c FROM t WHERE c > 'a' || cnt(0) AND t.rowid IN (4, 1, 6) ORDER BY t.rowid DESC",
    "SELECT id FROM v WHERE q < cnt(0) AND id IN (SELECT x FROM u)",
    "SELECT count(*) FROM v WHERE p IS cnt(0) AND id IN (1, 2, 2)",
    "SELECT x, (SELECT group_concat(c) FROM t WHERE b = cnt(0) AND t.rowid IN (1, 2)) FROM u",
    "SELECT c FROM t WHERE t.rowid IN (2, 3) AND b = cnt(0)",
]

WRITES = [
    "DELETE FROM v WHERE q > cnt(0) AND id IN (1, 4)",
    "UPDATE v SET p = 'z' WHERE q = cnt(0) AND id IN (2, 3)",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_the_rowid_in_is_tested_first(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_by_a_rowid_in(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM v ORDER BY id")
    assert ours == theirs
