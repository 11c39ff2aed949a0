"""index/between's and index/in's long WHEREs planned with fewer walks (branch between).

* ``analysis.calls_volatile`` keeps on a term whose walk met no function call and no
  LIKE that it calls nothing (``_calls_none``): nothing the connection defines later can
  change that, and the one-table rules (``in_choice.fresh_volatile`` for each search
  they weigh) ask it of the same WHERE term again and again, each time a walk of the
  whole term, the query of an IN subquery inside it included.
* ``in_choice.fresh_volatile`` asks an operator's operands in turn and only the rest
  (a call, a subquery) whether they call a volatile function: it asked
  ``calls_volatile`` of each level of an AND/OR chain first, a walk of the whole level.

The rows and the calls of a counting function must be SQLite's; the walks are counted.
"""

from __future__ import annotations

import pytest

from rowandb.planner.optimizer import in_choice
from rowandb.planner.plan import analysis
from rowandb.planner.plan import bound as b
from test_plan_walks import _bound
from oracle import assert_same, connections, counted_runs

SCHEMA = [
    "CREATE TABLE t(pk INTEGER PRIMARY KEY, a INT, b INT, c TEXT)",
    "CREATE INDEX t_a ON t(a)", "CREATE INDEX t_b ON t(b)",
    "CREATE TABLE u(x INT, y INT)",
    "INSERT INTO t VALUES (1, 1, 2, 'x'), (2, 2, 2, 'y'), (3, 3, -1, 'z'), (4, NULL, 5, 'x'),"
    " (5, 7, NULL, NULL), (6, 4, 9, 'q')",
    "INSERT INTO u VALUES (1, 2), (2, 3), (4, 5), (NULL, 2), (7, 9)",
]

# an IN subquery deep in an OR chain, with and without calls inside it
QUERIES = [
    "SELECT pk FROM t WHERE a IN (1, 2, 7) AND (b = 2 OR (c = 'q' OR "
    "pk IN (SELECT x FROM u WHERE y > 2)))",
    "SELECT pk FROM t WHERE a IN (1, 4) OR (b > 4 OR (c < 'y' AND "
    "a IN (SELECT x FROM u WHERE y BETWEEN 2 AND 5))) ORDER BY pk",
    "SELECT pk FROM t WHERE b IN (2, 9) AND (a = 1 OR a IN (SELECT abs(x) FROM u "
    "WHERE y > 2)) ORDER BY pk DESC",
    "SELECT pk FROM t WHERE a IN (2, 3) AND (b < 0 OR pk IN (SELECT x FROM u "
    "WHERE random() > -9223372036854775808 OR y > 0))",
    "SELECT pk FROM t WHERE a BETWEEN 1 AND 4 AND (c LIKE 'x%' OR b IN (SELECT y FROM u))",
]

COUNTED_SCHEMA = [
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "CREATE TABLE w(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5), "
    "(6, 0, 6)",
    "INSERT INTO w VALUES (1, 10), (2, 20), (3, 30)",
]

# a volatile call inside an IN subquery, deep in an OR: read afresh per row or not
COUNTED = [
    "SELECT id FROM v WHERE p IN (1, 2) AND (q > 5 OR (q = 0 OR "
    "id IN (SELECT x FROM w WHERE y > cnt(0))))",
    "SELECT id FROM v WHERE p IN (1, 3) AND (q < 2 OR id IN (SELECT x FROM w) "
    "OR q > cnt(0))",
    "SELECT id FROM v WHERE p IN (0, 1, 2) AND (q = 3 OR (id > 4 AND "
    "id IN (SELECT x FROM w WHERE y = cnt(0) * 10)))",
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


def _counting_walks(monkeypatch) -> list:
    """Counts ``deep_nodes``' walks from ``calls_volatile`` (one item per walk)."""
    walks: list = []
    whole = analysis.deep_nodes

    def counted(*args, **kwargs):
        walks.append(args[0])
        return whole(*args, **kwargs)
    monkeypatch.setattr(analysis, "deep_nodes", counted)
    return walks


def test_a_term_without_a_call_is_walked_once(engines, monkeypatch):
    terms = analysis.conjuncts(_bound(engines[0], QUERIES[0]).where)
    walks = _counting_walks(monkeypatch)
    assert not in_choice.fresh_volatile(terms)
    assert len(walks) == 1
    assert in_choice.fresh_volatile.__module__ == in_choice.__name__
    del walks[:]
    assert not in_choice.fresh_volatile(terms)
    assert walks == []                      # kept: the walk met no call


def test_a_call_inside_is_asked_again(engines, monkeypatch):
    """abs() is no volatile call, but a connection may define its own abs() later: the
    walk is made again each time, and then answers yes."""
    terms = analysis.conjuncts(_bound(engines[0], QUERIES[2]).where)
    walks = _counting_walks(monkeypatch)
    assert not in_choice.fresh_volatile(terms)
    assert not in_choice.fresh_volatile(terms)
    assert len(walks) == 2
    monkeypatch.setattr(analysis, "is_user_function", lambda name: name == "abs")
    assert in_choice.fresh_volatile(terms)


@pytest.mark.parametrize("sql, fresh", [
    (QUERIES[0], False), (QUERIES[1], False), (QUERIES[2], False), (QUERIES[3], True),
    (QUERIES[4], False),
])
def test_answers_of_the_level_by_level_walk(engines, sql, fresh):
    """The answer the walk of every level gave (``_reference``) for each term."""
    terms = analysis.conjuncts(_bound(engines[0], sql).where)
    assert [_reference(t) for t in terms] == [in_choice._fresh(t) for t in terms]
    assert in_choice.fresh_volatile(terms) is fresh


def _reference(expr) -> bool:
    """``_fresh`` as it was: ``calls_volatile`` of the level first, then its operands."""
    if in_choice.plain_comparison(expr) or isinstance(expr, in_choice.Once) or \
            not analysis.calls_volatile(expr):
        return False
    if isinstance(expr, (b.Compare, b.InList, b.Binary, b.Unary, b.Collate)):
        return any(map(_reference, analysis.children(expr)))
    return True
