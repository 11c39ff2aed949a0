"""A one-table query's planning with fewer walks of its WHERE (branch onetable2).

* ``analysis.calls_volatile`` answers no at once for a term with no function call, LIKE
  or subquery inside (``_holds_call``, kept on the term's nodes): the one-table rules
  (``in_choice``, ``in_setup``, ``choose_index``) ask it of every WHERE term, and it
  walked each term's every node for each question.
* ``push_down_predicates`` places the conjuncts of a query of one FROM item without the
  walk of join levels, and gives back the Filter it was handed when it is already that
  loop (the conjuncts in SQLite's order, joined as ``conjoin`` joins them): it rebuilt
  every AND node of the WHERE, losing what earlier questions had kept on them.

Each query's rows, and the number of calls of a counting function, must be SQLite's.
"""

from __future__ import annotations

import pytest

from rowandb.planner.optimizer.push_down_predicates import push_down_predicates
from rowandb.planner.plan import analysis
from rowandb.planner.plan import bound as b
from rowandb.planner.plan import build
from rowandb.planner.plan import logical as L
from test_plan_walks import _bound
from oracle import assert_same, connections, counted_runs

SCHEMA = [
    "CREATE TABLE t(pk INTEGER PRIMARY KEY, a INT, b INT, c TEXT)",
    "CREATE INDEX t_a ON t(a)", "CREATE INDEX t_bc ON t(b, c)",
    "CREATE TABLE u(x INT, y INT)",
    "INSERT INTO t VALUES (1, 1, 2, 'x'), (2, 2, 2, 'y'), (3, 3, -1, 'z'), (4, NULL, 5, 'x'),"
    " (5, 7, NULL, NULL), (6, 4, 9, 'q')",
    "INSERT INTO u VALUES (1, 2), (2, 3), (4, 5), (NULL, 2), (7, 9)",
]

QUERIES = [
    "SELECT pk FROM t WHERE a > 1 AND b < 9 AND c <> 'q'",
    "SELECT pk FROM t WHERE a > 1 AND (b < 9 AND c <> 'q') ORDER BY pk DESC",
    "SELECT pk FROM t WHERE b = 2 AND c > 'a' ORDER BY pk DESC",
    "SELECT pk FROM t WHERE (a IS NULL OR a > 2) AND b BETWEEN 0 AND 9",
    "SELECT pk FROM t WHERE a IN (1, 3, 7) AND b > abs(-1)",
    "SELECT pk FROM t WHERE c LIKE 'x%' AND a < 5",
    "SELECT pk FROM t WHERE a > (SELECT min(x) FROM u WHERE y = t.b) AND b > 0",
    "SELECT pk FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x = t.a) AND pk > 1 AND c > 'a'",
    "SELECT pk FROM t WHERE a IN (SELECT x FROM u) AND b < 9 ORDER BY 1",
    "SELECT pk FROM t WHERE 1 AND a > 0 AND NOT b",
    "SELECT t.pk, u.y FROM t, u WHERE t.a = u.x AND u.y > 2 AND t.b > 0 ORDER BY 1, 2",
    "SELECT pk FROM t WHERE a > random() % 1 - 10 AND b > 0",
]

# a counting function registered not deterministic (oracle.counted_connections): its
# calls tell where each engine computes a term
COUNTED_SCHEMA = [
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5), "
    "(6, 0, 6)",
]

COUNTED = [
    "SELECT id FROM v WHERE p IN (1, 2) AND q > cnt(0)",
    "SELECT id FROM v WHERE p IN (1, 2) AND (q > 0 AND q < cnt(0) + 4)",
    "SELECT id FROM v WHERE p > 0 AND q > abs(cnt(0)) ORDER BY id DESC",
    "SELECT id FROM v WHERE p IN (cnt(0), 2) AND q IN (1, 3)",
    "SELECT id FROM v WHERE id IN (2, 3) AND id > cnt(0) AND p > 0",
    "SELECT id FROM v WHERE p = 1 AND (SELECT cnt(0)) > 0",
]


def test_rows_as_sqlite():
    assert_same(SCHEMA, QUERIES)


@pytest.mark.parametrize("sql", COUNTED)
def test_calls_as_sqlite(sql):
    ours, theirs = counted_runs(COUNTED_SCHEMA, sql)
    assert ours == theirs


@pytest.fixture(scope="module")
def engines():
    return connections(SCHEMA)


def _terms(engines, sql):
    return analysis.conjuncts(_bound(engines[0], sql).where)


def test_a_term_without_a_call_is_not_walked(engines, monkeypatch):
    terms = _terms(engines, QUERIES[3])         # an OR, a BETWEEN's halves: no call
    monkeypatch.setattr(analysis, "deep_nodes", lambda *args, **kwargs: pytest.fail(
        "walked every node of a term without a call"))
    assert not any(map(analysis.calls_volatile, terms))
    assert getattr(terms[0], "_holds_call", None) is False      # kept on the term


@pytest.mark.parametrize("sql, volatile", [
    (QUERIES[4], [False, False]),               # abs(): a call, not volatile
    (QUERIES[5], [False, False]),               # LIKE, not redefined
    (QUERIES[6], [False, False]),               # a subquery without a volatile call
    (QUERIES[11], [True, False]),               # random() inside an arithmetic
    ("SELECT pk FROM t WHERE b > (SELECT random()) AND a = changes()", [True, True]),
])
def test_the_answers_of_the_full_walk(engines, sql, volatile):
    terms = _terms(engines, sql)
    assert [analysis.calls_volatile(t) for t in terms] == volatile
    whole = [any(isinstance(node, b.Function) and node.name in ("random", "changes")
                 for node in analysis.deep_nodes(t)) for t in terms]
    assert whole == volatile


def _filter(engines, sql):
    bound = _bound(engines[0], sql)
    scan = L.Scan(bound.items[0].source.slot, bound.items[0].source.table, None, None)
    return L.Filter(scan, bound.where)


@pytest.mark.parametrize("sql", [QUERIES[0], QUERIES[2], QUERIES[9]])
def test_a_lone_loop_is_given_back(engines, sql):
    node = _filter(engines, sql)
    assert push_down_predicates(node) is node


@pytest.mark.parametrize("sql, order", [
    (QUERIES[1], ["a", "b", "c"]),              # a AND (b AND c): joined again, left-deep
    (QUERIES[7], ["pk", "c", None]),            # the correlated EXISTS tested last
])
def test_a_lone_loop_made_anew(engines, sql, order):
    node = _filter(engines, sql)
    placed = push_down_predicates(node)
    assert placed is not node and placed.child is node.child
    terms = analysis.conjuncts(placed.predicate)
    assert placed.predicate is analysis.conjoin(terms) or \
        analysis.describe(placed.predicate) == analysis.describe(analysis.conjoin(terms))
    assert [getattr(t.left, "name", None) if isinstance(t, b.Compare) else None
            for t in terms] == order


def test_the_plan_keeps_the_where_nodes(engines):
    bound = _bound(engines[0], QUERIES[0])
    plan = build.plan_select(bound)
    node = plan.root
    while not isinstance(node, L.Filter):
        node = node.child
    assert node.predicate is bound.where
