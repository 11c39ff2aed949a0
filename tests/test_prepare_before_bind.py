"""A statement's prepare error comes before the error of binding its values.

SQLite prepares a statement before any value is bound to it, and apsw and Python's
sqlite3 bind only a prepared statement: ``SELECT nosuch, ?`` run with no values is 'no
such column: nosuch', not the count of bindings. Each statement here holds an error
SQLite's prepare finds and is run with values that do not bind (too few, too many, a
mapping for ``?``, a mapping without the name, a value that cannot be adapted); the
error must be the one apsw reports, through ``execute`` and (for DML) ``executemany``.
A statement without such an error keeps the binding error (its rows check that the
prepare step adds no error of its own).
"""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb

SCHEMA = ("CREATE TABLE t(a, b); CREATE INDEX ti ON t(a); INSERT INTO t VALUES (1, 2);"
          "CREATE TABLE p(x); CREATE TABLE c(y REFERENCES p(x));"     # c's key: a mismatch
          "CREATE TEMP TABLE tt(z UNIQUE); CREATE INDEX ttz ON tt(z);"
          "CREATE TEMP VIEW tv AS SELECT 1")

# statements whose prepare fails in SQLite, each holding one or two parameters
PREPARE_ERRORS = [
    "SELECT nosuch, ?", "SELECT ?, nosuch", "SELECT * FROM nosuch WHERE a = ?",
    "INSERT INTO nosuch VALUES (?)", "INSERT INTO t VALUES (?, ?, ?)",
    "INSERT INTO t(nosuch) VALUES (?)", "UPDATE t SET a = ? WHERE nosuch",
    "UPDATE t SET nosuch = ?", "DELETE FROM t WHERE nosuch = ?", "SELECT ?1, :x, nosuch",
    "SELECT count(*) FROM t WHERE a = ? GROUP BY 5", "SELECT abs(?, ?)", "SELECT nofunc(?)",
    "SELECT ? FROM t ORDER BY 3", "SELECT (SELECT ?, 2)",
    "SELECT a FROM t WHERE a IN (SELECT ?, ?)",
    "SELECT ? LIMIT nosuch", "WITH c AS (SELECT ?) SELECT x FROM c",
    "SELECT ? UNION SELECT 1, 2", "SELECT * FROM t WHERE a = ? AND nosuch",
    "SELECT ?, (SELECT nosuch FROM t)", "INSERT INTO t SELECT ?, nosuch",
    "INSERT INTO t VALUES (?, 1) ON CONFLICT (nosuch) DO NOTHING",
    "DELETE FROM t WHERE a = ? RETURNING nosuch", "SELECT a FROM t INDEXED BY nosuch WHERE a = ?",
    "SELECT max(?) OVER nosuchw", "SELECT ? FROM t WHERE count(*)",
    "CREATE INDEX tj ON t(nosuch) WHERE a > ?", "CREATE VIEW v AS SELECT ?",
    "INSERT INTO c VALUES (?)", "DELETE FROM p WHERE x = ?",
    # EXPLAIN prepares the statement it explains; DDL holding a query prepares the query
    "EXPLAIN SELECT nosuch, ?", "EXPLAIN QUERY PLAN SELECT nosuch, ?",
    "EXPLAIN SELECT * FROM nosuch WHERE a = :x", "EXPLAIN QUERY PLAN SELECT ?1, :x, nosuch",
    "EXPLAIN QUERY PLAN INSERT INTO t VALUES (?, ?, ?)", "EXPLAIN UPDATE t SET nosuch = ?",
    "EXPLAIN QUERY PLAN DELETE FROM t WHERE nosuch = ?", "EXPLAIN SELECT abs(?, ?)",
    "EXPLAIN QUERY PLAN SELECT a FROM t WHERE a IN (SELECT ?, ?)",
    "CREATE TABLE n AS SELECT nosuch, ?", "CREATE TABLE n AS SELECT :x, nosuch",
    "CREATE TABLE n AS SELECT ?1 FROM nosuch", "CREATE VIEW v AS SELECT nosuch, ?",
    "CREATE VIEW v(x) AS SELECT ?, ?", "CREATE TEMP VIEW v AS SELECT nosuch + :a",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT nosuch, ?; END",
    "CREATE TRIGGER tr AFTER INSERT ON nosuch BEGIN SELECT ?; END",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t VALUES (?1, :x); END",
    # DROP, REINDEX and ANALYZE look up what they name as they are prepared (ddl_lookups.py)
    "DROP TABLE nosuch", "DROP TABLE main.nosuch", "DROP TABLE temp.t", "DROP TABLE tv",
    "DROP TABLE main.tt", "DROP TABLE aux.t", "DROP TABLE sqlite_master", "DROP VIEW t",
    "DROP VIEW nosuch", "DROP VIEW tt", "DROP VIEW temp.v", "DROP VIEW sqlite_temp_schema",
    "DROP INDEX nosuch", "DROP INDEX main.ttz", "DROP INDEX sqlite_autoindex_tt_1",
    "DROP INDEX temp.ti", "DROP TRIGGER nosuch", "DROP TABLE json_each",
    "REINDEX nosuch", "REINDEX aux.t", "REINDEX temp.t", "REINDEX main.tt",
    "ANALYZE nosuch", "ANALYZE aux.t", "ANALYZE main.nosuch", "ANALYZE temp.t",
    "ANALYZE main.tt",
]
# statements SQLite prepares without an error: the binding's error stays
PREPARED = ["SELECT ?", "SELECT ?, :x", "INSERT INTO t VALUES (?, ?)", "UPDATE t SET a = ?",
            "DELETE FROM t WHERE a = ?", "SELECT * FROM t WHERE a IN (SELECT ?)"]
