"""Which index's range SQLite searches where two indexes' ranges could (issue 8).

Where ranges on the first keys of two indexes could both search a table, SQLite searches
the one its costs make cheaper and, of equal ones, the newest index's (its list of a
table's indexes starts with the last one created; whereLoopInsert keeps the first of
equal loops), computes that range's bounds once and tests the other range on each row
found. With a function answering differently each time (a counting ``cnt``, registered
not deterministic) the choice shows in the calls and the rows: RowanDB searched the
oldest index's range (``optimizer/index_range_choice.py`` now takes SQLite's, where a
term calls a volatile function). Each statement runs on both engines; the rows (in
order) and the number of calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5), "
    "(6, 0, 6)",
    "CREATE TABLE w(k INTEGER PRIMARY KEY, r, s)",
    "CREATE INDEX wr ON w(r)",
    "CREATE INDEX ws ON w(s)",
    "INSERT INTO w VALUES (1, 1, 5), (2, 2, 4), (3, 3, 3), (4, 4, 2), (5, 5, 1)",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
]

QUERIES = [
    "SELECT id FROM v WHERE p < cnt(0) AND q < 3",
    "SELECT id FROM v WHERE q < cnt(0) AND p < 3",
    "SELECT id, q FROM v WHERE p > cnt(0) - 1 AND q > 1",
    "SELECT id FROM v WHERE p BETWEEN cnt(0) AND cnt(0) + 1 AND q BETWEEN 1 AND 2 ORDER BY id",
    "SELECT k FROM w WHERE r > cnt(0) AND s > 1",
    "SELECT k FROM w WHERE s < cnt(0) + 3 AND r < 4",
    "SELECT count(*) FROM w WHERE r >= cnt(0) AND s >= cnt(0)",
    "SELECT x, id FROM u, v WHERE p < 3 AND q < cnt(0)",
    "SELECT x, (SELECT group_concat(k) FROM w WHERE r > x AND s > cnt(0)) FROM u",
]

WRITES = [
    "DELETE FROM v WHERE p > cnt(0) AND q > cnt(0)",
    "UPDATE v SET q = -q WHERE q < cnt(0) + 3 AND p < 3",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_the_index_range_sqlite_searches(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_by_the_index_range_sqlite_chooses(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM v ORDER BY id")
    assert ours == theirs
