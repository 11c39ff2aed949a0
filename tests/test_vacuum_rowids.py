"""VACUUM gives new rowids where SQLite's does, against SQLite (apsw).

SQLite's VACUUM copies each table by ``INSERT INTO ... SELECT *`` into a new database;
its transfer keeps a row's rowid only where the table has an INTEGER PRIMARY KEY or an
index, and everywhere in VACUUM INTO's copy; any other rowid table -- sqlite_sequence and
sqlite_stat1 too -- gets the rowids 1 to n in rowid order (insert.c, xferOptimization).
Each schema below gets rows with gaps in their rowids, a VACUUM (on ``:memory:`` and on a
directory, read again after reopening) or a VACUUM INTO, then one more INSERT; the rows
with their rowids must be SQLite's.
"""

from __future__ import annotations

import os

import apsw
import pytest

import rowandb

SCHEMAS = [
    "CREATE TABLE t(a)",
    "CREATE TABLE t(a UNIQUE)",
    "CREATE TABLE t(a PRIMARY KEY)",
    "CREATE TABLE t(k INTEGER PRIMARY KEY, a)",
    "CREATE TABLE t(a, b AS (a + 1))",
    "CREATE TABLE t(a, b AS (a * 2) STORED)",
    "CREATE TABLE t(a INT CHECK (a IS NOT 0), b TEXT DEFAULT 'x') STRICT",
    "CREATE TABLE t(a) | CREATE INDEX i ON t(a)",
    "CREATE TABLE t(a) | CREATE INDEX i ON t(a) WHERE a > 1",
    "CREATE TABLE t(a) | CREATE INDEX i ON t(a + 1)",
    "CREATE TABLE t(a) | CREATE INDEX i ON t(a) | DROP INDEX i",
    "CREATE TABLE t(a) | CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
    "CREATE TABLE t(a, b) | ALTER TABLE t ADD COLUMN c DEFAULT 7",
    "CREATE TABLE t(a) | CREATE TABLE u(x) | INSERT INTO u(rowid, x) VALUES (4, 1), (8, 2)",
    "CREATE TABLE t(a) | CREATE TEMP TABLE u(x) | INSERT INTO u(rowid, x) VALUES (4, 1), (8, 2)",
    "CREATE TABLE t(a) | CREATE TABLE u(x PRIMARY KEY, y) WITHOUT ROWID"
    " | INSERT INTO u VALUES (2, 1), (1, 2)",
    "CREATE TABLE t(a) | CREATE TABLE p(x INTEGER PRIMARY KEY AUTOINCREMENT)"
    " | CREATE TABLE q(x INTEGER PRIMARY KEY AUTOINCREMENT)"
    " | CREATE TABLE r(x INTEGER PRIMARY KEY AUTOINCREMENT)"
    " | INSERT INTO p VALUES (NULL) | INSERT INTO q VALUES (NULL) | INSERT INTO r VALUES (NULL)"
    " | DROP TABLE q",
    "CREATE TABLE t(a) | CREATE TABLE s(x) | CREATE INDEX si ON s(x) | INSERT INTO s VALUES (1)"
    " | CREATE TABLE w(y) | CREATE INDEX wi ON w(y) | INSERT INTO w VALUES (2) | ANALYZE"
    " | DROP INDEX si | ANALYZE",
]
READS = ["SELECT rowid, * FROM t", "SELECT rowid, * FROM u", "SELECT rowid, * FROM sqlite_sequence",
         "SELECT rowid, * FROM sqlite_stat1"]


def _fill(db, schema: str) -> None:
    for statement in schema.split(" | "):
        db.execute(statement)
    db.execute("INSERT INTO t(rowid, a) VALUES (9, 1), (2, 2), (5, 3), (7, NULL), (12, 4)")
    db.execute("DELETE FROM t WHERE rowid IN (5, 12)")


def _state(db) -> list:
    found = []
    for read in READS:
        try:
            found.append([tuple(row) for row in db.execute(read).fetchall()])
        except (rowandb.Error, apsw.Error) as error:
            found.append(str(error))
    return found


def _after(db) -> list:
    db.execute("INSERT INTO t(a) VALUES (8)")
    return _state(db)


def _sqlite(schema: str, into: str | None = None) -> list:
    db = apsw.Connection(":memory:")
    _fill(db, schema)
    if into is None:
        db.execute("VACUUM")
        return _after(db)
    db.execute(f"VACUUM INTO '{into}'")
    return _after(apsw.Connection(into))


@pytest.mark.parametrize("schema", SCHEMAS)
def test_vacuum_rowids_in_memory(schema):
    mine = rowandb.connect(":memory:", isolation_level=None)
    _fill(mine, schema)
    mine.execute("VACUUM")
    assert _after(mine) == _sqlite(schema)


@pytest.mark.parametrize("schema", [s for s in SCHEMAS if "TEMP" not in s])
def test_vacuum_rowids_on_disk(schema, tmp_path):
    path = os.fspath(tmp_path / "db")
    mine = rowandb.connect(path, isolation_level=None)
    _fill(mine, schema)
    mine.execute("VACUUM")
    mine.close()
    again = rowandb.connect(path, isolation_level=None)
    assert _after(again) == _sqlite(schema)


@pytest.mark.parametrize("schema", [s for s in SCHEMAS if "TEMP" not in s])
def test_vacuum_into_keeps_rowids(schema, tmp_path):
    mine = rowandb.connect(":memory:", isolation_level=None)
    _fill(mine, schema)
    mine.execute(f"VACUUM INTO '{os.fspath(tmp_path / 'copy')}'")
    copy = rowandb.connect(os.fspath(tmp_path / "copy"), isolation_level=None)
    assert _after(copy) == _sqlite(schema, os.fspath(tmp_path / "sqlite.db"))

