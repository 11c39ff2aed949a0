"""Binding a SELECT asks the dictionary for each name it reads once (temp_views.kept_names).

The binder looks a FROM item's name up several times -- every table before any column, as
SQLite expands a statement first, then binding's own look-ups of tables, views and
table-valued functions -- and a long join (select5 of the corpus joins up to 64 tables)
paid for each. A SELECT's binding changes no schema, so what a name found is kept for the
rest of that binding; statements that change the schema are bound as before, and the next
statement sees the schema as it is then.
"""

from __future__ import annotations

from collections import Counter

from rowandb.sql import session as session_module
from rowandb.sql.statement_text import one_statement


def _session(tables: int):
    session = session_module.open_session(":memory:")
    for k in range(1, tables + 1):
        session.execute(f"CREATE TABLE t{k}(a{k} INTEGER, b{k} INTEGER)")
        session.execute(f"INSERT INTO t{k} VALUES ({k}, {k + 1})")
    return session


def _asked(session, sql: str) -> Counter:
    """How often binding ``sql`` asked the dictionary for each (kind, name): kind "table"
    or "view"."""
    dictionary = session.db.dictionary
    asked: Counter = Counter()
    table, view = dictionary.table, dictionary.view

    def counted_table(name):
        asked["table", name.lower()] += 1
        return table(name)

    def counted_view(name):
        asked["view", name.lower()] += 1
        return view(name)

    dictionary.table, dictionary.view = counted_table, counted_view
    try:
        session._bind_parsed(session._parse(sql, one_statement(sql)))
    finally:
        del dictionary.table, dictionary.view
    return asked


def test_a_long_join_asks_each_name_once():
    session = _session(8)
    names = [f"t{k}" for k in range(1, 9)]
    sql = "SELECT " + ", ".join(f"a{k}" for k in range(1, 9)) + " FROM " + \
        ", ".join(names) + " WHERE " + " AND ".join(f"b{k} = a{k + 1}" for k in range(1, 8))
    asked = _asked(session, sql)
    assert {name for _, name in asked} == set(names)
    assert max(asked.values()) == 1


def test_subqueries_and_a_view_ask_once_too():
    """A view's own query sees main alone (bind_view): its tables are the view's
    business; the statement's names -- in its subqueries too -- are asked once each."""
    session = _session(3)
    session.execute("CREATE VIEW v AS SELECT a1, b1 FROM t1 WHERE b1 > 0")
    asked = _asked(session, "SELECT a3, (SELECT max(a2) FROM t2 WHERE a2 > a3) FROM t3 "
                            "WHERE a3 IN (SELECT a2 FROM t2) AND EXISTS (SELECT 1 FROM t2)")
    assert asked["table", "t2"] == 1 and asked["table", "t3"] == 1
    asked = _asked(session, "SELECT a1, a3 FROM v, t3 WHERE b1 = a3")
    assert asked["view", "v"] == 1 and asked["table", "v"] == 1 and asked["table", "t3"] == 1


def test_the_next_statement_sees_the_schema_as_it_is_then():
    session = _session(2)
    assert list(session.execute("SELECT a1, a2 FROM t1, t2").rows) == [(1, 2)]
    session.execute("DROP TABLE t2")
    session.execute("CREATE VIEW t2 AS SELECT 7 AS a2")
    assert list(session.execute("SELECT a1, a2 FROM t1, t2").rows) == [(1, 7)]
    session.execute("DROP VIEW t2")
    try:
        session.execute("SELECT a1, a2 FROM t1, t2")
    except Exception as error:          # noqa: BLE001 - SQLite's message is the point
        assert str(error) == "no such table: t2"
    else:
        raise AssertionError("t2 was found after it was dropped")
