"""Which of several bounds on one column a range search takes (issue 8).

SQLite's WHERE clause holds the conjuncts in the order written and after them the two
copies it makes of each BETWEEN (``x >= lo``, ``x <= hi``; the last BETWEEN's first);
its range search takes the first lower and the first upper bound in that order
(whereLoopAddBtreeIndex, whereLoopInsert keeping the first of equal loops), computes them
once and tests the other bounds on each row found -- a BETWEEN of which it takes one half
whole. With a function answering differently each time (a counting ``cnt``, registered
not deterministic) the choice shows in the calls and the rows: RowanDB took the bounds
in the conjuncts' order, a BETWEEN's halves where the BETWEEN stood
(``optimizer/range_order.py`` now orders them as SQLite does). Each statement runs on
both engines; the rows (in order) and the number of calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5), "
    "(6, 2, 6)",
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1, 1, 'a11'), (1, 2, 'a12'), (2, 1, 'a21'), (2, 2, 'a22'), "
    "(3, 1, 'a31')",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
]

QUERIES = [
    # a conjunct's bound before a BETWEEN's, wherever the BETWEEN stands
    "SELECT id FROM v WHERE p BETWEEN 2 AND 3 AND p > cnt(0)",
    "SELECT id FROM v WHERE p BETWEEN 2 AND 3 AND p < cnt(0) + 2",
    "SELECT id FROM v WHERE p BETWEEN 1 AND 3 AND p > cnt(0) AND p < cnt(0) + 3",
    "SELECT count(*) FROM t WHERE a BETWEEN 1 AND 2 AND b > 3 AND a > cnt(0) + 1",
    # the rowid's bounds likewise
    "SELECT id FROM v WHERE id BETWEEN cnt(0) AND cnt(0) + 1 AND id > 2",
    "SELECT id FROM v WHERE id < cnt(0) + 4 AND id BETWEEN 2 AND 5",
    # two BETWEENs: the last one's halves first
    "SELECT id FROM v WHERE id BETWEEN cnt(0) AND 5 AND id BETWEEN 2 AND cnt(0) + 4",
    # one half of a BETWEEN searched: the BETWEEN tested whole on each row
    "SELECT id FROM v WHERE p BETWEEN cnt(0) AND 3 AND p > 0",
    "SELECT id FROM v WHERE p BETWEEN cnt(0) AND cnt(0) + 5 AND p > 0",
    # joins, LEFT JOINs and correlated subqueries: per outer row
    "SELECT x, id FROM u, v WHERE p BETWEEN 2 AND 3 AND p > cnt(x)",
    "SELECT x, c FROM u LEFT JOIN t ON a > cnt(0) + 1 AND a BETWEEN 3 AND 4",
    # a loop of a join: a whole BETWEEN before any other bound, the last BETWEEN's first
    # (its loop tests more terms, so fewer rows out: whereLoopOutputAdjust)
    "SELECT x, c FROM u, t WHERE a BETWEEN 2 AND 2 + 1 AND a BETWEEN cnt(0) + 1 AND cnt(0) + 2",
    "SELECT x, c FROM u, t WHERE a BETWEEN cnt(0) AND 3 AND a BETWEEN 2 AND 3",
    "SELECT x, c FROM u, t WHERE a > cnt(0) + 1 AND a BETWEEN changes() AND changes() + 1",
    "SELECT x, c FROM u, t WHERE a < cnt(0) + 3 AND a BETWEEN 2 AND 3",
    "SELECT x, c FROM u, t WHERE a > cnt(0) AND a < cnt(0) + 3 AND a BETWEEN 1 AND 2",
    "SELECT x, id FROM u, v WHERE id < cnt(0) + 4 AND id BETWEEN 2 AND 5",
    "SELECT x, id FROM u, v WHERE id BETWEEN cnt(0) AND 5 AND id BETWEEN 2 AND cnt(0) + 4",
    "SELECT x, id FROM u JOIN v ON p > cnt(0) AND p BETWEEN 1 AND 2 AND x = id",
    "SELECT x, (SELECT group_concat(id) FROM v WHERE id BETWEEN 1 AND 6 AND id > x + cnt(0)) "
    "FROM u",
]

WRITES = [
    "DELETE FROM v WHERE id > 2 AND p BETWEEN 2 AND 3 AND p > cnt(0)",
    "DELETE FROM v WHERE q < cnt(0) + 1 AND id < cnt(0) "
    "AND id BETWEEN nullif(cnt(0), 2) AND nullif(cnt(0), 2) + 1",
    "UPDATE v SET q = -q WHERE id BETWEEN cnt(0) AND cnt(0) + 1 AND id > 2",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_the_range_searched_takes_sqlites_first_bounds(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_by_sqlites_first_bounds(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM v ORDER BY id")
    assert ours == theirs
