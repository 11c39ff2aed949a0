"""A one-table ORDER BY planned with fewer steps (branch orderby, issue 12).

* ``choose_index.search_term``'s answer is kept on the WHERE term (per slot and rowid
  alias): the short cut, the index choice and ``order_by_index``'s constant keys each ask
  it of the same terms.
* ``order_by_index`` asks for the columns the query reads (a walk of the query) only to
  rank an index that satisfies more ORDER BY terms than the table's own order.
* ``order_by_index._walked`` of a b-tree read whole is kept per b-tree order.
* ``covering.mark_covering`` tells a rowid table's covering index by a walk of the
  query that stops at the first column the index lacks.
* ``term_order.index_first`` leaves a Filter of one term as it is, asking nothing.
* ``plan/renew.renewed`` (the rules' ``dataclasses.replace``, by position) makes what
  ``dataclasses.replace`` makes.

The counting tests fail on 6134f61; the plans (EXPLAIN QUERY PLAN) and rows must be
SQLite's.
"""

from __future__ import annotations

import dataclasses
import importlib

import pytest

from rowandb.planner.optimizer import order_by_index, term_order
from rowandb.planner.plan import analysis
from rowandb.planner.plan import bound as b
from rowandb.planner.plan import build
from rowandb.planner.plan import logical as L
from rowandb.planner.plan.renew import renewed
from test_lone_table_plan import _outcome
from test_plan_walks import _bound
from oracle import connections

# the module, not the rule of the same name the package gives
choose_index = importlib.import_module("rowandb.planner.optimizer.choose_index")

SCHEMA = [
    "CREATE TABLE t(pk INTEGER PRIMARY KEY, a INT, b INT, c TEXT)",
    "CREATE INDEX t_a ON t(a)", "CREATE INDEX t_bc ON t(b DESC, c)",
    "CREATE UNIQUE INDEX t_c ON t(c)",
    "CREATE TABLE n(x INT, y INT)",
    "INSERT INTO t VALUES (1, 1, 2, 'x'), (2, 2, 2, 'y'), (3, 3, -1, 'z'), (4, NULL, 5, 'w'),"
    " (5, 7, NULL, NULL), (6, 4, 9, 'q'), (7, 4, 2, 'r')",
    "INSERT INTO n VALUES (1, 2), (2, 3), (4, 5), (NULL, 2), (7, 9)",
]

QUERIES = [
    "SELECT pk, a FROM t WHERE a = 4 AND b < 9 ORDER BY pk DESC",
    "SELECT pk FROM t WHERE b = 2 AND c > 'a' ORDER BY c",
    "SELECT pk FROM t WHERE a = 4 AND b > 0 ORDER BY b DESC, c",
    "SELECT pk, c FROM t WHERE a = 4 AND c > 'a' ORDER BY a, pk",
    "SELECT a FROM t WHERE b IS 2 ORDER BY a DESC LIMIT 2",
    "SELECT pk FROM t WHERE c = 'x' AND a < 5 ORDER BY b",
    "SELECT pk FROM t WHERE pk IS 3 AND a = 2 ORDER BY pk",
    "SELECT * FROM t WHERE a IN (1, 4, 7) AND b IS NOT NULL ORDER BY b, c",
    "SELECT x FROM n WHERE y > 1 ORDER BY x DESC",
    "SELECT x, y FROM n WHERE x = 1 OR y = 9 ORDER BY y, x",
    "SELECT pk FROM t WHERE a IN (SELECT x FROM n WHERE y > 2) AND b > 0 ORDER BY pk",
    "SELECT pk FROM t WHERE b > (SELECT min(y) FROM n WHERE x = t.a) ORDER BY c DESC",
    "SELECT pk, a FROM t WHERE a > 2 ORDER BY a DESC",
    "SELECT b, c FROM t WHERE b = 2 ORDER BY c",
    "SELECT c, pk FROM t WHERE c > 'q' ORDER BY c LIMIT 3",
    "SELECT b FROM t WHERE b = 2 AND a IS NOT NULL",
]


@pytest.fixture(scope="module")
def engines():
    return connections(SCHEMA)


@pytest.mark.parametrize("sql", QUERIES)
def test_plans_and_rows_as_sqlite(engines, sql):
    """The loops and sorts EXPLAIN QUERY PLAN shows (a subquery's lines are RowanDB's
    own: its rows are compared) and the rows."""
    mine, theirs = engines
    ours, sqlites = _outcome(mine, sql), _outcome(theirs, sql)
    assert ours[1] == sqlites[1]
    if sql.count("SELECT") == 1:
        assert ours[0] == sqlites[0]


def _counted(monkeypatch, module, name: str) -> list:
    calls: list = []
    inner = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args: calls.append(args) or inner(*args))
    return calls


@pytest.mark.parametrize("sql", QUERIES[:4] + QUERIES[5:6])
def test_a_terms_search_worked_out_once_per_slot(engines, monkeypatch, sql):
    """Each comparison of the WHERE (two here, none holding a subquery, no ``IS``, whose
    search is read from a new ``=`` each time) is read for its search once:
    ``_converts_column`` runs once for each of them that searches."""
    bound = _bound(engines[0], sql)
    calls = _counted(monkeypatch, choose_index, "_converts_column")
    build.plan_select(bound)
    assert len(calls) <= 2


def test_the_columns_read_not_walked_for_a_table_without_indexes(engines, monkeypatch):
    bound = _bound(engines[0], QUERIES[8])
    walks = _counted(monkeypatch, analysis, "columns_read_by_slot")
    build.plan_select(bound)
    assert walks == []


def test_the_columns_read_walked_to_rank_indexes(engines, monkeypatch):
    """``ORDER BY a`` over a table scan: the index on a satisfies it; whether it covers
    the query ranks it, so the walk is made (once)."""
    bound = _bound(engines[0], "SELECT pk, b FROM t WHERE b > 0 OR c < 'z' ORDER BY a")
    walks = _counted(monkeypatch, analysis, "columns_read_by_slot")
    build.plan_select(bound)
    assert len(walks) == 1


@pytest.mark.parametrize("sql", ["SELECT pk, c FROM t WHERE a = 4 ORDER BY pk",
                                 "SELECT pk, a FROM t WHERE a > 2 ORDER BY a DESC"])
def test_covering_told_by_a_walk_that_may_stop(engines, monkeypatch, sql):
    bound = _bound(engines[0], sql)
    walks = _counted(monkeypatch, analysis, "columns_read_by_slot")
    build.plan_select(bound)
    assert len(walks) == 1 and len(walks[0]) == 3       # (select, slot, helds)


def test_a_whole_btrees_walk_kept(engines, monkeypatch):
    """A table scan's ORDER BY: the scan's order and each index's, read whole."""
    sql = "SELECT pk FROM t WHERE b > 0 OR c < 'z' ORDER BY a"
    build.plan_select(_bound(engines[0], sql))          # the b-trees' walks kept
    calls = _counted(monkeypatch, order_by_index, "_walked")
    for _ in range(3):
        build.plan_select(_bound(engines[0], sql))
    assert calls == []


def test_one_term_over_an_index_not_ordered(engines, monkeypatch):
    calls = _counted(monkeypatch, term_order, "_columns_named")
    build.plan_select(_bound(engines[0], "SELECT pk, c FROM t WHERE a = 4 ORDER BY c"))
    assert calls == []


@pytest.mark.parametrize("node, changes", [
    (b.ColumnRef(3, 0, "pk", "INTEGER", "NOCASE", "t", True, False), {"column": -1}),
    (L.IndexScan(2, None, "t", None, covering=True), {"direction": -1, "nulls_moved": True}),
    (L.Scan(1, None, "u"), {"reverse": True}),
    (L.Sort(L.Empty(), ((b.Literal(1), True, False, "BINARY"),)), {"presorted": 1})])
def test_renewed_is_replace(node, changes):
    made, replaced = renewed(node, **changes), dataclasses.replace(node, **changes)
    assert type(made) is type(replaced) and repr(made) == repr(replaced)
