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


# -- the quick path: a WHERE tree's terms and truths found once for the five tables ----
FIVE_SCHEMA = [f"CREATE TABLE tab{n}(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, "
               f"col3 INTEGER)" for n in range(5)] + [
    "CREATE INDEX idx_tab1_0 ON tab1 (col0)", "CREATE INDEX idx_tab3_3 ON tab3 (col3, col0)"]
FIVE_ROWS = [f"INSERT INTO tab{n} VALUES({k}, {k * 7 % 11}, {k * 1.5}, {k % 4})"
             for n in range(5) for k in range(12)] + [
    "INSERT INTO tab2 VALUES(99, NULL, NULL, NULL)"]

# truths as parsed that fold (1 OR x, 0 AND x, NOT 0, x IN ()) beside plain terms, an OR
# whose false side is marked, an IN subquery of the statement's table
FIVE = [
    "SELECT pk FROM tab0 WHERE col0 > 3 AND (1 OR col1 < 2) AND col3 BETWEEN 1 AND 3",
    "SELECT pk FROM tab0 WHERE (col0 < 5 OR 0) AND (0 AND col1 > 2 OR col3 = 1)",
    "SELECT pk FROM tab0 WHERE NOT 0 AND ('a' OR col3 IN (1, 2)) OR col1 IS NULL",
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM tab0 WHERE (1 OR col1 > 3) AND "
    "col0 > 1) OR (col3 > 2 AND (0 OR col0 = 4))",
]


def _five(sql: str) -> list:
    return [sql.replace("tab0", f"tab{n}") for n in range(5)]


def test_five_tables_rows_as_sqlite():
    assert_same(FIVE_SCHEMA + FIVE_ROWS, [text + " ORDER BY pk" if "ORDER" not in text
                                          else text for sql in FIVE for text in _five(sql)])


def test_five_tables_mark_a_tree_once_and_bind_as_the_binder(monkeypatch):
    from rowandb.sql.quick import query as quick_query
    from rowandb.sql.quick import table as quick_table
    from rowandb.sql.session import open_session
    from tests.quick_compare import check_same
    monkeypatch.setattr(quick_query, "_KEPT_RESTS", {})
    marked = []
    whole = quick_table._terms
    monkeypatch.setattr(quick_table, "_terms", lambda tree: marked.append(tree) or whole(tree))
    session = open_session(":memory:")
    for sql in FIVE_SCHEMA:
        session.execute(sql)
    for sql in FIVE:
        before = len(marked)
        for text in _five(sql):
            assert check_same(session, text), text
        # the statement's WHERE, and its subquery's: each tree once for the five tables
        assert len(marked) - before == (2 if "IN (SELECT" in sql else 1), sql
    session.close()


# -- contains_subquery's and may_call's answers found in one walk ----------------------
def test_the_second_question_walks_nothing(engines, monkeypatch):
    terms = analysis.conjuncts(_bound(engines[0], QUERIES[4]).where)
    assert [analysis.contains_subquery(t) for t in terms] == [False, False, True]
    monkeypatch.setattr(analysis, "children", lambda expr: pytest.fail(
        "walked a term again for may_call"))
    assert [analysis.may_call(t) for t in terms] == [False, False, True]


def _nodes(expr):
    """Every node of ``expr`` outside the queries of its subqueries."""
    yield expr
    if not isinstance(expr, (b.InSubquery, b.Exists, b.ScalarSubquery)):
        for part in analysis.children(expr):
            yield from _nodes(part)


@pytest.mark.parametrize("sql", QUERIES + [
    "SELECT pk FROM t WHERE abs(a) > 1 OR (b = 2 AND (c LIKE 'x' OR a > (SELECT 1)))",
    "SELECT pk FROM t WHERE (a = 1 OR EXISTS (SELECT 1 FROM u)) AND b < coalesce(a, 2)",
])
@pytest.mark.parametrize("first", ["subquery", "call"])
def test_answers_kept_on_every_node_as_the_whole_walks(engines, sql, first):
    where = _bound(engines[0], sql).where
    subquery_classes = (b.InSubquery, b.Exists, b.ScalarSubquery, b.NullPastSubquery)
    ask = [analysis.contains_subquery, analysis.may_call]
    for node in list(_nodes(where))[::3 if first == "subquery" else 2]:
        for question in ask if first == "subquery" else ask[::-1]:
            question(node)
    for node in _nodes(where):
        inside = list(_nodes(node))
        assert analysis.contains_subquery(node) == any(
            isinstance(n, subquery_classes) for n in inside)
        assert analysis.may_call(node) == any(
            isinstance(n, subquery_classes + (b.Function, b.Like)) for n in inside)


# -- a column-versus-literal comparison's closure kept by what decides it ---------------
KEYED_SCHEMA = [
    "CREATE TABLE k0(i INTEGER, r REAL, t TEXT, n NUMERIC, x)",
    "CREATE TABLE k1(i INTEGER, r REAL, t TEXT, n NUMERIC, x)",
    "INSERT INTO k0 VALUES (1, 1.5, '1', 1, 1), (2, 2.0, 'b', '2', '2'), (NULL, -0.0, 'B', "
    "2.5, x'01'), (3, 3, '3.0', 'x', 3.0)",
    "INSERT INTO k1 SELECT * FROM k0",
]
# the same comparison of two tables (one closure), beside comparisons differing only in
# an affinity, a side or a literal's class, each needing its own
KEYED = [f"SELECT rowid FROM {table} WHERE {term} ORDER BY 1" for term in (
    "i > 1", "1 < i", "i > '1'", "i > 1.0", "r >= 2", "t > 1", "t > '1'", "n = '2'",
    "n = 2", "x = 2", "x = '2'", "'2' = x", "2 < x", "t = 'b'", "r = 0.0", "i <> 3",
) for table in ("k0", "k1")]


def test_keyed_comparisons_as_sqlite():
    assert_same(KEYED_SCHEMA, KEYED)


def test_a_comparison_of_a_second_table_is_not_worked_out_again(monkeypatch):
    from rowandb.planner.exec import expressions
    made = []
    whole = expressions.column_constant
    monkeypatch.setattr(expressions, "column_constant",
                        lambda e, *args: made.append(e) or whole(e, *args))
    mine, _ = connections(KEYED_SCHEMA)
    getattr(expressions, "KEPT_COMPARISONS", {}).clear()     # (those of earlier tests)
    for n in range(5):
        mine.execute(f"SELECT rowid FROM k{n % 2} WHERE i > 1 AND i < 79 OR t = 'v{n}'")
    # i > 1 and i < 79 worked out for the first table; t = 'v0' .. 'v4' each once
    assert len(made) == 2 + 5