# values that do not bind, whatever the statement's parameters
VALUES = [(), (1, 2, 3), {"nosuchname": 1}, (object(),)]

_POSITION = re.compile(r" \(line \d+, column \d+\)$")


def _sqlite(sql: str, values):
    """('prepare', message) when SQLite's prepare fails, else ('bind',)."""
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys = ON;" + SCHEMA)
    try:
        db.execute(sql, values)            # apsw prepares, then binds
    except apsw.SQLError as error:
        return "prepare", str(error)
    except (apsw.BindingsError, KeyError, TypeError):
        return ("bind",)
    return ("ran",)


def _rowandb(sql: str, values, many: bool, in_transaction: bool = False):
    db = rowandb.connect(":memory:", isolation_level=None)
    db.executescript(SCHEMA)
    before = db.execute("SELECT * FROM t").fetchall()
    if in_transaction:
        db.execute("BEGIN")                 # executemany's path inside a transaction
    try:
        if many:
            db.executemany(sql, [values])
        else:
            db.execute(sql, values)
    except rowandb.OperationalError as error:
        found = "prepare", _POSITION.sub("", str(error))
    except rowandb.ProgrammingError:
        found = ("bind",)
    else:
        found = ("ran",)
    assert db.execute("SELECT * FROM t").fetchall() == before      # nothing changed
    db.close()
    return found


def _cases():
    for sql in PREPARE_ERRORS + PREPARED:
        for values in VALUES:
            if values == (1, 2, 3) and sql.count("?") + sql.count(":") >= 3:
                continue
            yield sql, values


@pytest.mark.parametrize("sql,values", list(_cases()))
def test_prepare_error_before_binding(sql, values):
    expected = _sqlite(sql, values)
    assert _rowandb(sql, values, many=False) == expected
    kind = sql.split()[0]
    if kind in ("INSERT", "UPDATE", "DELETE"):
        assert _rowandb(sql, values, many=True) == expected
        assert _rowandb(sql, values, many=True, in_transaction=True) == expected


def test_the_errors_are_prepare_errors():
    """Every statement of PREPARE_ERRORS fails to prepare in SQLite, none of PREPARED."""
    assert all(_sqlite(sql, ())[0] == "prepare" for sql in PREPARE_ERRORS)
    assert all(_sqlite(sql, ()) == ("bind",) for sql in PREPARED)


if __name__ == "__main__":
    failed = [(s, v) for s, v in _cases()
              if _rowandb(s, v, False) != _sqlite(s, v)]
    print(len(failed), "of", len(list(_cases())), "differ")
    for case in failed:
        print(case)
