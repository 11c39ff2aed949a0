"""A rowid IN against an index's equality whose value calls a function answering
differently each time: SQLite picks one search by its costs (where.c,
whereLoopAddBtreeIndex; optimizer/rowid_in_cost.py). By the rowid IN it computes the
equality's value for each row found (``SELECT id FROM v WHERE p = cnt(0) AND id IN (2,
3)``: two calls, rows 2 and 3); by the index once. RowanDB always searched the index
(one call, row 2). Each statement runs on both engines with a counting function
registered as not deterministic; the rows (in order) and the calls must agree -- for
lists of 2 to 6 values, reading only what the index holds or the whole row, on a narrow
and a wide table, where SQLite's choice switches at different sizes."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5), "
    "(6, 2, 6)",
    "CREATE TABLE w(id INTEGER PRIMARY KEY, p, q, r TEXT, s)",
    "CREATE INDEX wp ON w(p)",
    "CREATE INDEX wrs ON w(r, s)",
    "INSERT INTO w SELECT id, p, q, p, 1 FROM v",
    "CREATE TABLE z(id INTEGER PRIMARY KEY, a, b, c, d, e)",
    "CREATE INDEX z3 ON z(c, d, e)",
    "INSERT INTO z SELECT id, p, q, p, 1, 2 FROM v",
]

LISTS = ["2, 3", "2, 3, 4", "3, 2, 6, 4", "2, 3, 4, 5, 6", "6, 5, 4, 3, 2, 1"]
SHAPES = [
    "SELECT id FROM v WHERE p = cnt(0) AND id IN ({})",
    "SELECT * FROM v WHERE p = cnt(0) AND id IN ({})",
    "SELECT id FROM v WHERE q = cnt(0) AND id IN ({})",
    "SELECT id FROM v WHERE id IN ({}) AND cnt(0) = p",
    "SELECT id, q FROM w WHERE p = cnt(0) AND id IN ({})",
    "SELECT id FROM w WHERE r = cnt(0) AND s = 1 AND id IN ({})",
    "SELECT id, q FROM w WHERE r = cnt(0) AND id IN ({})",
    "SELECT count(*) FROM v WHERE p = cnt(0) + 1 AND id IN ({})",
    "SELECT id FROM z WHERE c = cnt(0) AND id IN ({})",
    "SELECT id FROM z WHERE c = cnt(0) AND d = 1 AND id IN ({})",
    "SELECT id FROM z WHERE c = cnt(0) AND d = 1 AND e = 2 AND id IN ({})",
    "SELECT * FROM z WHERE c = cnt(0) AND d = 1 AND e = 2 AND id IN ({})",
]
QUERIES = [shape.format(values) for shape in SHAPES for values in LISTS] + [
    "SELECT id FROM v WHERE p = cnt(0) AND id IN (SELECT 2 UNION SELECT 3)",
    "SELECT * FROM v WHERE p = cnt(0) AND id IN (SELECT 2 UNION SELECT 3)",
    "SELECT id FROM v WHERE p = cnt(0) AND id IN (4, 3) ORDER BY p",
    "SELECT id FROM v WHERE p = cnt(0) AND id IN (4, 3) ORDER BY id DESC",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_sqlites_choice_of_a_rowid_in_or_an_index_decides_the_calls(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs
