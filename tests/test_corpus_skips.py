"""Steps a corpus query took at every node or every statement that could change nothing
for its shape, skipped after one cheap question (branch planrules).

* ``ExpressionCompiler.condition`` asks once, at an AND/OR node, whether it holds a
  subquery; when none, its levels are compiled without asking at each one whether the
  right operand goes first (``_plain_condition``): a long WHERE term of ORs beside an
  ``IN (SELECT ...)`` asked it at every level.
* The parser's width check of IN lists and VALUES rows (``list_widths.check_widths``, a
  walk of the whole tree) runs only when a VALUES or an IN after a closing parenthesis
  (a row before it) is in the text (``list_widths.may_differ``); ``x IN (...)`` has no
  width to compare.
* The binder's search for a subquery's place among the statement's SELECTs
  (``result_texts._position``, for its result items' texts) compares it with no query it
  lies inside: sqlglot's equality hashed the statement's whole tree for each subquery.

Rows, errors and column names must be SQLite's (apsw) in either case.
"""

from __future__ import annotations

import pytest

from oracle import assert_same, connections
from rowandb.planner.exec import expressions
from rowandb.sql.parse import list_widths, parser, result_texts

SCHEMA = [
    "CREATE TABLE t(a INT, b INT, c TEXT)", "CREATE INDEX t_b ON t(b)",
    "CREATE TABLE u(x INT, y INT)",
    "INSERT INTO t VALUES (1, 2, 'x'), (2, NULL, 'y'), (3, -1, 'z'), (4, 9, NULL)",
    "INSERT INTO u VALUES (1, 2), (2, 3), (NULL, 2)",
]

_OVERFLOW = "abs(a - 9223372036854775807 - 2)"     # 'integer overflow' where it runs

# AND/OR/NOT trees with and without subqueries, NULLs deciding, and an operand that
# raises where it runs: which operands run is the order SQLite codes them in
CONDITIONS = [
    "SELECT a FROM t WHERE b > 1 OR c = 'z' OR a IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE (b > 1 OR c IS NULL) AND NOT (a = 2 OR b < 0)",
    f"SELECT a FROM t WHERE a > 5 AND {_OVERFLOW}",
    f"SELECT a FROM t WHERE (a > 5 AND {_OVERFLOW}) OR a IN (SELECT x FROM u)",
    f"SELECT a FROM t WHERE a IN (SELECT x FROM u) AND (a < 0 AND {_OVERFLOW})",
    f"SELECT a FROM t WHERE (b IS NULL OR {_OVERFLOW}) AND a IN (SELECT y FROM u)",
    f"SELECT a FROM t WHERE NOT (a < 9 OR {_OVERFLOW}) OR EXISTS (SELECT 1 FROM u)",
    "SELECT a FROM t WHERE (b > 0) IS NOT TRUE AND (c = 'x' OR b IS NULL)",
    "SELECT a FROM t WHERE ((b = 2 OR b = 9) AND c <> 'q') IS FALSE",
    "SELECT a, (b > 1 OR c = 'z') AND NOT c IS NULL FROM t",
    "SELECT a FROM t WHERE CASE WHEN b > 1 OR c IS NULL THEN 1 END",
    "SELECT a FROM t WHERE (SELECT max(y) FROM u) > 2 OR b BETWEEN 0 AND 5 OR c = 'y'",
]

WIDTHS = [
    "SELECT (1, 2) IN ((1, 2), (1, 2, 3))", "SELECT (1, 2) NOT IN ((1, 2), (3))",
    "SELECT ((1, 2)) IN ((1, 2), (1))", "VALUES (1, 2), (3)", "SELECT 1 IN (1, (2, 3))",
    "SELECT (1, 2) IN ((1, 2), (3, 4))", "SELECT 2 IN (1, 2) AND (1, 2) IN ((1, 2), (3, 4, 5))",
    "SELECT a FROM t WHERE (a, b) NOT IN ((1, 2), (5))", "SELECT a FROM t WHERE a IN (1, 2)",
    "SELECT a FROM t WHERE a NOT IN (SELECT x FROM u) AND (b, a) IN ((2, 1), (9))",
]


