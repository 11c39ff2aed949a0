"""The full path's parse and execution made cheaper (branch fullparse) answer as before.

- a CREATE VIEW's parse, made as the session prepares the statement, is kept as the parse
  of the text the catalog keeps when the two are the same (``parse_cache.keep_statement``):
  the view's first reference parses nothing; a view written otherwise (TEMP, a schema, IF
  NOT EXISTS, a trailing semicolon or comment) is parsed again from its kept text, and
  every reference answers as SQLite's, also after the view is dropped and made again, a
  function it calls is defined, a column it reads is renamed;
- a subquery's run works out whether it opens a table (``expiry.reads_table``) only once
  a statement has expired: a correlated subquery of a statement that nothing expired
  walks no bound tree for it (``tests/test_function_ddl.py`` has the expired runs, each
  against SQLite).
"""

from __future__ import annotations

import pytest

import rowandb
from oracle import assert_same, connections
from rowandb.planner.exec import expiry
from rowandb.sql.parse import parser

# Views written as the catalog keeps them (kept from the session's parse) and written
# otherwise (parsed again from the kept text), each read after it is made.
VIEWS = [
    "CREATE VIEW v AS SELECT a, b FROM t WHERE a = 1",
    "CREATE VIEW v AS SELECT a FROM t WHERE NOT (a = 1)",
    "CREATE VIEW v(x, y) AS SELECT a, b + 1 FROM t",
    "CREATE VIEW v AS SELECT a AS \"x y\", count(*) FROM t GROUP BY a",
    "CREATE VIEW IF NOT EXISTS v AS SELECT a FROM t",
    "CREATE TEMP VIEW v AS SELECT b FROM t",
    "CREATE VIEW main.v AS SELECT a FROM t WHERE b > 1",
    "CREATE VIEW v AS SELECT a FROM t;",
    "CREATE VIEW v AS SELECT a FROM t -- a comment",
    "CREATE VIEW v AS WITH w AS (SELECT a FROM t) SELECT * FROM w",
    "CREATE VIEW v AS SELECT a FROM t UNION SELECT b FROM t",
    "CREATE VIEW v AS SELECT a, (SELECT max(b) FROM t AS u WHERE u.a < t.a) FROM t",
]
_SETUP = ["CREATE TABLE t(a INTEGER, b TEXT)", "INSERT INTO t VALUES (1, '2'), (2, 'x'), (3, 3)"]


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_answers_as_sqlite_after_its_parse_is_kept(view):
    assert_same(_SETUP, [view, "SELECT * FROM v", "SELECT * FROM v", "DROP VIEW v",
                         "SELECT * FROM v", view, "SELECT * FROM v"], columns=True)


def test_a_view_written_as_kept_is_parsed_once(monkeypatch):
    """The view's first reference finds its parse kept: ``parser.parse`` (which the parse
    cache calls, the session's parse aside) never sees the view's text."""
    seen = []
    inner = parser.parse

    def counting(sql):
        seen.append(sql)
        return inner(sql)

    connection = rowandb.connect(":memory:")
    connection.execute("CREATE TABLE t(a, b)")
    monkeypatch.setattr(parser, "parse", counting)
    view = "CREATE VIEW v_once AS SELECT a FROM t WHERE b = 2"
    connection.execute(view)
    assert connection.execute("SELECT * FROM v_once").fetchall() == []
    assert view not in seen


def test_a_function_defined_after_the_view_reads_the_view_again():
    """The kept parse is keyed by the functions the connection defines, as every parse
    the cache keeps: a call of a function defined after CREATE VIEW is read anew."""
    mine, theirs = connections(_SETUP)
    for connection in (mine, theirs):
        connection.execute("CREATE VIEW v AS SELECT twice(a) AS d FROM t")
    mine.create_function("twice", 1, lambda x: 2 * x)
    theirs.create_scalar_function("twice", lambda x: 2 * x, 1)
    query = "SELECT d FROM v ORDER BY d"
    assert [tuple(r) for r in mine.execute(query)] == list(theirs.execute(query))


def test_a_renamed_column_under_a_kept_view():
    """Rows and the rewritten text. Not the column names: ``apsw_session`` reads them as
    apsw starts the statement, before SQLite prepares its cached copy again for the new
    schema, so there SQLite still says ``a`` (a fresh cursor of the text says ``c``, as
    RowanDB does)."""
    assert_same(_SETUP, ["CREATE VIEW v AS SELECT a FROM t WHERE a > 1", "SELECT * FROM v",
                         "ALTER TABLE t RENAME COLUMN a TO c", "SELECT * FROM v",
                         "SELECT sql FROM sqlite_schema WHERE name = 'v'"])


def test_a_subquery_run_walks_no_tree_unless_a_statement_expired(monkeypatch):
    walks = []
    inner = expiry.reads_table
    monkeypatch.setattr(expiry, "reads_table", lambda query: walks.append(query) or inner(query))
    mine, theirs = connections(_SETUP)
    query = "SELECT a, (SELECT count(*) FROM t AS x WHERE x.a < t.a) FROM t ORDER BY a"
    assert [tuple(r) for r in mine.execute(query)] == list(theirs.execute(query))
    assert walks == []
