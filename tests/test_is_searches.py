"""``x IS v`` and ``x IS NULL`` search an index as ``x = v`` does, against SQLite (apsw).

SQLite's WHERE analysis counts ``IS`` (WO_IS) and ``IS NULL`` (WO_ISNULL) among the
operators that fill an index key by equality (where.c, whereLoopAddBtreeIndex), so it
searches by them wherever it would by ``=`` -- a NULL value then finds the entries whose
key is NULL -- and computes the value before the loop, even over an empty table (fuzz
103000108: ``pk IS like(NULL, NULL, 'a1B2')`` is SQLite's 'ESCAPE expression must be a
single character' though no row is read). ``IS NULL`` of a NOT NULL column searches
nothing (indexColumnNotNull), and a single-key UNIQUE index searched by ``IS`` may find
several rows (no WHERE_ONEROW), so a LEFT JOIN of it is no no-op. Each query must give
SQLite's rows, in its order, and the SCAN/SEARCH lines of its EXPLAIN QUERY PLAN (but
where RowanDB's lines differ in form: an alias, a subquery's lines).
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from oracle import assert_same

SETUP = [
    "CREATE TABLE t(pk TEXT PRIMARY KEY, b)", "CREATE TABLE u(a, b)",
    "CREATE INDEX ua ON u(a)", "CREATE TABLE w(c, d NOT NULL, e)",
    "CREATE INDEX wde ON w(d, e)", "CREATE TABLE e(pk TEXT PRIMARY KEY, q)",
    "CREATE TABLE n(k TEXT COLLATE NOCASE, v)", "CREATE INDEX nk ON n(k)",
    "INSERT INTO t VALUES ('x', 1), (NULL, 2), (NULL, 3), ('y', 4)",
    "INSERT INTO u VALUES ('x', 1), (NULL, 2), (NULL, 3), (4, 4), ('y', NULL)",
    "INSERT INTO w VALUES (1, 2, NULL), (2, 2, 3), (3, 4, NULL)",
    "INSERT INTO n VALUES ('A', 1), ('a', 2), (NULL, 3)",
]

QUERIES = [
    # fuzz 103000108: the searched value is computed before the loop over an empty table
    "SELECT * FROM e WHERE pk IS like(NULL, NULL, 'a1B2')",
    "SELECT * FROM e WHERE pk IS json_extract(0, 0)",
    "SELECT * FROM e WHERE pk = like(NULL, NULL, 'a1B2')",
    "SELECT * FROM t WHERE pk IS NULL", "SELECT * FROM t WHERE pk IS 'x'",
    "SELECT * FROM t WHERE pk IS (SELECT NULL)", "SELECT * FROM u WHERE a IS NULL",
    "SELECT * FROM u WHERE a IS 4 AND b = 4", "SELECT * FROM u WHERE unlikely(a IS NULL)",
    "SELECT * FROM u WHERE a IS NOT NULL", "SELECT * FROM w WHERE d IS NULL",
    "SELECT * FROM w WHERE d IS 2 AND e IS NULL", "SELECT * FROM w WHERE d = 2 AND e IS 3",
    "SELECT * FROM n WHERE k IS 'a'", "SELECT * FROM n WHERE k IS 'a' COLLATE BINARY",
    "SELECT * FROM n WHERE k IS NULL",
    "SELECT * FROM t, u WHERE u.a IS t.pk", "SELECT * FROM u, t WHERE u.a IS t.pk",
    "SELECT * FROM u AS x, u AS y WHERE x.a IS y.b",
    "SELECT * FROM u LEFT JOIN t ON t.pk IS u.a",
    "SELECT * FROM u LEFT JOIN t ON t.pk IS NULL",
    "SELECT u.a FROM u LEFT JOIN t ON t.pk IS u.a",
    "SELECT DISTINCT u.a FROM u LEFT JOIN t ON t.pk IS u.a",
    "SELECT u.a FROM u LEFT JOIN t ON t.pk = u.a",
]


def test_is_searches_give_sqlites_rows():
    assert_same(SETUP, QUERIES)


def _plan(connection, sql: str) -> list:
    lines = [row[-1] for row in connection.execute("EXPLAIN QUERY PLAN " + sql)]
    return [line.removesuffix(" LEFT-JOIN") for line in lines
            if line.startswith(("SCAN", "SEARCH"))]


def assert_same_plan(setup, sql: str) -> None:
    """``sql``'s SCAN/SEARCH lines are SQLite's, both engines given ``setup``."""
    theirs, mine = apsw.Connection(":memory:"), rowandb.connect(":memory:")
    for statement in setup:
        theirs.execute(statement)
        mine.execute(statement)
    assert _plan(mine, sql) == _plan(theirs, sql)


@pytest.mark.parametrize("sql", [q for q in QUERIES if "json_extract" not in q
                                 and "like(" not in q and "DISTINCT" not in q
                                 and "SELECT NULL" not in q and " AS " not in q])
def test_is_searches_plan_as_sqlite(sql):
    assert_same_plan(SETUP, sql)