def test_conditions_match_sqlite():
    assert_same(SCHEMA, CONDITIONS)


def test_widths_match_sqlite():
    assert_same(SCHEMA, WIDTHS)


def test_a_chain_without_subqueries_is_not_asked_at_every_level(monkeypatch):
    mine, _ = connections(SCHEMA)
    asked = []
    rhs_first = expressions.ExpressionCompiler._rhs_first
    monkeypatch.setattr(expressions.ExpressionCompiler, "_rhs_first",
                        lambda self, e: asked.append(e) or rhs_first(self, e))
    chain = " OR ".join(f"(b = {i} AND c <> 'q{i}')" for i in range(40))
    rows = mine.execute(f"SELECT a FROM t WHERE ({chain}) AND a IN (SELECT x FROM u)")
    assert rows.fetchall() == [(1,)]
    assert len(asked) <= 2              # the top AND only; on base one per level: 80


@pytest.mark.parametrize("sql, walked", [
    ("SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x = t.b) OR b NOT IN (1, 2)", False),
    ("SELECT a FROM t WHERE abs(a) IN (SELECT x FROM u WHERE x = t.b)", True),
    ("SELECT a FROM t WHERE (a, b) NOT IN ((1, 2)) OR EXISTS (SELECT 1 FROM u)", True),
    ("SELECT a FROM t WHERE a IN (VALUES (1))", True),
])
def test_the_width_walk_only_where_a_width_may_differ(monkeypatch, sql, walked):
    """(Statements the quick path does not take -- a correlated IN subquery, a row value,
    VALUES -- so the parser's own passes run: ``may_differ`` is asked.)"""
    mine, _ = connections(SCHEMA)
    calls, asked = [], []
    check, differ = list_widths.check_widths, parser.may_differ
    monkeypatch.setattr(parser, "check_widths", lambda *a: calls.append(a) or check(*a))
    monkeypatch.setattr(parser, "may_differ", lambda *a: asked.append(a) or differ(*a))
    mine.execute(sql).fetchall()
    assert asked, "the full path's parse never ran"
    assert bool(calls) is walked


# a subquery's result names by its place in the text, two equal subqueries among them
NAMES = [
    "SELECT * FROM (SELECT x FROM u) AS p WHERE x IN (SELECT x FROM u)",
    "SELECT (SELECT y FROM u WHERE x = a), * FROM (SELECT a + 1, a FROM t WHERE a IN "
    "(SELECT x FROM u)) AS s",
    "SELECT * FROM (SELECT a FROM t WHERE b IN (SELECT y FROM u)), "
    "(SELECT  a FROM t WHERE b IN (SELECT y FROM u))",
]


def test_result_names_match_sqlite():
    assert_same(SCHEMA, NAMES, columns=True)


class _Node:
    """A stand-in tree node: a parent link and an equality that counts its uses."""

    compared: list = []

    def __init__(self, parent=None, shape="s"):
        self.parent, self.shape = parent, shape

    def __eq__(self, other):
        _Node.compared.append(self)
        return self.shape == other.shape

    __hash__ = object.__hash__


def test_a_subquery_is_not_compared_with_the_queries_around_it():
    root = _Node()
    middle = _Node(_Node(root))
    inner = _Node(_Node(middle))
    twin = _Node(root)                  # equal in shape, written before ``inner``
    _Node.compared = []
    assert result_texts._position([root, middle, inner], inner) == 2
    assert result_texts._position([root, twin, inner], inner) == 2     # its own place
    assert _Node.compared == []         # on base: root and middle each compared whole
    copy = _Node(_Node(middle))         # a copy of ``inner``: not among the nodes itself
    assert result_texts._position([root, middle, inner], copy) == 2
    assert _Node.compared == [inner]    # not root nor middle, which hold it
    assert result_texts._position([root, middle], _Node(shape="other")) is None
