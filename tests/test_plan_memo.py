"""Work the planner and the compiler do once per statement instead of several times.

* ``optimizer/search_memo.py``: a table's best search by a list of WHERE terms is worked
  out once while a statement is planned, though ``plan/one_row_order.py`` asks it (once
  for a lone table, more for a join's) and ``choose_index`` once more. The memo must tell apart what changes the answer:
  the table's alias and slot, INDEXED BY and NOT INDEXED, the terms and their order --
  the queries below ask the same terms of the same table under each, in one statement:
  their rows must be SQLite's, and their plans those made without the memo.
* ``reorder_joins`` gives a row source without a join back before taking it apart.
* an affinity's converter is one function shared by every comparison compiled.
"""

from __future__ import annotations

import contextlib
import importlib
import re

import pytest

from rowandb.planner.exec import comparison_sides
from rowandb.planner.optimizer import search_memo
from rowandb.planner.plan import build
from test_differential import typed_rows
from oracle import connections

# the modules (the package's names of the same spelling are the rules' functions)
choose_index = importlib.import_module("rowandb.planner.optimizer.choose_index")
reorder_joins = importlib.import_module("rowandb.planner.optimizer.reorder_joins")

SCHEMA = [
    "CREATE TABLE t(a INT, b INT, c TEXT)",
    "CREATE UNIQUE INDEX t_a ON t(a)", "CREATE INDEX t_b ON t(b)",
    "CREATE INDEX t_bc ON t(b, c)", "CREATE INDEX t_p ON t(c) WHERE b > 0",
    "INSERT INTO t VALUES (1, 2, 'x'), (2, 2, 'y'), (3, -1, 'z'), (4, NULL, 'x')",
]

# the same terms of the same table asked under another alias, INDEXED BY, NOT INDEXED,
# in another order, in one statement; without ORDER BY the rows come in the loops' order
QUERIES = [
    "SELECT a FROM t WHERE b = 2 ORDER BY c",
    "SELECT a FROM t WHERE a = 2 ORDER BY c",
    "SELECT x.a, y.a FROM t AS x, t AS y WHERE x.b = 2 AND y.b = 2 ORDER BY x.c, y.a",
    "SELECT a, c FROM t WHERE b = 2 AND a IN (SELECT a FROM t INDEXED BY t_bc WHERE b = 2)",
    "SELECT a, c FROM t WHERE b = 2 AND a IN (SELECT a FROM t NOT INDEXED WHERE b = 2)",
    "SELECT a FROM t WHERE c = 'x' AND b > 0 "
    "AND a IN (SELECT a FROM t INDEXED BY t_p WHERE c = 'x' AND b > 0) ORDER BY a",
    "SELECT a FROM t WHERE b = 2 AND c = 'y' UNION ALL "
    "SELECT a FROM t WHERE c = 'y' AND b = 2 ORDER BY 1",
    "SELECT (SELECT count(*) FROM t AS u WHERE u.b = 2), a FROM t WHERE b = 2 ORDER BY a",
    "SELECT a, (SELECT group_concat(u.a) FROM t AS u INDEXED BY t_bc WHERE u.b = t.b) "
    "FROM t NOT INDEXED WHERE b = 2",
]


@pytest.fixture(scope="module")
def engines():
    return connections(SCHEMA)


def _plan(connection, sql: str) -> str:
    """The plan of ``sql`` (its subqueries' too) as the planner's nodes print, the ids
    keying the subqueries' plans masked."""
    session = connection._live_session()
    parsed = session._parse(sql, sql)
    return re.sub(r"\b\d{9,}\b", "#", repr(build.plan_select(session._bind_parsed(parsed))))


@pytest.mark.parametrize("sql", QUERIES)
def test_searches_kept_per_plan_change_no_plan(engines, sql, monkeypatch):
    mine, theirs = engines
    assert typed_rows(mine.execute(sql).fetchall()) == typed_rows(theirs.execute(sql).fetchall())
    kept = _plan(mine, sql)
    monkeypatch.setattr(search_memo, "_memo", [])
    monkeypatch.setattr(search_memo, "kept", contextlib.nullcontext)
    assert _plan(mine, sql) == kept     # each search worked out anew: the same plan


def test_a_one_table_order_by_searches_its_table_once(engines, monkeypatch):
    mine, _ = engines
    calls = []
    searched = choose_index._searched

    def counted(*args):
        calls.append(args)
        return searched(*args)
    monkeypatch.setattr(choose_index, "_searched", counted)
    assert mine.execute("SELECT a FROM t WHERE b = 2 AND a > 0 ORDER BY c").fetchall() == \
        [(1,), (2,)]
    assert len(calls) == 1          # without the memo: one_row_order, choose_index


def test_no_join_no_chain_taken_apart(engines, monkeypatch):
    mine, _ = engines
    calls = []
    flatten = reorder_joins.flatten
    monkeypatch.setattr(reorder_joins, "flatten", lambda node: calls.append(node) or flatten(node))
    assert mine.execute("SELECT a FROM t WHERE b = 2 AND c > 'a' ORDER BY a").fetchall() == \
        [(1,), (2,)]
    assert calls == []
    mine.execute("SELECT x.a FROM t AS x, t AS y WHERE x.a = y.b").fetchall()
    assert calls                    # a join is still ordered


def test_an_affinitys_converter_is_shared():
    numeric = comparison_sides.converter("NUMERIC")
    assert numeric is comparison_sides.converter("NUMERIC")
    assert numeric("12") == 12 and comparison_sides.converter("TEXT")(12) == "12"
    assert comparison_sides.converter(None) is None
