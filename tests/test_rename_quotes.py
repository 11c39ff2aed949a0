"""SQLite's quote fix (renameFixQuotes, src/alter.c): before RENAME COLUMN and DROP COLUMN
every double-quoted name the schema reads as a string becomes a single-quoted string, in
CHECKs, generated columns, index expressions and WHERE, views and triggers -- of main, and
of temp when the table is main's -- while a DEFAULT's stays, and RENAME TO and ADD COLUMN
change none (sql/alter_table/quote_fix.py).

``CASES`` are scripts run on RowanDB and on SQLite (apsw): every statement's outcome and
then sqlite_schema and sqlite_temp_schema must be the same. ``test_generated_schemas``
builds schemas mixing double-quoted strings and double-quoted names in every such place,
runs each ALTER form over them, compares, and reopens the database from disk to prove the
rewritten texts still load.
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from test_alter import _SCHEMA, _outcome, assert_answers_as_sqlite
from test_storage_support import close

_TEMP_SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_temp_schema"
_BASE = "CREATE TABLE t(a, b, f)"

CASES = [
    # fuzz 94000105: a generated column's "xY"
    [_BASE, 'CREATE TABLE u(c9 INT AS (length("xY")), d)', "ALTER TABLE t RENAME COLUMN f TO g"],
    [_BASE, 'CREATE TABLE u(x DEFAULT "dq1", y AS ("dq3" || x), z CHECK (z != "dq""4"), '
            'CHECK ("x" > "it\'s"))', "ALTER TABLE t RENAME COLUMN f TO g"],
    [_BASE, 'CREATE TABLE u(x DEFAULT "dq1", y AS ("dq3" || x), z CHECK (z != "dq""4"), '
            'CHECK ("x" > "it\'s"))', "ALTER TABLE t DROP COLUMN f"],
    [_BASE, 'CREATE TABLE u(x DEFAULT "dq1", y AS ("dq3" || x))', "ALTER TABLE t RENAME TO t2"],
    [_BASE, 'CREATE TABLE u(x DEFAULT "dq1", y AS ("dq3" || x))', "ALTER TABLE t ADD COLUMN z"],
    [_BASE, 'CREATE INDEX i ON t(a, ("dq7" || b)) WHERE "dq8" < a',
     "ALTER TABLE t RENAME COLUMN f TO g"],
    [_BASE, 'CREATE INDEX i ON t(a, ("dq7" || b)) WHERE "dq8" < a', "ALTER TABLE t DROP COLUMN f"],
    # a lone index term "x" read as a string becomes 'x', which names a column x
    [_BASE, 'CREATE INDEX i ON t(a, "dq6")', "ALTER TABLE t RENAME COLUMN f TO g",
     "ALTER TABLE t DROP COLUMN f", "ALTER TABLE t RENAME TO t2"],
    [_BASE, 'CREATE INDEX i ON t(a, "dq6" COLLATE nocase DESC)', "CREATE TABLE o(x, y)",
     "ALTER TABLE o RENAME COLUMN y TO z", "ALTER TABLE o DROP COLUMN y"],
    [_BASE, 'CREATE VIEW v AS SELECT "a", "dq9", "it\'s" FROM t WHERE "b" = "dq10"',
     "ALTER TABLE t RENAME COLUMN f TO g"],
    [_BASE, 'CREATE VIEW v AS SELECT "dq9"\'alias\', "x"AS"y" FROM t', "ALTER TABLE t DROP COLUMN f"],
    [_BASE, 'CREATE VIEW v AS SELECT a AS x, "dq" FROM t ORDER BY "x", "dq2"',
     "ALTER TABLE t RENAME COLUMN a TO dq"],
    [_BASE, 'CREATE VIEW w AS SELECT "dq" FROM t', 'CREATE VIEW v AS SELECT "dq2", * FROM w',
     "ALTER TABLE t RENAME COLUMN b TO c"],
    [_BASE, 'CREATE VIEW v AS WITH c AS (SELECT "dq" AS k) SELECT "dq" IN (SELECT "dq2" FROM t), '
            'max("dq3") OVER (ORDER BY "dq4") FROM c UNION SELECT "dq5", 1',
     "ALTER TABLE t DROP COLUMN f"],
    [_BASE, 'CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT "dq11", new."a"; '
            'INSERT INTO t(a) VALUES ("dq12"); END', "ALTER TABLE t RENAME COLUMN f TO g"],
    [_BASE, 'CREATE TRIGGER tr AFTER UPDATE ON t WHEN "dq" = new.a BEGIN UPDATE t SET b = "dq2" '
            'WHERE "dq3"; DELETE FROM t WHERE a = "dq4"; END', "ALTER TABLE t DROP COLUMN f"],
    [_BASE, 'CREATE VIEW w AS SELECT a FROM t',
     'CREATE TRIGGER tr INSTEAD OF INSERT ON w BEGIN SELECT "dq"; END',
     "ALTER TABLE t RENAME COLUMN f TO g"],
    [_BASE, 'CREATE TEMP VIEW tv AS SELECT "dq13", "a" FROM t', "ALTER TABLE t RENAME COLUMN f TO g"],
    [_BASE, 'CREATE TEMP TRIGGER ttr AFTER INSERT ON t BEGIN SELECT "dq"; END',
     "ALTER TABLE t DROP COLUMN f"],
    [_BASE, 'CREATE TEMP TABLE tt(p CHECK (p <> "dq"))', 'CREATE INDEX temp.ti ON tt("dq" || p)',
     "ALTER TABLE t RENAME COLUMN f TO g", "ALTER TABLE t DROP COLUMN f"],
    # a TEMP table's ALTER fixes the temp schema only
    [_BASE, 'CREATE VIEW v AS SELECT "dq" FROM t', 'CREATE TEMP TABLE tt(p, q CHECK (q <> "dq"))',
     'CREATE TEMP VIEW tv AS SELECT "dq2" FROM tt', "ALTER TABLE tt RENAME COLUMN p TO r",
     "ALTER TABLE tt DROP COLUMN r"],
]


@pytest.mark.parametrize("script", CASES, ids=lambda s: " | ".join(s[1:])[:90])
def test_rename_column_and_drop_column_fix_quotes_as_sqlite_does(script):
    assert_same(script)


def assert_same(script):
    theirs, ours = assert_answers_as_sqlite(script)
    assert ours(_TEMP_SCHEMA) == theirs(_TEMP_SCHEMA)


# -- the generator ---------------------------------------------------------------------
_STRINGS = ['"zz"', '"it\'s"', '"q""uote"', '""', '"a b"', '"ZZ"']
_NAMES = ['"a"', "a", '"B"', "[b]"]          # t's columns, double-quoted or not
_OBJECTS = [
    "CREATE TABLE u(p DEFAULT {s}, q AS ({s} || p), r CHECK (r <> {s}), CHECK (\"p\" > {s}))",
    "CREATE TABLE u2(p, q INT CHECK ({s} = \"q\") AS (length({s})) STORED)",
    "CREATE INDEX i1 ON t({n}, ({s} || {n})) WHERE {s} < {n}",
    "CREATE UNIQUE INDEX i2 ON t(({n} = {s}) DESC) WHERE {n} IS NOT {s}",
    "CREATE VIEW v1 AS SELECT {n}, {s}, {s}'al', {n} AS \"x\" FROM t WHERE {n} = {s} ORDER BY {s}",
    "CREATE VIEW v2 AS SELECT {s} FROM t GROUP BY {s} HAVING {n} = {s}",
    "CREATE VIEW v3 AS SELECT * FROM (SELECT {s} AS k, {n} FROM t) WHERE k = {s}",
    "CREATE TRIGGER tr1 AFTER INSERT ON t BEGIN SELECT {s}, new.{n}; "
    "UPDATE t SET b = {s} WHERE {n} = {s}; END",
    "CREATE TRIGGER tr2 BEFORE DELETE ON t WHEN old.{n} <> {s} BEGIN "
    "INSERT INTO t(a, b) SELECT {s}, {n} FROM t; END",
    "CREATE TEMP VIEW tv AS SELECT {s}, {n} FROM t",
    "CREATE TEMP TRIGGER ttr AFTER UPDATE ON t BEGIN SELECT {s} WHERE new.{n} = {s}; END",
    "CREATE TEMP TABLE tt(p CHECK (p <> {s}), q AS ({s} || p))",
]
_ALTERS = ["ALTER TABLE t RENAME COLUMN f TO g", 'ALTER TABLE t RENAME COLUMN f TO "zz"',
           "ALTER TABLE t DROP COLUMN f", "ALTER TABLE t RENAME TO t2",
           "ALTER TABLE t ADD COLUMN z", "ALTER TABLE t RENAME COLUMN a TO aa",
           "ALTER TABLE u RENAME COLUMN r TO rr", "ALTER TABLE u DROP COLUMN r"]


def _scripts(count: int):
    rng = random.Random(94000105)
    for _ in range(count):
        objects = [o.format(s=rng.choice(_STRINGS), n=rng.choice(_NAMES)).replace(
            "{s}", rng.choice(_STRINGS)) for o in rng.sample(_OBJECTS, rng.randint(1, 5))]
        yield [_BASE, "INSERT INTO t VALUES (1, 'zz', 3)"] + objects + \
            rng.sample(_ALTERS, rng.randint(1, 3))


@pytest.mark.parametrize("script", list(_scripts(60)), ids=lambda s: str(len(s)))
def test_generated_schemas(script, tmp_path):
    assert_same(script)
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    theirs = apsw.Connection(str(tmp_path / "sqlite.db"))
    ours = _run(conn)
    for sql in script:
        if "TEMP" not in sql:
            assert _outcome(ours, sql) == _outcome(_sqlite(theirs), sql), sql
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)       # the new texts load
    ours = _run(conn)
    assert ours(_SCHEMA) == theirs.execute(_SCHEMA).fetchall()
    for (name,) in theirs.execute("SELECT name FROM sqlite_schema WHERE type = 'view'"):
        query = f'SELECT * FROM "{name}"'
        assert _outcome(ours, query) == _outcome(_sqlite(theirs), query)
    assert ours("PRAGMA integrity_check") == [("ok",)]
    close(conn)


def _run(conn):
    def run(sql):
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []
    return run


def _sqlite(conn):
    return lambda sql: conn.execute(sql).fetchall()
