"""The quick path's DELETE (rowandb/sql/quick/delete.py) against the full path (sqlglot,
RowanDB's parse passes, ``bind_dml.bind_delete``): for every ``DELETE FROM t [WHERE e]``
it takes, the bound statement must be the full path's, every field of every node
(quick_compare.plain), and the Parsed fields the session reads the same. The
statements: every DELETE of ``index/delete`` (its CREATE statements run first), random
WHEREs of the forms the path takes over a table with NOT NULL, collated and rowid-alias
columns, and the forms it must decline. Then end to end against SQLite: the rows a
generated DELETE leaves and its change count, with triggers and foreign keys; and the
session's cache and schema changes."""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from compat_corpus import require_corpus
from rowandb.sql.quick import quick_prepared
from rowandb.sql.quick.delete import quick_delete
from rowandb.sql.session import open_session
from tests.quick_compare import PARSED_FIELDS, bound_alike, quick_of, records, session_with
from tests.test_quick_from import SCHEMA, _expression, filled_pair


def _quick(session, sql: str):
    return quick_of(session, sql, quick_delete)


def _check_same(session, sql: str) -> bool:
    """Whether the quick path took ``sql`` (asserting then that the full path binds it
    to the same statement and the same Parsed fields)."""
    quick = _quick(session, sql)
    if quick is None:
        return False
    parsed, (bound, binder) = quick
    assert binder is None
    bound_alike(session, sql, parsed, bound,
                PARSED_FIELDS + ("returning_texts", "conflict"), lambda full: full[0])
    return True


def test_the_corpus_deletes_bind_alike():
    session = open_session(":memory:")
    taken = deletes = 0
    for kind, sql in records(require_corpus() / "index/delete/10_slt_good_1.test"):
        if kind == "statement" and sql.upper().startswith(("CREATE", "DROP")):
            session.execute(sql)
        elif kind == "statement" and sql.upper().startswith("DELETE"):
            deletes += 1
            taken += _check_same(session, sql)
    session.close()
    assert deletes > 2000 and taken == deletes, (taken, deletes)


def _delete(rng) -> str:
    where = rng.choice(["", f" WHERE {_expression(rng, rng.randint(1, 4))}"])
    return f"DELETE FROM {rng.choice(['t', 'T', 'u'])}{where}"


@pytest.fixture(scope="module")
def schema_session():
    yield from session_with(SCHEMA)


def test_generated_deletes_bind_alike(schema_session):
    rng = random.Random(260000001)
    taken = sum(_check_same(schema_session, _delete(rng)) for _ in range(2000))
    assert taken > 1000, taken


OTHER_TABLES = [
    "CREATE TABLE gc(a INT, b AS (a * 2) NOT NULL, c TEXT AS (a || 'x') STORED)",
    "CREATE TABLE wr(k TEXT PRIMARY KEY, v INT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE st(a INTEGER PRIMARY KEY, b TEXT NOT NULL COLLATE NOCASE) STRICT",
    "CREATE TABLE ch(x INT REFERENCES st(a) ON DELETE CASCADE, y)",
    "CREATE TRIGGER tr BEFORE DELETE ON st BEGIN SELECT 1; END",
    "CREATE INDEX wv ON wr(v) WHERE v > 0",
]
OTHER_DELETES = [
    "DELETE FROM gc WHERE b > 2", "DELETE FROM gc WHERE c IS NULL OR a = 1",
    "DELETE FROM gc WHERE b IS NOT NULL AND 0", "DELETE FROM gc",
    "DELETE FROM wr WHERE k = 'x' OR v IS NULL", "DELETE FROM wr WHERE k NOTNULL AND v > 1",
    "DELETE FROM st WHERE a BETWEEN 1 AND 3 OR b = 'X'", "DELETE FROM st WHERE b IS NULL",
    "DELETE FROM ch WHERE x IN (1, 2, NULL)", "DELETE FROM ch WHERE y = x",
]


def test_other_kinds_of_table_bind_alike():
    """Generated columns, WITHOUT ROWID, STRICT, a foreign key's parent and child, a
    trigger, a partial index."""
    session = open_session(":memory:")
    for sql in OTHER_TABLES:
        session.execute(sql)
    for sql in OTHER_DELETES:
        assert _check_same(session, sql), sql
    session.close()


DECLINED = [
    "DELETE FROM t AS x WHERE a = 1", "DELETE FROM t x", "DELETE FROM main.t",
    "DELETE FROM t INDEXED BY tb WHERE b = 1", "DELETE FROM t NOT INDEXED",
    "DELETE FROM t RETURNING a", "DELETE FROM t WHERE a = 1 RETURNING *",
    "DELETE FROM t ORDER BY a LIMIT 1", "DELETE FROM t LIMIT 1",
    "DELETE FROM t WHERE a IN (SELECT x FROM u)", "DELETE FROM t WHERE (SELECT 1)",
    "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u)", "DELETE FROM t WHERE rowid = 1",
    "DELETE FROM t WHERE t.rowid = 1", "DELETE FROM t WHERE nope = 1",
    "DELETE FROM t WHERE x.a = 1", "DELETE FROM t WHERE count(*) > 1",
    "DELETE FROM t WHERE a = ?", "DELETE FROM t WHERE b LIKE 'a'", "DELETE FROM nothing",
    "DELETE FROM v", "DELETE FROM tt", "DELETE FROM sqlite_master", "DELETE FROM json_each",
    "DELETE FROM g WHERE a = 1", "DELETE t", "DELETE FROM", "DELETE FROM t WHERE",
    "DELETE FROM t WHERE a = 1 AND", "WITH c AS (SELECT 1) DELETE FROM t",
    'DELETE FROM "t"', "DELETE FROM t WHERE " + " + ".join(["a"] * 1001),
]


