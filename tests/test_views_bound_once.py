"""A view's query bound once for the reference whose expansion worked out its columns
(rowandb/sql/bind/view_kept.py): the kept binding against the view bound again, compared
as data (test_quick_path.plain) for whole statements. The statements: the view queries
of the corpus's index/view script (each view's first reading after the schema changed is
the one that works out its columns, so the widths are forgotten before each binding) and
hand-written ones where the kept binding must not serve (a subquery or a view bound
before it, a compound's later arm, a view over a view, a column list of the wrong
length, an error under the view); then the rows and errors against SQLite."""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb
from oracle import connections
from compat_corpus import require_corpus
from rowandb.sql.bind import view_kept
from rowandb.sql.session import open_session
from rowandb.sql.statement_text import parse_one
from tests.quick_compare import plain, records

SCHEMA = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE, c REAL)",
    "INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', NULL), (3, 'Three', 3.0)",
    "CREATE TABLE u(x, y)",
    "INSERT INTO u VALUES (1, 2), (3, 4), (NULL, 'a')",
    "CREATE VIEW v AS SELECT a, b FROM t WHERE c IS NOT NULL",
    "CREATE VIEW vl(p, q) AS SELECT a, c FROM t",
    "CREATE VIEW vv AS SELECT a FROM v WHERE a > 1",
    "CREATE VIEW vs AS SELECT x, (SELECT max(a) FROM t) AS m FROM u",
    "CREATE VIEW vg AS SELECT b, count(*) AS n FROM t GROUP BY b",
    "CREATE VIEW vwide(p) AS SELECT a, b FROM t",
    "CREATE VIEW vbad AS SELECT nope FROM t",
]
QUERIES = [
    "SELECT * FROM v", "SELECT a, b FROM v WHERE a = 1", "SELECT p FROM vl ORDER BY q",
    "SELECT * FROM vv", "SELECT * FROM vs", "SELECT * FROM vg ORDER BY n, b",
    "SELECT * FROM v, vl WHERE a = p", "SELECT * FROM v UNION ALL SELECT * FROM vv, v",
    "SELECT (SELECT count(*) FROM v), * FROM vl",
    "SELECT * FROM vl WHERE p IN (SELECT a FROM v)",
    "SELECT * FROM u WHERE EXISTS (SELECT 1 FROM vv WHERE a = x)",
    "SELECT * FROM (SELECT * FROM v) AS s JOIN vg ON s.b = vg.b",
    "WITH w AS (SELECT * FROM v) SELECT * FROM w, vv",
    "SELECT * FROM vwide", "SELECT * FROM vbad", "SELECT nope FROM v",
    "SELECT count(*) FROM v GROUP BY b HAVING count(*) > 0",
]


def _bound(session, sql: str):
    """The statement bound with every view's columns unknown, as after a schema change."""
    session.db.dictionary.view_widths.clear()
    with session.functions.current(), session.limits.in_force():
        try:
            return plain(session._bind_parsed(parse_one(sql, sql)))
        except rowandb.DatabaseError as error:
            return plain(error)


def _check(session, sql: str, monkeypatch) -> None:
    monkeypatch.setattr(view_kept, "ENABLED", True)
    kept = _bound(session, sql)
    monkeypatch.setattr(view_kept, "ENABLED", False)
    again = _bound(session, sql)
    assert kept == again, sql


def test_hand_written_view_queries_bind_alike(monkeypatch):
    session = open_session(":memory:")
    for sql in SCHEMA:
        session.execute(sql)
    taken = view_kept.TAKEN[0]
    for sql in QUERIES:
        _check(session, sql, monkeypatch)
    assert view_kept.TAKEN[0] - taken >= 8         # the kept binding served most
    session.close()


def test_the_corpus_view_queries_bind_alike(monkeypatch):
    path = require_corpus() / "index/view/10_slt_good_1.test"
    session = open_session(":memory:")
    taken, compared = view_kept.TAKEN[0], 0
    for n, (kind, sql) in enumerate(records(path)):
        if kind == "statement":
            try:
                session.execute(sql)
            except rowandb.DatabaseError:
                pass
        elif "view_" in sql and n % 7 == 0:
            _check(session, sql, monkeypatch)
            compared += 1
    assert compared > 200 and view_kept.TAKEN[0] - taken > compared // 2
    session.close()


@pytest.mark.parametrize("sql", QUERIES)
def test_view_queries_match_sqlite(sql):
    rowan, sqlite = connections(SCHEMA)
    try:
        got = ("rows", sorted(map(repr, rowan.execute(sql).fetchall())))
    except rowandb.Error as error:
        got = ("error", str(error))
    try:
        want = ("rows", sorted(map(repr, sqlite.execute(sql))))
    except apsw.Error as error:
        want = ("error", re.sub(r"^\w+Error: ", "", str(error)))
    assert got == want
