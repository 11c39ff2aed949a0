"""The cuts of branch ``indexdelete`` (docs/PERFORMANCE.md) outside the quick DELETE
(test_quick_delete.py): ``analysis.reads_table`` answers an INSERT's VALUES list of
literals without walking it (``literal_rows``), and every other source is still walked
-- an INSERT whose source reads the table written fills a temporary table first
(SQLite's useTempTable), so the rows it inserts are SQLite's."""

from __future__ import annotations

import apsw
import pytest

from rowandb.planner.plan.analysis import literal_rows, reads_table
from rowandb.sql.session import open_session
from rowandb.sql.statement_text import parse_one


@pytest.fixture(scope="module")
def session():
    s = open_session(":memory:")
    s.execute("CREATE TABLE t(a, b)")
    s.execute("CREATE TABLE u(a, b)")
    yield s
    s.close()


def _source(session, sql: str):
    with session.functions.current(), session.limits.in_force():
        stmt, _ = session._bind_parsed(parse_one(sql, sql))
    return stmt.source, stmt.table


LITERAL = ["INSERT INTO t VALUES (1, 2)", "INSERT INTO t VALUES (-1, 'x'), (2.5, NULL)",
           "INSERT INTO t(b) VALUES (X'00')"]
NOT_LITERAL = [
    ("INSERT INTO t VALUES (1, (SELECT count(*) FROM t))", True),
    ("INSERT INTO t VALUES (1, 2), ((SELECT max(a) FROM t), 3)", True),
    ("INSERT INTO t VALUES (1 + 1, abs(-2))", False),
    ("INSERT INTO t SELECT * FROM u", False), ("INSERT INTO t SELECT * FROM t", True),
    ("INSERT INTO t SELECT 1, 2 UNION ALL SELECT a, b FROM t", True),
    ("INSERT INTO t VALUES (1, 2) UNION ALL SELECT a, b FROM t", True),
    ("INSERT INTO t SELECT * FROM (VALUES (1, 2)) WHERE (SELECT count(*) FROM t)", True),
]


@pytest.mark.parametrize("sql", LITERAL)
def test_literal_values_read_no_table(session, sql):
    source, table = _source(session, sql)
    assert literal_rows(source) and not reads_table(source, table)


@pytest.mark.parametrize("sql,reads", NOT_LITERAL)
def test_other_sources_are_walked(session, sql, reads):
    source, table = _source(session, sql)
    assert not literal_rows(source)
    assert reads_table(source, table) is reads


def test_inserted_rows_as_in_sqlite():
    """Literal rows, then sources that read the table written (each row of them made
    before any is inserted), then literal rows into a table whose INSERT trigger reads
    it: the same rows as SQLite's."""
    statements = ["CREATE TABLE t(a, b)", "CREATE TABLE log(n)",
                  "INSERT INTO t VALUES (1, 1), (2, 2)",
                  "INSERT INTO t VALUES (3, (SELECT count(*) FROM t)), (4, 4)",
                  "INSERT INTO t SELECT a + 10, b FROM t",
                  "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                  "INSERT INTO log SELECT count(*) FROM t; END",
                  "INSERT INTO t VALUES (5, 5), (6, 6)", "INSERT INTO t VALUES (7, 7)"]
    expected, ours = apsw.Connection(":memory:"), open_session(":memory:")
    for db in (expected, ours):
        for sql in statements:
            db.execute(sql)
    for query in ("SELECT * FROM t ORDER BY rowid", "SELECT * FROM log ORDER BY rowid"):
        assert [tuple(r) for r in ours.execute(query).rows] == \
            [tuple(r) for r in expected.execute(query)], query
    ours.close()
