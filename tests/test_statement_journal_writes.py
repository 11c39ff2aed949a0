"""Which failing writes undo what a user function they called wrote: SQLite gives a
statement a statement journal only when it is a write of several rows
(planner/exec/multi_write.py), so inside a transaction a one-row write that fails keeps
the row its function inserted into another table, and a write of several rows undoes it.
Each statement runs inside BEGIN on both engines; the outcome's class, the function's
table and the written table must agree."""

from __future__ import annotations

import apsw
import pytest

import rowandb

SCHEMA = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c NOT NULL)",
    "CREATE TABLE r(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b UNIQUE ON CONFLICT REPLACE, c)",
    "CREATE TABLE n(a INTEGER PRIMARY KEY, c)",
    "CREATE TABLE u(x)",
    "CREATE TABLE p(k PRIMARY KEY)",
    "CREATE TABLE ch(r REFERENCES p(k))",
    "CREATE INDEX chr ON ch(r)",
    "CREATE TABLE ca(id INTEGER PRIMARY KEY AUTOINCREMENT, r REFERENCES p(k) UNIQUE)",
    "CREATE TABLE cd(r REFERENCES p(k) DEFERRABLE INITIALLY DEFERRED)",
    "CREATE TEMP TABLE tp(k PRIMARY KEY)",
    "CREATE TEMP TABLE tc(r REFERENCES tp(k))",
    "INSERT INTO t VALUES (1, 1, 1), (2, 2, 2)",
    "INSERT INTO r VALUES (1, 1, 1), (2, 2, 2)",
    "INSERT INTO n VALUES (1, 1)",
    "INSERT INTO p VALUES (1)",
]

STATEMENTS = [
    # one row found by the rowid or a UNIQUE key: no journal, the side row stays
    "UPDATE t SET c = w(NULL) WHERE a = 1",
    "UPDATE t SET b = w(2) WHERE a = 1",
    "UPDATE t SET b = w(2) WHERE b = 1",
    "UPDATE t SET c = w(NULL) WHERE a = 1 AND b = 1",
    "INSERT INTO t VALUES (1, w(5), NULL) ON CONFLICT(a) DO UPDATE SET c = NULL",
    "INSERT INTO t VALUES (3, w(1), 3)",
    "INSERT INTO t VALUES (3, 3, w(NULL))",
    "INSERT OR REPLACE INTO n VALUES (w(1), NULL)",
    # a one-row INSERT into a child whose foreign key fails: SQLite checks before it
    # writes, RowanDB after; only its own row is undone, not the function's
    "INSERT INTO ch VALUES (w(5))",
    "INSERT OR IGNORE INTO ch VALUES (w(5))",
    "INSERT OR FAIL INTO ch VALUES (w(5))",
    "INSERT OR ROLLBACK INTO ch VALUES (w(5))",
    "INSERT INTO ch(rowid, r) VALUES (7, w(5))",
    "INSERT INTO ch VALUES (w(5)) ON CONFLICT DO NOTHING",
    "INSERT INTO ca(r) VALUES (w(5))",
    "INSERT INTO tc VALUES (w(5))",
    # several rows, or a search that may find several: a journal undoes the side row
    "UPDATE t SET c = w(NULL) WHERE c = 1",
    "UPDATE t SET c = w(NULL) WHERE a >= 1",
    "UPDATE t SET c = w(NULL)",
    "UPDATE t SET c = w(NULL) WHERE a IN (1, 2)",
    "INSERT INTO t VALUES (3, 3, 3), (4, w(1), 4)",
    "INSERT INTO t SELECT 5, w(1), 5",
    "INSERT INTO t VALUES (3, w(3), 3) RETURNING a",
    "INSERT INTO ch SELECT w(5)",
    "INSERT INTO ch VALUES (w(5)), (1)",
    "INSERT INTO ch VALUES (w(5)) RETURNING r",
    # REPLACE that deletes through an index: a journal
    "INSERT OR REPLACE INTO t VALUES (w(1), 2, NULL)",
    "INSERT INTO r VALUES (w(1), 2, 5)",
    "UPDATE OR REPLACE t SET b = w(2), c = NULL WHERE a = 1",
    # succeeding writes keep everything on both
    "INSERT OR REPLACE INTO t VALUES (w(1), 2, 5)",
    "INSERT INTO t VALUES (w(4), 4, 4) ON CONFLICT DO NOTHING",
    "DELETE FROM t WHERE a = w(1)",
    "INSERT INTO cd VALUES (w(5))",
]


def _sqlite(sql: str):
    con = apsw.Connection(":memory:")
    con.execute("PRAGMA foreign_keys = ON")
    for statement in SCHEMA:
        con.execute(statement)

    def w(value):
        con.execute("INSERT INTO u VALUES ('side')")
        return value
    con.create_scalar_function("w", w, 1)
    con.execute("BEGIN")
    try:
        list(con.execute(sql))
        outcome = "ok"
    except apsw.ConstraintError:
        outcome = "IntegrityError"
    return outcome, _dump(lambda q: list(con.execute(q)))


def _rowandb(sql: str):
    con = rowandb.connect(":memory:")
    con.execute("PRAGMA foreign_keys = ON")
    for statement in SCHEMA:
        con.execute(statement)
    con.commit()

    def w(value):
        con.execute("INSERT INTO u VALUES ('side')")
        return value
    con.create_function("w", 1, w)
    con.execute("BEGIN")
    try:
        con.execute(sql)
        outcome = "ok"
    except rowandb.IntegrityError:
        outcome = "IntegrityError"
    return outcome, _dump(lambda q: [tuple(r) for r in con.execute(q).fetchall()])


def _dump(query):
    return [query(f"SELECT * FROM {name} ORDER BY rowid") for name in
            ("u", "t", "r", "n", "ch", "ca", "cd", "tc", "sqlite_sequence")]


@pytest.mark.parametrize("sql", STATEMENTS)
def test_a_failing_write_undoes_a_functions_row_as_sqlite_does(sql):
    assert _rowandb(sql) == _sqlite(sql)
