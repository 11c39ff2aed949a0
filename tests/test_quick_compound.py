"""The quick path's compounds (rowandb/sql/quick/compound.py): UNION, UNION ALL,
INTERSECT and EXCEPT of one-table SELECTs bound by the quick path against the full path
(sqlglot, RowanDB's parse passes, the binder), compared as data (test_quick_path.plain),
with the Parsed fields the session reads. The statements: every compound of the corpus's
select1-5 scripts (their CREATE statements run first; select4's 1,000 must all be
taken), generated compounds of the one-table arms test_quick_from writes (the same rows
and types as SQLite too), and the shapes that must decline. Then the session: a compound
it runs is prepared by the quick path, and gives SQLite's rows."""

from __future__ import annotations

import random
import re

import pytest

import rowandb
from compat_corpus import require_corpus
from rowandb.sql.quick import quick_prepare
from rowandb.sql.session import open_session
from rowandb.sql.temp_views import SessionCatalog
from tests import test_quick_from
from tests.quick_compare import assert_declined, check_same, quick_takes, records, recorded, \
    result
from tests.test_quick_from import SCHEMA, _expression, filled_pair

schema_session = test_quick_from.schema_session     # (the fixture, t and u made)

_COMPOUND = re.compile(r"\b(UNION|INTERSECT|EXCEPT)\b", re.IGNORECASE)


@pytest.mark.parametrize("script", [f"select{n}.test" for n in range(1, 6)])
def test_the_corpus_compounds_bind_alike(script):
    """Every fourth compound compared (the binder's walk of select4's thousand takes a
    minute and a half); every one must be taken where all are (select4)."""
    session = open_session(":memory:")
    catalog = SessionCatalog(session.db.dictionary, session.temp)
    taken = compounds = 0
    for kind, sql in records(require_corpus() / script):
        sql = sql.strip()                       # (the session's text: split())
        if kind == "statement":
            if sql.upper().startswith("CREATE"):
                session.execute(sql)
        elif _COMPOUND.search(sql):
            compounds += 1
            if compounds % 4 == 0:
                taken += check_same(session, sql)
            else:
                with session.functions.current(), session.limits.in_force():
                    taken += quick_prepare(sql, catalog) is not None
    session.close()
    if script == "select4.test":
        assert (compounds, taken) == (1000, 1000)


_SECOND = "CREATE TABLE w(a INTEGER, b TEXT, c REAL, d, e NUMERIC, f VARCHAR(10))"
_OPS = ["UNION", "UNION ALL", "INTERSECT", "EXCEPT", "union all", "Union\n  All"]


def _arm(rng, width: int) -> str:
    items = [_expression(rng, rng.randint(0, 2)) for _ in range(width)]
    if rng.random() < 0.2:
        items[0] = rng.choice(["count(*)", "max(a)", "sum(c)"])
    items = [item + (" AS k" if rng.random() < 0.2 else "") for item in items]
    sql = f"SELECT {rng.choice(['', 'DISTINCT ', 'ALL '])}{', '.join(items)} FROM "
    sql += rng.choice(["t", "t", "w", "w AS t", "t AS t"])
    if rng.random() < 0.7:
        sql += f" WHERE {_expression(rng, rng.randint(1, 3))}"
    if rng.random() < 0.15:
        sql += " GROUP BY " + rng.choice(["a", "b", "d % 2", "1"])
    return sql


def _compound(rng) -> str:
    width = rng.randint(1, 2)
    sql = _arm(rng, width)
    for _ in range(rng.randint(1, 4)):
        sql += f" {rng.choice(_OPS)} {_arm(rng, width)}"
    return sql


def test_generated_compounds_bind_alike(schema_session):
    rng = random.Random(220400100)
    schema_session.execute(_SECOND)
    taken = sum(check_same(schema_session, _compound(rng)) for _ in range(600))
    assert taken > 120, taken


