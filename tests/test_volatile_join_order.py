"""The loop a volatile value is computed in follows SQLite's join order: ``SELECT x, id
FROM u, v WHERE q < cnt(0)`` is u's loop outside v's search of its UNIQUE q, the range's
bound computed once per row of u (three calls). RowanDB put v outside, because its join
costs took v's index on q for one that reads the table's row, where SQLite counts it as
covering the query (WHERE_IDX_ONLY: the query reads only q and the rowid of v); the
plain ``q < 5`` came in another row order too. Each statement runs on both engines with
a counting function registered as not deterministic; the rows, in order, and the calls
must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5)",
]

QUERIES = [
    "SELECT x, id FROM u, v WHERE q < cnt(0)",
    "SELECT x, id FROM u, v WHERE q < 5",
    "SELECT x, id FROM v, u WHERE q < 3",
    "SELECT 1 FROM u, v WHERE q > cnt(0)",
    "SELECT x, q FROM u JOIN v ON q <= cnt(x)",
    "SELECT x, id FROM u, v WHERE p > cnt(0)",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_a_volatile_bound_is_computed_in_sqlites_loop_order(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs
