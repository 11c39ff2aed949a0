"""Walks of a one-table query's plan that cannot change it, cut (branch planfixed).

* ``hoist_invariants.invariant`` and ``push_down_predicates`` with one FROM item decide a
  WHERE term holding a subquery without its slots: the subquery's query is not walked
  for them (``analysis.slots_unless_query``), and what is kept on the term is what
  ``slots_of`` kept, so later questions of it answer as before.
* ``holds_correlated_subquery`` passes over the parts an earlier question found without a
  subquery (``analysis._correlated_inside``): a subquery's long WHERE, its terms asked
  when the subquery was planned, is not walked node by node again.

The rows of each query must be SQLite's, and each answer that of the full walks.
"""

from __future__ import annotations

import importlib

import pytest

from rowandb.planner.plan import analysis
from rowandb.planner.plan import bound as b
from rowandb.planner.plan import build
from test_differential import typed_rows
from oracle import connections

# the module (the package's name of the same spelling is the rule's function)
hoist_module = importlib.import_module("rowandb.planner.optimizer.hoist_invariants")

SCHEMA = [
    "CREATE TABLE t(a INT, b INT, c TEXT)", "CREATE INDEX t_b ON t(b)",
    "CREATE TABLE u(x INT, y INT)", "CREATE INDEX u_y ON u(y)",
    "INSERT INTO t VALUES (1, 2, 'x'), (2, 2, 'y'), (3, -1, 'z'), (4, NULL, 'x')",
    "INSERT INTO u VALUES (1, 2), (2, 3), (4, 5), (NULL, 2)",
]

# terms holding subqueries, correlated at some depth or not, beside plain terms
QUERIES = [
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE y > 1 AND (x < 4 OR y = 5 OR x = 2))",
    "SELECT a FROM t WHERE b = 2 AND a IN (SELECT x FROM u WHERE y > 1) ORDER BY a",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.x = t.a) AND b > 0",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE (SELECT u.y) > 2 AND x < 3)",
    "SELECT a FROM t WHERE (b > 5 OR a IN (SELECT x FROM u WHERE y = t.b)) AND c <> 'q'",
    "SELECT a FROM t WHERE (SELECT max(y) FROM u) > 3 AND a < 4",
    "SELECT a FROM t WHERE NULL > (SELECT x FROM u) OR a = 1",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE y IN (SELECT b FROM t AS s "
    "WHERE s.a = u.x))",
    "SELECT t.a FROM t, u WHERE t.a = u.x AND u.y IN (SELECT b FROM t AS s WHERE s.c = t.c)",
]


@pytest.fixture(scope="module")
def engines():
    return connections(SCHEMA)


def _bound(connection, sql: str):
    session = connection._live_session()
    return session._bind_parsed(session._parse(sql, sql))


def _reference_correlated(expr) -> bool:
    """The whole walk the cut replaces: every node of every subquery inside."""
    return any(isinstance(node, (b.InSubquery, b.Exists, b.ScalarSubquery)) and node.correlated
               for node in analysis.deep_nodes(expr))


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_and_answers_as_the_full_walks(engines, sql):
    mine, theirs = engines
    assert typed_rows(mine.execute(sql).fetchall()) == typed_rows(theirs.execute(sql).fetchall())
    bound = _bound(mine, sql)
    build.plan_select(bound)            # the answers kept on the nodes as planning left them
    for node in analysis.deep_nodes(bound):
        assert analysis.holds_correlated_subquery(node) == _reference_correlated(node), node
        assert analysis.contains_subquery(node) == any(
            isinstance(n, (b.InSubquery, b.Exists, b.ScalarSubquery, b.NullPastSubquery))
            for n in analysis.deep_nodes(node))


def test_a_term_with_a_subquery_is_not_walked_into_for_its_slots(engines, monkeypatch):
    mine, _ = engines
    sql = QUERIES[0]
    bound = _bound(mine, sql)
    walked = []
    collect_select = analysis._collect_select
    monkeypatch.setattr(analysis, "_collect_select",
                        lambda select, found: walked.append(select) or collect_select(select,
                                                                                       found))
    build.plan_select(bound)
    # once, for outer_search's question whether it reads the outer row (outer_slots);
    # hoist_invariants and push_down_predicates each walked it too, for the term's slots
    assert len(walked) == 1
    term = bound.where
    assert term._holds_subquery is True and getattr(term, "_slots_read", None) is None
    assert analysis.slots_unless_query(term) is None
    assert analysis.slots_of(term) == {bound.items[0].source.slot}   # the full answer
    assert not hoist_module.invariant(term, frozenset())  # never hoisted: a subquery


def test_a_subquerys_where_asked_before_is_not_walked_again(engines, monkeypatch):
    mine, _ = engines
    bound = _bound(mine, "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE "
                   + " OR ".join(f"(x = {i} AND y > {i})" for i in range(40)) + ")")
    term = bound.where
    inner = term.query
    for part in analysis.conjuncts(inner.where):
        analysis.contains_subquery(part)    # as planning the subquery asks of its terms
    read = []
    children = analysis.children
    monkeypatch.setattr(analysis, "children", lambda e: read.append(e) or children(e))
    assert analysis.holds_correlated_subquery(term) is False
    assert len(read) < 5                    # the whole walk: every node of the 40 ORs
