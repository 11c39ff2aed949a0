"""An IN search SQLite's costs prefer to the search RowanDB made, told by a volatile call.

Where a table could be searched by ``x IN (...)`` and by a range, an equality on another
index or nothing else, SQLite searches by the one its costs make cheapest (where.c,
whereLoopAddBtreeIndex: the IN's key as an equality, nIn added), often the IN, and tests
the other terms on each row the IN finds. A term calling a function whose value changes
between calls is then computed per row found: ``SELECT id FROM v WHERE p IN (1, 2) AND
q > f()`` calls f for each row of p 1 and 2, where RowanDB searched q's range, calling f
once (``optimizer/in_choice.py`` now reads the table in the IN search's order, testing
its terms first). Each statement runs on both engines with a counting function
registered as not deterministic; the rows (in order) and the number of calls must agree.
Every row here failed on ``3954b54b``."""

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
    "(3, 1, 'a31'), (3, 2, 'a32'), (NULL, 1, 'n1')",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
]

QUERIES = [
    # a rowid IN against the rowid's range, an index's range
    "SELECT id FROM v WHERE id IN (2, 3) AND id > cnt(0)",
    "SELECT id FROM v WHERE id IN (cnt(0), 2) AND id > cnt(0) + 1",
    "SELECT id FROM v WHERE id IN (3, 2) AND p BETWEEN cnt(0) - 1 AND cnt(0) + 1",
    "SELECT id, q FROM v WHERE id IN (2, 4) AND q BETWEEN cnt(0) AND cnt(0) + 3",
    "SELECT id FROM v WHERE id IN (SELECT x FROM u) AND id > cnt(0)",
    "SELECT id FROM v WHERE id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12) AND id > cnt(0) + 3",
    "SELECT c FROM t WHERE b BETWEEN cnt(0) + 1 AND cnt(0) + 2 AND t.rowid IN (1, 2)",
    # an index IN against a range of its own key or of another index
    "SELECT id FROM v WHERE p IN (1, 2) AND q > cnt(0)",
    "SELECT id FROM v WHERE p IN (1, 3) AND p < cnt(0) + 2",
    "SELECT id FROM v WHERE q IN (4, 1) AND p > 0 AND p < cnt(0) + 5",
    "SELECT id FROM v WHERE p IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) AND p > 0 "
    "AND p < cnt(0) + 2",
    "SELECT id FROM v WHERE q IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, "
    "17, 18, 19, 20) AND p > 0 AND p < cnt(0) + 2",
    "SELECT id FROM v WHERE p IN (1, 2, 3) AND q > 0 AND q < cnt(0) + 2",
    "SELECT c FROM t WHERE a IN (1, 3) AND a BETWEEN cnt(0) AND cnt(0) + 1",
    "SELECT id FROM v WHERE p IN (1, 2) AND q > cnt(0) ORDER BY id",
    # a unique index's IN against an equality on another index; two INs
    "SELECT id FROM v WHERE q IN (1, 2) AND p IS cnt(0)",
    "SELECT count(*) FROM v WHERE q IN (2, 3) AND p = cnt(0)",
    "SELECT id FROM v WHERE p IN (cnt(0), 2) AND q IN (1, 3)",
    # joins, LEFT JOINs and correlated subqueries: per outer row
    "SELECT x, id FROM u, v WHERE p IN (1, 2) AND q > cnt(0)",
    "SELECT x, id FROM u LEFT JOIN v ON p IN (1, 2) AND q > cnt(x)",
    "SELECT x, id FROM u LEFT JOIN v ON q IN (x, 1) AND q < cnt(0)",
    "SELECT x, id FROM u LEFT JOIN v ON q BETWEEN cnt(0) AND cnt(0) + 1 AND p IS 2 "
    "AND q IN (1, 2)",
    "SELECT x, (SELECT group_concat(id) FROM v WHERE p IN (1, 2) AND q > cnt(x)) FROM u",
    "SELECT x, (SELECT group_concat(id) FROM v WHERE id IN (x, 4) AND id > cnt(0)) FROM u",
]

WRITES = [
    "DELETE FROM v WHERE q IN (2, 3) AND q < cnt(0) + 3",
    "UPDATE v SET p = 'z' WHERE p IN (cnt(0), 2) AND q IN (1, 3)",
    "UPDATE v SET q = -q WHERE id IN (2, 3, 4) AND id BETWEEN cnt(0) AND cnt(0) + 2",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_sqlites_choice_of_an_in_search_decides_the_calls(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_by_the_in_sqlite_chooses(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM v ORDER BY id")
    assert ours == theirs
