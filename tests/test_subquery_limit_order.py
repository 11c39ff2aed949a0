"""A FROM subquery's LIMIT under the ORDER BY of the query SQLite flattens it into.

SQLite flattens ``SELECT x FROM (SELECT d AS x FROM t LIMIT 2) ORDER BY x`` into ``SELECT
d AS x FROM t ORDER BY x LIMIT 2`` (select.c flattenSubquery: a subquery with a LIMIT and
no ORDER BY or OFFSET goes into a query with no LIMIT, WHERE, DISTINCT, aggregate, join or
compound), so the rows are sorted before the LIMIT keeps some: not the first rows of the
scan sorted. Through a subquery without LIMIT flattened first, a view, a common table
read once and a UNION ALL; not in a scalar subquery (SQLite's LIMIT 1 on it), nor beside
a WHERE, a join, a DISTINCT or a LIMIT of the outer query (planner/plan/lifted_limit.py).
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

SETUP = [
    "CREATE TABLE t(c INTEGER, d TEXT)",
    "INSERT INTO t VALUES (5, 'b'), (2, 'a'), (9, 'C'), (4, 'e'), (7, 'D')",
    "CREATE TABLE u(z INTEGER, w TEXT)",
    "INSERT INTO u VALUES (3, 'x'), (8, 'B'), (1, 'f')",
    "CREATE VIEW vl AS SELECT d AS x, c AS y FROM t LIMIT 2",
]
INNERS = ["SELECT d AS x, c AS y FROM t LIMIT {n}",
          "SELECT d AS x, c AS y FROM t WHERE c > 3 LIMIT {n}",
          "SELECT d AS x, c AS y FROM t LIMIT {n} OFFSET 1",
          "SELECT d AS x, c AS y FROM t UNION ALL SELECT w, z FROM u LIMIT {n} OFFSET 0",
          "SELECT d AS x, c AS y FROM t ORDER BY c LIMIT {n}",
          "SELECT * FROM (SELECT d AS x, c AS y FROM t LIMIT {n})",
          "SELECT x, y FROM (SELECT * FROM (SELECT d AS x, c AS y FROM t LIMIT {n}))",
          "SELECT * FROM (SELECT d AS x, c AS y FROM t LIMIT {n}) WHERE y > 3",
          "SELECT * FROM vl", "SELECT x, y FROM vl LIMIT {n}",
          "SELECT d AS x, c AS y FROM t LIMIT (SELECT {n})"]
ORDERS = ["x", "x DESC", "y", "y DESC", "x COLLATE NOCASE", "-y", "x NULLS LAST"]
OUTERS = ["SELECT x, y FROM ({inner}) ORDER BY {order}",
          "SELECT x FROM ({inner}) ORDER BY {order} LIMIT 2",
          "SELECT DISTINCT x, y FROM ({inner}) ORDER BY {order}",
          "SELECT x, y FROM ({inner}) WHERE y > 0 ORDER BY {order}",
          "SELECT x, z FROM ({inner}) AS s, u WHERE z = 1 ORDER BY {order}",
          "SELECT (SELECT x FROM ({inner}) ORDER BY {order})",
          "SELECT c, (SELECT x FROM ({inner}) WHERE y > t2.c - 9 ORDER BY {order}) FROM t AS t2",
          "SELECT d, d IN (SELECT x FROM ({inner}) ORDER BY {order}) FROM t",
          "SELECT * FROM (SELECT x, y FROM ({inner}) ORDER BY {order})",
          "WITH w AS ({inner}) SELECT x, y FROM w ORDER BY {order}"]


def _query(rng: random.Random) -> str:
    inner = rng.choice(INNERS).format(n=rng.choice([1, 2, 3]))
    return rng.choice(OUTERS).format(inner=inner, order=rng.choice(ORDERS))


@pytest.mark.parametrize("seed", range(6))
def test_generated_subquery_limits_under_an_order_by(seed):
    rng = random.Random(seed)
    assert_same(SETUP, [_query(rng) for _ in range(50)])


def test_the_limit_comes_after_the_sort_where_sqlite_flattens():
    assert_same(SETUP, [
        "SELECT x FROM (SELECT d AS x FROM t LIMIT 2) ORDER BY x",
        "SELECT x FROM (SELECT c AS x FROM t LIMIT 1) ORDER BY x DESC",
        "SELECT x FROM (SELECT * FROM (SELECT d AS x FROM t LIMIT 2)) ORDER BY x",
        "SELECT x FROM (SELECT d AS x FROM t UNION ALL SELECT w FROM u LIMIT 2 OFFSET 1) ORDER BY x",
        "SELECT x FROM vl ORDER BY x",
        "WITH w AS (SELECT d AS x FROM t LIMIT 2) SELECT x FROM w ORDER BY x",
        "SELECT x FROM (SELECT d AS x FROM t LIMIT (SELECT 2)) ORDER BY x",
        "SELECT 'C' IN (SELECT x FROM (SELECT d AS x FROM t LIMIT 1) ORDER BY x)",
        # not flattened: a scalar subquery, a WHERE, a join, a DISTINCT, an outer LIMIT
        "SELECT (SELECT x FROM (SELECT d AS x FROM t LIMIT 1) ORDER BY x)",
        "SELECT ('b', 1) = (SELECT x, 1 FROM (SELECT d AS x FROM t LIMIT 1) ORDER BY x)",
        "SELECT (SELECT x FROM (SELECT * FROM (SELECT d AS x FROM t LIMIT 1)) ORDER BY x)",
        "SELECT x FROM (SELECT d AS x FROM t LIMIT 2) WHERE x > 'a' ORDER BY x",
        "SELECT x FROM (SELECT d AS x FROM t LIMIT 2) AS s, u ORDER BY x, z",
        "SELECT DISTINCT x FROM (SELECT d AS x FROM t LIMIT 2) ORDER BY x",
        "SELECT x FROM (SELECT d AS x FROM t LIMIT 2) ORDER BY x LIMIT 5",
        "SELECT x FROM (SELECT d AS x FROM t LIMIT 2 OFFSET 1) ORDER BY x",
    ])


# a UNION ALL with a LIMIT of its own (no ORDER BY, no OFFSET): flattened so where each
# ORDER BY term is a result column of the query reading it (restriction (17d)), but not
# where that query is a FROM subquery SQLite flattens into another, which takes its ORDER
# BY and clears those marks (lifted_limit.py)
UNIONS = ["SELECT d AS x, c AS y FROM t UNION ALL SELECT w, z FROM u LIMIT {n}",
          "SELECT d AS x, c AS y FROM t WHERE c > 3 UNION ALL SELECT w, z FROM u LIMIT {n}",
          "SELECT d AS x, c AS y FROM t UNION ALL SELECT w, z FROM u UNION ALL "
          "SELECT 'q', 6 LIMIT {n}",
          "SELECT d AS x, c AS y FROM t UNION ALL SELECT z, w FROM u LIMIT {n}",
          "SELECT d AS x, c AS y FROM t UNION ALL SELECT w, z FROM u LIMIT (SELECT {n})",
          "SELECT * FROM vu"]
UNION_OUTERS = OUTERS + [
    "SELECT * FROM (SELECT x, y FROM ({inner}) ORDER BY {order}) ORDER BY 1",
    "SELECT group_concat(x) FROM (SELECT x, y FROM ({inner}) ORDER BY {order})",
    "WITH w AS MATERIALIZED (SELECT x, y FROM ({inner}) ORDER BY {order}) SELECT * FROM w",
    "WITH w AS (SELECT x, y FROM ({inner}) ORDER BY {order}) SELECT * FROM w",
    "SELECT y, x FROM ({inner}) ORDER BY {order}",
    "SELECT x AS k, y FROM ({inner}) ORDER BY {order}, k"]


@pytest.mark.parametrize("seed", range(4))
def test_generated_union_all_limits_under_an_order_by(seed):
    rng = random.Random(seed)
    queries = [rng.choice(UNION_OUTERS).format(
        inner=rng.choice(UNIONS).format(n=rng.choice([1, 2, 4])), order=rng.choice(ORDERS))
        for _ in range(40)]
    assert_same(SETUP + ["CREATE VIEW vu AS SELECT d AS x, c AS y FROM t UNION ALL "
                         "SELECT w, z FROM u LIMIT 3"], queries)


def test_a_union_all_limit_comes_after_the_sort_where_sqlite_flattens():
    union = "(SELECT d AS x FROM t UNION ALL SELECT w FROM u LIMIT 2)"
    assert_same(SETUP, [
        f"SELECT x FROM {union} ORDER BY x", f"SELECT x FROM {union} ORDER BY x DESC",
        f"SELECT 'B' IN (SELECT x FROM {union} ORDER BY x)",
        f"SELECT * FROM (SELECT x FROM {union} ORDER BY x) ORDER BY 1",
        f"SELECT group_concat(x) FROM (SELECT x FROM {union} ORDER BY x)",
        f"WITH w AS MATERIALIZED (SELECT x FROM {union} ORDER BY x) SELECT * FROM w",
        # not flattened: that query flattened in turn, an ORDER BY term no result column
        # (a COLLATE, an expression), a scalar subquery, the compound's own ORDER BY
        f"SELECT * FROM (SELECT x FROM {union} ORDER BY x)",
        f"WITH w AS (SELECT x FROM {union} ORDER BY x) SELECT * FROM w",
        f"SELECT x FROM {union} ORDER BY x COLLATE NOCASE",
        f"SELECT x || '' FROM {union} ORDER BY x",
        f"SELECT (SELECT x FROM {union} ORDER BY x)",
        "SELECT x FROM (SELECT d AS x FROM t UNION ALL SELECT w FROM u ORDER BY 1 DESC "
        "LIMIT 2) ORDER BY x",
    ])