def test_generated_compounds_match_sqlite():
    """End to end through a connection against SQLite: the rows in their order (SQLite's
    for every operator: a UNION ALL's arms' rows in turn, the others' sorted), their
    types, the names, or the error, for the compounds the path takes."""
    rng = random.Random(220400101)
    ours, theirs = filled_pair(
        [_SECOND, "INSERT INTO w SELECT a + 2, upper(b), c, d, e, f FROM t"])
    compared = 0
    for _ in range(700):
        sql = _compound(rng)
        if " GROUP BY" in sql or not quick_takes(ours._session, sql):
            continue            # (a grouped arm's bare columns: the row read last, by index)
        compared += 1
        assert result(ours, sql) == result(theirs, sql), sql
    assert compared > 150, compared


DECLINES = [
    "SELECT a FROM t UNION SELECT 1", "SELECT 1 UNION SELECT a FROM t",
    "SELECT a FROM t UNION SELECT a, b FROM t", "SELECT a FROM t UNION SELECT a FROM t ORDER BY 1",
    "SELECT a FROM t UNION SELECT a FROM t LIMIT 1",
    "SELECT a FROM t LIMIT 1 UNION SELECT a FROM t",
    "SELECT a FROM t ORDER BY a UNION SELECT a FROM t",
    "SELECT a FROM t UNION SELECT x FROM u WHERE x IN (SELECT a FROM t)",
    "SELECT a FROM t UNION SELECT a FROM v", "SELECT a FROM t UNION SELECT z FROM tt",
    "SELECT a FROM t UNION SELECT a FROM t, u", "SELECT a FROM t UNION SELECT a FROM t JOIN u",
    "SELECT a FROM t UNION VALUES (1)", "SELECT a FROM t UNION", "SELECT a FROM t UNION ALL",
    "SELECT a FROM t UNION SELECT nosuch FROM t", "SELECT a FROM t UNION SELECT a FROM nosuch",
    "SELECT a FROM t UNION UNION SELECT a FROM t", "SELECT a FROM t INTERSECT ALL SELECT a FROM t",
    "SELECT a FROM t EXCEPT SELECT a FROM t WINDOW w AS ()",
    "WITH q AS (SELECT 1) SELECT a FROM t UNION SELECT a FROM t",
    " UNION ".join(["SELECT a FROM t"] * 101),
]


TAKEN = ["SELECT a FROM t UNION SELECT x FROM u", " UNION ".join(["SELECT a FROM t"] * 100),
         "SELECT a FROM t\nUNION\n  ALL\n  SELECT x FROM u WHERE y = 'x'",
         "SELECT 'union select' FROM t UNION SELECT a FROM t",     # (the screen splits it
         "SELECT a FROM t AS union_ EXCEPT SELECT a FROM t t2"]    # wrong; the tokens not)


def test_declines():
    conn = rowandb.connect(":memory:")
    for sql in SCHEMA + ["CREATE VIEW v AS SELECT 1 AS a", "CREATE TEMP TABLE tt(z)"]:
        conn.execute(sql)
    session = conn._session
    assert_declined(session, DECLINES)
    with session.functions.current(), session.limits.in_force():
        assert quick_prepare("SELECT a FROM t UNION SELECT x FROM u", None) is None
    for sql in TAKEN:
        assert check_same(session, sql), sql


def test_the_session_runs_a_compound_by_the_quick_path():
    conn = rowandb.connect(":memory:")
    taken = recorded(conn._session)
    for sql in SCHEMA + ["INSERT INTO t VALUES (1, 'a', 1.0, 1, 1, 'f'), (2, 'A', 2.0, 2, 2, 'g')",
                         "INSERT INTO u VALUES (1, 'x'), (3, 'a')"]:
        conn.execute(sql)
    del taken[:]
    sql = "SELECT b FROM t UNION SELECT y FROM u EXCEPT SELECT y FROM u WHERE x = 1"
    assert conn.execute(sql).fetchall() == [("a",)]    # NOCASE: the first arm's collation
    assert taken and taken[-1] is not None and taken[-1].bound is None  # compiled from it
