"""An index's range search that SQLite's costs prefer to the rowid's range.

Where both a range of the rowid (``id > 1``) and a range on an index's first key (``p <
f()``) could search a table, SQLite searches the one its costs make cheaper (where.c,
whereLoopAddBtreeIndex, whereRangeScanEst): an index holding what the query reads, or one
searched by both bounds against the rowid's one. It computes that range's bounds once and
tests the other range on each row found, so with a function answering differently each
time the choice shows in the calls and the rows. RowanDB searched the rowid's range always,
calling f once per row (``optimizer/range_choice.py`` now weighs them as SQLite does).
Each statement runs on both engines with a counting function registered as not
deterministic; the rows (in order) and the number of calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5), "
    "(6, 0, 6)",
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1, 1, 'a11'), (1, 2, 'a12'), (2, 1, 'a21'), (2, 2, 'a22'), "
    "(3, 1, 'a31')",
    "CREATE TABLE w(id INTEGER PRIMARY KEY, s VARCHAR(400), n)",
    "CREATE INDEX ws ON w(s)",
    "CREATE INDEX wn ON w(n)",
    "INSERT INTO w VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 4)",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
]

QUERIES = [
    # a covering index range against the rowid's with as many bounds
    "SELECT id FROM v WHERE id > 1 AND p < nullif(cnt(0), 2)",
    "SELECT id FROM v WHERE id > 1 AND p < cnt(0) + 1",
    "SELECT id FROM v WHERE id >= 2 AND p >= cnt(0)",
    "SELECT id, p FROM v WHERE p > cnt(0) - 2 AND id < 5",
    "SELECT t.rowid FROM t WHERE t.rowid > 1 AND a < cnt(0) + 1",
    "SELECT count(*) FROM v WHERE id > 1 AND p < cnt(0) + 2",
    # both bounds on the index: cheaper even reading the table
    "SELECT id FROM v WHERE id > 1 AND p > 0 AND p < cnt(0) + 2",
    "SELECT id, q FROM v WHERE id > 1 AND p > 0 AND p < cnt(0) + 2",
    "SELECT id, q FROM v WHERE id > 1 AND p BETWEEN cnt(0) - 1 AND cnt(0) + 2",
    # the rowid's range kept: not covering, or both bounds on the rowid
    "SELECT id, q FROM v WHERE id > 1 AND p < nullif(cnt(0), 2)",
    "SELECT id FROM v WHERE id > 1 AND id < 5 AND p < nullif(cnt(0), 2)",
    "SELECT c FROM t WHERE t.rowid > 1 AND a < cnt(0)",
    # a wide index entry costs more than the rowid's; a narrow one less
    "SELECT id FROM w WHERE id > 1 AND s < 'c' || cnt(0)",
    "SELECT id FROM w WHERE id > 1 AND n < cnt(0) + 2",
    "SELECT id FROM w WHERE id > 1 AND n < cnt(0) + 2 AND s > 'a' || cnt(0)",
    # joins, LEFT JOINs and correlated subqueries: per outer row
    "SELECT x, id FROM u, v WHERE id > 1 AND p < nullif(cnt(0), 2)",
    "SELECT x, id FROM u, v WHERE id > x AND p < cnt(x)",
    "SELECT x, id FROM u LEFT JOIN v ON id > x AND p < cnt(x)",
    "SELECT x, (SELECT group_concat(id) FROM v WHERE id > x AND p < cnt(0)) FROM u",
    "SELECT x, (SELECT group_concat(id) FROM v WHERE id > 1 AND p < x + cnt(0) - 2) FROM u",
]

WRITES = [
    "DELETE FROM v WHERE id > 1 AND p < cnt(0) + 1",
    "UPDATE v SET q = -q WHERE id > 1 AND p > 0 AND p < cnt(0) + 2",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_sqlites_choice_of_an_index_range_or_the_rowids_decides_the_calls(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_by_the_range_sqlite_chooses(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM v ORDER BY id")
    assert ours == theirs
