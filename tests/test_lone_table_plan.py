"""A lone table's plan made with fewer steps, the same plan (branch indexplan, issue 12).

* ``optimize`` runs only the rules that can change one table's loop (``LONE_RULES``:
  fold, hoist, push down, choose the index) when the row source is a table scan under
  Filters; the join rules, ``push_into_cte``, ``function_arguments``, ``index_order``,
  ``hash_join`` and ``whole_index`` gave it back unchanged, and the WHERE's terms as
  written (``written_terms``) were listed for ``reorder_joins`` alone.
* ``one_row_order``: for one table without an ON, whether the loop finds one row and
  whether it is order-distinct are answered from one best search (``_lone_satisfied``),
  not by the join's walk over the FROM items (``_distinct_slots``, ``join_kinds``).

The plans (EXPLAIN QUERY PLAN) and rows must be SQLite's; the counting tests fail on
daac88a, where every rule ran and the join's walk was made for one table.
"""

from __future__ import annotations

import re

import pytest

from rowandb.planner import optimizer
from rowandb.planner.plan import build, one_row_order
from test_differential import typed_rows
from oracle import connections

SCHEMA = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b INT, c TEXT, d INT NOT NULL, e INT NOT NULL)",
    "CREATE UNIQUE INDEX t_b ON t(b)", "CREATE INDEX t_c ON t(c)",
    "CREATE UNIQUE INDEX t_de ON t(d, e)",
    "CREATE TABLE u(x INT, y INT)", "CREATE UNIQUE INDEX u_xy ON u(x, y)",
    "CREATE TABLE w(p INT, q INT)",
    "INSERT INTO t VALUES (1, 2, 'x', 1, 1), (2, 3, 'y', 1, 2), (3, NULL, 'z', 2, 1), "
    "(4, NULL, 'x', 2, 2), (5, 7, NULL, 3, 3)",
    "INSERT INTO u VALUES (1, 2), (2, 3), (4, 5), (NULL, 2), (2, NULL)",
    "INSERT INTO w VALUES (1, 1), (2, 2), (3, 3)",
]

# one-table ORDER BYs SQLite's short cut, a one-row loop or an order-distinct loop leave
# uncoded, and ones they do not; terms reading an enclosing query's row; INDEXED BY
ORDERED = [
    "SELECT c FROM t WHERE a = 2 ORDER BY c",
    "SELECT c FROM t WHERE b = 3 ORDER BY c DESC",
    "SELECT c FROM t WHERE b IS 3 ORDER BY c",
    "SELECT c FROM t WHERE d = 1 AND e = 2 ORDER BY c",
    "SELECT c FROM t WHERE d = 1 AND e IS 2 ORDER BY c",
    "SELECT c FROM t WHERE d = 1 ORDER BY c",
    "SELECT c FROM t WHERE d = 1 ORDER BY e",
    "SELECT c FROM t WHERE c = 'x' ORDER BY a DESC",
    "SELECT c FROM t WHERE b = 2 ORDER BY (SELECT max(y) FROM u)",
    "SELECT c FROM t WHERE b = 2 ORDER BY 1 + 1",
    "SELECT c FROM t INDEXED BY t_c WHERE b = 2 AND c > 'a' ORDER BY d",
    "SELECT c FROM t NOT INDEXED WHERE b = 2 ORDER BY c",
    "SELECT x, (SELECT c FROM t WHERE b = u.y ORDER BY c) FROM u ORDER BY x, y",
    "SELECT x, (SELECT c FROM t WHERE b = u.y AND d = 1 AND e = 2 ORDER BY a) FROM u "
    "ORDER BY x, y",
    "SELECT x FROM u WHERE EXISTS (SELECT 1 FROM t WHERE a = u.x AND c > 'a' ORDER BY c) "
    "ORDER BY x",
    "SELECT x, y FROM u WHERE x = 2 AND y = 3 ORDER BY y",
    "SELECT x, y FROM u WHERE x = 2 ORDER BY y DESC",
    "SELECT p FROM w WHERE p = 2 ORDER BY q",
    "SELECT p FROM w WHERE rowid = 2 ORDER BY q",
    "SELECT c FROM t WHERE a = 2 ORDER BY (SELECT 1 FROM u INDEXED BY u_xy)",
]

