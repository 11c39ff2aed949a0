"""A one-table query's long WHERE planned with fewer walks (branch planwhere).

* ``fold_constants`` gives back an unchanged ``x BETWEEN y AND z`` as the same node (it
  rebuilt it, and with it every AND and OR above it, losing what earlier questions kept
  on those nodes: their slots, whether a subquery sits inside).
* ``in_setup.search_prefix`` asks ``outer_search`` for the search of a loop's terms only
  when one of them is an IN that search could take: without one its answer is empty.
* ``build._select_core`` walks the query for the columns it reads once, for the join
  order and for the rules of its table reads (covering scans, covering indexes) alike.

Each query's rows must be SQLite's.
"""

from __future__ import annotations

import pytest

from rowandb.planner.optimizer import in_setup
from rowandb.planner.optimizer.fold_constants import fold
from rowandb.planner.plan import analysis
from rowandb.planner.plan import bound as b
from rowandb.planner.plan import build
from test_differential import typed_rows
from test_plan_walks import _bound
from oracle import connections

SCHEMA = [
    "CREATE TABLE t(pk INTEGER PRIMARY KEY, a INT, b INT, c TEXT)",
    "CREATE INDEX t_a ON t(a)", "CREATE INDEX t_bc ON t(b, c)",
    "CREATE TABLE u(x INT, y INT)", "CREATE INDEX u_y ON u(y)",
    "INSERT INTO t VALUES (1, 1, 2, 'x'), (2, 2, 2, 'y'), (3, 3, -1, 'z'), (4, NULL, 5, 'x'),"
    " (5, 7, NULL, NULL), (6, 4, 9, 'q')",
    "INSERT INTO u VALUES (1, 2), (2, 3), (4, 5), (NULL, 2), (7, 9)",
]

QUERIES = [
    "SELECT pk FROM t WHERE a BETWEEN 1 AND 3 OR b > 4 AND c = 'x'",
    "SELECT pk FROM t WHERE (a BETWEEN 2 AND 7) AND b BETWEEN -1 AND 9",
    "SELECT pk FROM t WHERE a BETWEEN 1 + 1 AND 2 * 3 OR c IS NULL",
    "SELECT pk FROM t WHERE b = 2 AND c > 'a' ORDER BY pk DESC",
    "SELECT pk FROM t WHERE a IN (1, 3, 7) AND b > 0",
    "SELECT pk FROM t WHERE b IN (2, 5) AND c = 'x' OR a NOT IN (1, 2)",
    "SELECT pk FROM t WHERE a IN (SELECT x FROM u WHERE y BETWEEN 2 AND 5) AND b < 9",
    "SELECT pk FROM t WHERE a NOT IN (SELECT x FROM u WHERE x IS NOT NULL) AND b > 1",
    "SELECT t.pk, u.y FROM t, u WHERE t.a = u.x AND u.y BETWEEN 1 AND 9 ORDER BY 1, 2",
    "SELECT b, c FROM t WHERE b > 1 ORDER BY b",
    "SELECT count(*) FROM t JOIN u ON u.y = t.b WHERE t.a BETWEEN 0 AND 5",
]


@pytest.fixture(scope="module")
def engines():
    return connections(SCHEMA)


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_as_sqlite(engines, sql):
    mine, theirs = engines
    assert typed_rows(mine.execute(sql).fetchall()) == typed_rows(theirs.execute(sql).fetchall())


def test_an_unchanged_between_folds_to_the_same_node(engines):
    mine, _ = engines
    bound = _bound(mine, QUERIES[0])
    where = bound.where
    between = where.left
    assert analysis.is_between(between)
    assert fold(between) is between
    assert fold(where) is where      # and every AND and OR above it
    # one that folds is still a new node, its bounds folded
    folded = fold(_bound(mine, QUERIES[2]).where.left)
    assert isinstance(folded.left.right, b.Literal) and folded.left.right.value == 2
    assert folded.right.right.value == 6


def test_the_kept_answers_survive_folding(engines):
    mine, _ = engines
    bound = _bound(mine, QUERIES[0])
    analysis.slots_of(bound.where)          # as an earlier question keeps it on the node
    assert getattr(fold(bound.where), "_slots_read", None) == \
        {bound.items[0].source.slot}


@pytest.mark.parametrize("sql, asked", [(QUERIES[1], 0), (QUERIES[3], 0), (QUERIES[4], 1),
                                        (QUERIES[6], 1), (QUERIES[7], 0)])
def test_the_in_search_asked_only_with_an_in(engines, monkeypatch, sql, asked):
    mine, _ = engines
    calls = []
    search = in_setup.is_as_equal           # the IN search it asks (in_loop.py)
    monkeypatch.setattr(in_setup, "is_as_equal",
                        lambda scan, parts: calls.append(scan) or search(scan, parts))
    build.plan_select(_bound(mine, sql))
    assert len(calls) == asked


@pytest.mark.parametrize("sql", [QUERIES[8], QUERIES[10]])
def test_the_columns_read_walked_once(engines, monkeypatch, sql):
    mine, _ = engines
    bound = _bound(mine, sql)
    walks = []
    by_slot = analysis.columns_read_by_slot
    monkeypatch.setattr(analysis, "columns_read_by_slot",
                        lambda select, *rest: walks.append(select) or by_slot(select, *rest))
    build.plan_select(bound)
    assert walks.count(bound) == 1
