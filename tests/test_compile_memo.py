"""Work the compile step and the covering rules keep across statements (branch plancompile).

* ``exec/code_cache.py``: the Python an operator writes for a statement (the index-only
  scan, the fused GROUP BY loop, the fused writers) is compiled once per distinct text;
  each statement runs that one code object in a scope of its own.
* ``optimizer/order_by_index.py``'s ``_index_order``: the order an index delivers, kept
  per index while its columns, form and origin stay.
* ``optimizer/covering.py``'s ``_noted``: what each index of a rowid table holds, kept
  per table and index until the table's columns, its rowid alias or the index's columns
  change. The plans and rows below follow every such change, as SQLite's do.
"""

from __future__ import annotations

import importlib

import pytest

from rowandb.planner.exec import index_only
from test_differential import typed_rows
from oracle import connections

# the module (the package's name of the same spelling is the rule's function)
order_by_index = importlib.import_module("rowandb.planner.optimizer.order_by_index")


def test_an_index_only_scan_is_compiled_once_per_shape(monkeypatch):
    mine, theirs = connections([
        "CREATE TABLE t(a INT, b INT, c TEXT, d TEXT)", "CREATE INDEX t_ab ON t(a, b)",
        "CREATE TABLE u(a INT, b INT, c TEXT, d TEXT)", "CREATE INDEX u_ab ON u(a, b)",
        "INSERT INTO t VALUES (2, 1, 'x', 'y'), (1, NULL, 'z', 'w'), (NULL, 3, '', '')",
        "INSERT INTO u SELECT b, a, d, c FROM t"])
    codes = []
    run = exec

    def kept(code, scope):
        run(code, scope)
        codes.append(scope["scan"].__code__)
    monkeypatch.setattr(index_only, "exec", kept, raising=False)
    for sql in ["SELECT a, b FROM t", "SELECT b FROM u", "SELECT a FROM t WHERE b > 0"]:
        assert mine.execute(sql).fetchall() == list(theirs.execute(sql))
    assert len(codes) == 3 and codes[0] is codes[1] is codes[2]


def _plan(con, sql: str) -> list:
    """The table reads EXPLAIN QUERY PLAN lists (RowanDB's own nodes left out)."""
    return [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
            if row[3].split()[0] in ("SCAN", "SEARCH")]


# each step changes what an index holds or how a query reads the table; the same query
# is planned and run after each, on both engines (each text its own: apsw's cache of
# statements gave an EXPLAIN made before a DROP INDEX back after it)
STEPS = [
    ("CREATE TABLE t(a INT, b INT, c TEXT)", "SELECT b FROM t"),
    ("CREATE INDEX t_ab ON t(a, b)", "SELECT b FROM t"),
    ("INSERT INTO t VALUES (3, 1, 'x'), (1, 2, 'y'), (2, NULL, 'z')", "SELECT b FROM t"),
    ("ALTER TABLE t ADD COLUMN d TEXT", "SELECT b, d FROM t"),
    ("CREATE INDEX t_bd ON t(b, d)", "SELECT b, d FROM t"),
    ("DROP INDEX t_bd", "SELECT b, d FROM t"),
    ("CREATE INDEX t_all ON t(c, a, b, d)", "SELECT * FROM t"),
    ("ALTER TABLE t ADD COLUMN e INT", "SELECT * FROM t"),
    ("ALTER TABLE t RENAME COLUMN b TO bb", "SELECT bb FROM t"),
    ("DROP INDEX t_all", "SELECT bb, a FROM t"),
    ("DROP TABLE t", "SELECT 1"),
    ("CREATE TABLE t(a INTEGER PRIMARY KEY, b INT, c TEXT)", "SELECT a, b FROM t"),
    ("CREATE INDEX t_b ON t(b)", "SELECT a, b FROM t"),
    ("INSERT INTO t VALUES (5, 2, 'p'), (4, 1, 'q')", "SELECT a, b FROM t"),
    ("ALTER TABLE t DROP COLUMN c", "SELECT * FROM t"),
]


def _walk(steps: list) -> None:
    """Each (schema step, query) on both engines: the query's plan and rows as SQLite's."""
    mine, theirs = connections()
    for number, (step, query) in enumerate(steps):
        query = f"{query} -- step {number}"
        mine.execute(step)
        theirs.execute(step)
        assert _plan(mine, query) == _plan(theirs.cursor(), query), (step, query)
        assert typed_rows(mine.execute(query).fetchall()) == \
            typed_rows(list(theirs.execute(query))), (step, query)


def test_what_each_index_holds_follows_the_schema():
    _walk(STEPS)


@pytest.mark.parametrize("sql", [
    "SELECT b FROM t WHERE a > 0", "SELECT a, b FROM t ORDER BY b",
    "SELECT count(*), b FROM t GROUP BY b", "SELECT b FROM t WHERE c IS NULL",
])
def test_covering_marks_as_sqlites(sql):
    setup = ["CREATE TABLE t(a INT, b INT, c TEXT)", "CREATE INDEX t_ab ON t(a, b)",
             "CREATE INDEX t_b ON t(b)", "INSERT INTO t VALUES (1, 2, 'x'), (2, 1, NULL)"]
    mine, theirs = connections(setup)
    assert _plan(mine, sql) == _plan(theirs.cursor(), sql)
    assert typed_rows(mine.execute(sql).fetchall()) == typed_rows(list(theirs.execute(sql)))


# an ORDER BY asks the order of every index of its table (``order_by_index._index_order``,
# kept per index): the same name made again on other columns, or in another direction,
# must give SQLite's plan and rows
ORDER_STEPS = [
    ("CREATE TABLE o(a INT, b INT, c TEXT)", "SELECT a, b FROM o ORDER BY b"),
    ("INSERT INTO o VALUES (1, 3, 'x'), (2, 1, 'y'), (3, 2, NULL), (4, NULL, 'z')",
     "SELECT a, b FROM o ORDER BY b DESC"),
    ("CREATE INDEX o_i ON o(b)", "SELECT a, b FROM o ORDER BY b DESC"),
    ("DROP INDEX o_i", "SELECT a, b FROM o ORDER BY b"),
    ("CREATE INDEX o_i ON o(b DESC, a)", "SELECT a, b FROM o ORDER BY b DESC, a"),
    ("DROP INDEX o_i", "SELECT a, c FROM o ORDER BY c, a"),
    ("CREATE INDEX o_i ON o(c COLLATE NOCASE)", "SELECT a, c FROM o ORDER BY c COLLATE NOCASE"),
    ("CREATE INDEX o_e ON o(a + b)", "SELECT a, b FROM o ORDER BY a + b"),
]


def test_the_order_of_each_index_follows_the_schema():
    _walk(ORDER_STEPS)


def test_an_index_order_is_worked_out_once():
    mine, _ = connections(["CREATE TABLE o(a INT, b INT)", "CREATE INDEX o_ab ON o(a, b)"])
    table = mine._live_session().db.dictionary.table("o")
    index = table.indexes[0]
    first = order_by_index._index_order(table, index)
    assert order_by_index._index_order(table, index) is first
    assert [key.column for key in first.keys] == [0, 1, -1] and not first.unique