# one table's loop, and a join and a FROM subquery beside it (every rule then runs)
LOOPS = [
    "SELECT a FROM t WHERE b = 2",
    "SELECT a FROM t WHERE c > 'a' AND d IN (1, 3)",
    "SELECT a FROM t WHERE abs(random()) < 0 OR a = 1",
    "SELECT p, q FROM w WHERE p > 1",
    "SELECT a FROM t, w WHERE t.a = w.p AND w.q > 1",
    "SELECT a FROM (SELECT a, b FROM t) WHERE b = 2",
    "SELECT p FROM w WHERE 1 = 1 AND p IN (SELECT x FROM u)",
]


@pytest.fixture(scope="module")
def engines():
    return connections(SCHEMA)


def _outcome(connection, sql: str):
    """The loops and sorts EXPLAIN QUERY PLAN shows (RowanDB's full sort, its ``ORDER BY``
    node, read as SQLite's line), and the rows."""
    try:
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
        plan = sorted("USE TEMP B-TREE FOR ORDER BY" if line.startswith("ORDER BY ") else line
                      for line in plan if re.match(r"(SCAN|SEARCH|USE TEMP|ORDER BY )", line))
        return plan, typed_rows(connection.execute(sql).fetchall())
    except Exception as error:      # noqa: BLE001 - the error is the outcome compared
        return type(error).__name__, str(error)


# SQLite's plan lines for subqueries are its own (RowanDB shows them with their query):
# their rows are compared, and the plans of the rest
SUBQUERIES = [sql for sql in ORDERED + LOOPS if sql.count("SELECT") > 1]


@pytest.mark.parametrize("sql", [sql for sql in ORDERED + LOOPS if sql not in SUBQUERIES])
def test_plans_and_rows_as_sqlite(engines, sql):
    mine, theirs = engines
    assert _outcome(mine, sql) == _outcome(theirs, sql)


@pytest.mark.parametrize("sql", SUBQUERIES)
def test_rows_as_sqlite(engines, sql):
    mine, theirs = engines
    assert _outcome(mine, sql)[1] == _outcome(theirs, sql)[1]


def _bound(connection, sql: str):
    session = connection._live_session()
    return session._bind_parsed(session._parse(sql, sql))


def _counted(monkeypatch, module, name: str) -> list:
    calls: list = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kwargs: calls.append(args) or
                        real(*args, **kwargs))
    return calls


@pytest.mark.parametrize("sql", LOOPS[:4])
def test_a_lone_loop_runs_the_lone_rules_only(engines, monkeypatch, sql):
    mine, _ = engines
    bound = _bound(mine, sql)
    written = _counted(monkeypatch, optimizer, "written_terms")
    build.plan_select(bound)
    assert written == []                # listed for reorder_joins, which has no join here


@pytest.mark.parametrize("sql", LOOPS[4:5])
def test_a_join_runs_every_rule(engines, monkeypatch, sql):
    mine, _ = engines
    bound = _bound(mine, sql)
    written = _counted(monkeypatch, optimizer, "written_terms")
    build.plan_select(bound)
    assert len(written) == 1


@pytest.mark.parametrize("sql", ORDERED[:9])
def test_a_lone_order_by_walks_no_join(engines, monkeypatch, sql):
    mine, _ = engines
    bound = _bound(mine, sql)
    kinds = _counted(monkeypatch, one_row_order, "join_kinds")
    build.plan_select(bound)
    assert kinds == []


def test_lone_rules_are_a_part_of_the_rules_in_their_order():
    rules = list(optimizer.RULES)
    positions = [rules.index(rule) for rule in optimizer.LONE_RULES]
    assert positions == sorted(positions)