def test_declines():
    """An alias, a schema, INDEXED BY, RETURNING, ORDER BY / LIMIT, a subquery, a rowid
    name, a name no column has, an aggregate, a parameter, LIKE, no table, a view, a
    temp table, a system table, a table-valued function's name, a table whose
    generated column no statement can code, a syntax error."""
    session = open_session(":memory:")
    for sql in SCHEMA + ["CREATE VIEW v AS SELECT 1", "CREATE TEMP TABLE tt(a)",
                         "CREATE TABLE g(a)", "ALTER TABLE g ADD COLUMN b AS (nofunc(a))"]:
        session.execute(sql)
    for sql in DECLINED:
        assert _quick(session, sql) is None, sql
    assert _quick(session, "DELETE FROM t WHERE a = 1") is not None
    session.close()


def _state(conn, sql: str):
    """What ``sql`` does to t, u and log (their rows, in order) and its change count, or
    the error; undone after."""
    conn.execute("SAVEPOINT s")
    try:
        conn.execute(sql)
        changes = list(conn.execute("SELECT changes()"))
        rows = [list(conn.execute(f"SELECT * FROM {name} ORDER BY rowid"))
                for name in ("t", "u", "log")]
        outcome = rows, changes
    except (apsw.Error, rowandb.Error) as error:
        outcome = "error", str(error)
    conn.execute("ROLLBACK TO s")
    conn.execute("RELEASE s")
    return outcome


def test_generated_deletes_match_sqlite():
    """End to end through a connection against SQLite, with a trigger on t and a
    foreign key from u's x to t's a (ON DELETE CASCADE): the rows left, the trigger's
    log and the change count, or the error."""
    more = ["CREATE TABLE log(a, d)",
            "CREATE TRIGGER tl AFTER DELETE ON t BEGIN INSERT INTO log VALUES (old.a, old.d); "
            "END", "DROP TABLE u",
            "CREATE TABLE u(x INT REFERENCES t(a) ON DELETE CASCADE, y TEXT)",
            "INSERT INTO u VALUES (1, 'a'), (2, 'b'), (5, 'c'), (NULL, 'd')"]
    ours, theirs = filled_pair(["PRAGMA foreign_keys=ON"] + more)
    rng = random.Random(260000002)
    compared = 0
    for _ in range(300):
        sql = _delete(rng).replace("FROM u", "FROM t")
        if _quick(ours._session, sql) is None:
            continue
        compared += 1
        assert _state(ours, sql) == _state(theirs, sql), sql
    assert compared > 150, compared


def test_the_session_takes_it_and_sees_schema_changes():
    conn = rowandb.connect(":memory:")
    session = conn._session
    taken, quick = [], session._quick
    session._quick = lambda statement, version: taken.append(quick(statement, version)) \
        or taken[-1]
    conn.execute("CREATE TABLE t(a, b)")
    conn.execute("INSERT INTO t VALUES (1, 2), (3, 4), (5, 6)")
    sql = "DELETE FROM t WHERE a > 2 AND b < 5"
    assert conn.execute(sql).rowcount == 1
    assert taken[-1] is not None and session.cache[sql].trees_dropped
    assert conn.execute("SELECT * FROM t").fetchall() == [(1, 2), (5, 6)]
    conn.execute("CREATE INDEX tb ON t(b)")     # a new schema version: prepared again
    conn.execute("INSERT INTO t VALUES (3, 4)")
    assert conn.execute(sql).rowcount == 1 and taken[-1] is not None
    conn.execute("DROP TABLE t")
    conn.execute("CREATE TABLE t(b, a)")        # the same names in other places
    conn.execute("INSERT INTO t VALUES (4, 3), (6, 5)")
    assert conn.execute(sql).rowcount == 1
    assert conn.execute("SELECT * FROM t").fetchall() == [(6, 5)]
    conn.execute("CREATE TEMP TABLE t(a, b)")   # a temp table over main: the full path
    conn.execute("INSERT INTO temp.t VALUES (3, 4)")
    assert conn.execute(sql).rowcount == 1 and taken[-1] is None
    assert conn.execute("SELECT count(*) FROM main.t").fetchall() == [(1,)]


def test_an_unknown_table_or_column_gets_sqlite_s_error():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(a)")
    for sql, message in [("DELETE FROM x WHERE a = 1", "no such table: x"),
                         ("DELETE FROM t WHERE b = 1", "no such column: b")]:
        with pytest.raises(rowandb.OperationalError, match=message):
            conn.execute(sql)


def test_quick_prepared_makes_a_cache_entry_without_trees():
    session = open_session(":memory:")
    session.execute("CREATE TABLE t(a)")
    prepared = quick_of(session, "DELETE FROM t WHERE a = 1",
                        lambda sql, catalog: quick_prepared(sql, (0,), catalog))
    assert prepared.trees_dropped and prepared.parsed.tree is None
    assert prepared.parsed.kind == "delete" and prepared.bound[1] is None
    session.close()
