"""An automatic index where RowanDB's one-table rules searched a volatile range (issue 8).

``choose_index`` may search a join's inner table by its own range (``t.rowid < f()``,
``t.a > f()``), computing the bound once per seek; where SQLite's costed order reaches
that table through an automatic index instead, its loop finds the rows of the index's
key and tests the range on each of them -- calling f per row found, or never when the key
finds no row -- after the terms that fill the index (its partial WHERE). With a function
answering differently each time (a counting ``cnt``, registered not deterministic) the
plan shows in the calls and the rows: RowanDB searched the range
(``optimizer/auto_over_search.py`` now gives its terms back to the join's Filter where
``join_costs`` reaches the table by an automatic index). Each statement runs on both
engines; the rows (in order) and the number of calls must agree."""

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
]

QUERIES = [
    "SELECT x, c FROM u, t WHERE b IS cnt(x) AND t.rowid < cnt(0)",
    "SELECT x, c FROM u, t WHERE b = cnt(x) AND t.rowid < cnt(0)",
    "SELECT x, c FROM u, t WHERE b = nullif(cnt(0), 2) AND t.rowid < changes() "
    "AND b = nullif(cnt(0), 2)",
    "SELECT x, c FROM u, t WHERE t.rowid > nullif(cnt(0), 2) AND b IN (1, 2) AND b = cnt(x)",
    "SELECT x, c FROM u, t WHERE a > cnt(0) + 1 AND b IS nullif(cnt(0), 2)",
    "SELECT x, c FROM u, t WHERE a > cnt(0) - 3 AND b = u.x",
    "SELECT x, c FROM u, t WHERE t.rowid BETWEEN cnt(0) AND cnt(0) + 1 AND b IS 2 "
    "AND a BETWEEN 3 AND 3 + 1",
    "SELECT x, c FROM u, t WHERE t.rowid > cnt(0) AND b = 2 AND c > 'a2'",
    "SELECT x, c FROM u LEFT JOIN t ON a < cnt(0) AND b IS changes()",
    "SELECT x, c FROM u LEFT JOIN t ON a < cnt(0) AND b = changes()",
    "SELECT x, c FROM u LEFT JOIN t ON b IS 2 AND t.rowid > cnt(x)",
    "SELECT x, c FROM u LEFT JOIN t ON b = u.x AND t.rowid > cnt(0)",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_the_automatic_index_over_a_volatile_range(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs
