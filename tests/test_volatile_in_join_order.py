"""The join order of a table an IN searches follows SQLite's costs, which count the IN.

SQLite's planner costs ``x IN (list)`` on an index key (or the rowid) as an equality
searched once per value of the list (where.c, whereLoopAddBtreeIndex: nIn, the LogEst of
the list's length, 46 for a subquery, added to the loop's cost and rows), so ``FROM u, t
WHERE a IN (1, 2, 3) AND b = f()`` (an index on t(a, b)) is t's loop outside u's, f called
once per IN value. RowanDB's join costs left IN out: t was the inner loop, f called for
every row of u, and the rows came in another order (``optimizer/in_costs.py`` now counts
the IN as SQLite does). Each statement runs on both engines with a counting function
registered as not deterministic; the rows, in order, and the calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1, 1, 'a11'), (1, 2, 'a12'), (2, 1, 'a21'), (2, 2, 'a22'), "
    "(3, 1, 'a31'), (3, 2, 'a32')",
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5)",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
    "CREATE TABLE s(k, m)",
    "INSERT INTO s VALUES (1, 'one'), (2, 'two')",
]

QUERIES = [
    "SELECT x, c FROM u, t WHERE a IN (1, 2, 3) AND b = cnt(0)",
    "SELECT x, c FROM t, u WHERE a IN (1, 2) AND b = cnt(0)",
    "SELECT x, c FROM u, t WHERE a IN (SELECT 1 UNION SELECT 2) AND b = cnt(0)",
    "SELECT x, c FROM u, t WHERE a IN (1, 2, 3) AND b > cnt(0)",
    "SELECT x, c FROM u, t WHERE a IN (1, 2) AND b = cnt(0) AND y > 10",
    "SELECT x, c FROM u, t WHERE a IN (1, 2, 3)",
    "SELECT x, c FROM u, t WHERE a IN (2, 3) AND b = x",
    "SELECT x, c FROM u, t WHERE a IN (2, 3) AND c > cnt(0)",
    "SELECT x, id FROM u, v WHERE id IN (2, 3) AND p = cnt(0)",
    "SELECT x, k, c FROM u, s, t WHERE a IN (1, 3) AND b = cnt(0) AND k = x",
    "SELECT x, m, c FROM s, u, t WHERE a IN (1, 3) AND b = k AND y < cnt(0) * 10",
    "SELECT x, c FROM u, t WHERE a IN (3, 1) AND b = cnt(0) ORDER BY a",
    "SELECT x, (SELECT group_concat(c) FROM u AS w, t WHERE a IN (1, 2) AND b = cnt(w.x)) "
    "FROM u",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_an_in_search_counts_in_sqlites_join_order(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs
