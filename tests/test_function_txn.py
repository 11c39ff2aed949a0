"""Transaction control and schema changes run by a user function while a statement of its
connection runs, differentially against SQLite through apsw: a grid of the outer statement
(a query, INSERT of one row, of a SELECT of another table or of its own, UPDATE, DELETE,
DELETE ... RETURNING, a trigger's INSERT, an INSERT into a temp table) x the transaction
state (autocommit, BEGIN, SAVEPOINT) x the statement the function runs (ROLLBACK, ROLLBACK
TO, BEGIN, SAVEPOINT, COMMIT, RELEASE, temp and main DDL, writes, REINDEX) x the outer
statement failing after it (the function raises) or not. Each compares what the function
saw, the outer statement's rows or error, ``in_transaction``, the schemas and the data
after, and again after a ROLLBACK of what stayed open (sql/transaction_control.py,
sql/statement_journal.py, planner/exec/trips.py)."""

import apsw
import pytest

import rowandb

SETUP = ["CREATE TABLE t(a, c)", "CREATE TABLE log(x)", "CREATE INDEX ti ON t(c)",
         "INSERT INTO t VALUES (1, 1), (2, 2)", "CREATE TABLE u(y)",
         "INSERT INTO u VALUES (5), (6)", "CREATE TEMP TABLE tmp(z)", "INSERT INTO tmp VALUES (1)",
         "CREATE TABLE t2(a)",
         "CREATE TRIGGER tr AFTER INSERT ON t2 BEGIN INSERT INTO log VALUES (f(new.a)); END"]
OUTER = {"select": "SELECT f(a) FROM t", "const": "SELECT f(1)",
         "insert": "INSERT INTO t VALUES (f(3), 3)",
         "insert_other": "INSERT INTO t SELECT f(y), y FROM u",
         "insert_self": "INSERT INTO t SELECT f(a) + 10, c FROM t",
         "update": "UPDATE t SET a = f(a)", "delete": "DELETE FROM t WHERE f(a)",
         "delete_returning": "DELETE FROM t WHERE f(a) RETURNING a",
         "trigger": "INSERT INTO t2 VALUES (7)", "insert_temp": "INSERT INTO tmp VALUES (f(3))"}
STATES = {"auto": [], "begin": ["BEGIN", "INSERT INTO log VALUES (100)"],
          "savepoint": ["SAVEPOINT sp", "INSERT INTO log VALUES (100)"]}
INNER = ["ROLLBACK", "ROLLBACK TO sp", "BEGIN", "SAVEPOINT s", "COMMIT", "RELEASE sp",
         "CREATE TEMP TRIGGER tt AFTER INSERT ON u BEGIN SELECT 1; END",
         "CREATE TEMP TABLE tt(a)", "INSERT INTO tmp VALUES (9)", "CREATE TABLE n(a)",
         "INSERT INTO log VALUES (9)", "REINDEX t"]
CASES = [(outer, state, inner, fail) for outer in OUTER for state in STATES
         for inner in INNER for fail in (False, True)]


class Boom(Exception):
    """What f raises to make the outer statement fail."""


def _describe(error) -> tuple:
    """The PEP 249 class and message of an error of either engine."""
    if isinstance(error, Boom):         # apsw passes the function's exception on
        return ("OperationalError", "user-defined function raised exception")
    if isinstance(error, apsw.Error):
        return ("IntegrityError" if isinstance(error, apsw.ConstraintError)
                else "OperationalError", str(error))
    pep249 = next((cls.__name__ for cls in type(error).__mro__
                   if cls.__module__ == "rowandb.errors"
                   and cls.__name__ in ("IntegrityError", "OperationalError",
                                        "NotSupportedError", "ProgrammingError")),
                  type(error).__name__)
    return pep249, str(error)


def _in_transaction(connection) -> bool:
    if isinstance(connection, apsw.Connection):
        return not connection.getautocommit()
    return connection.in_transaction


def _rows_or_error(connection, sql: str):
    try:
        cursor = connection.execute(sql)
        if isinstance(cursor, apsw.Cursor) or cursor.description is not None:
            return [tuple(row) for row in cursor]
        return []
    except Exception as error:          # noqa: BLE001 -- the answer compared
        return _describe(error)


def _dump(connection) -> tuple:
    schema = sorted(tuple(row) for row in connection.execute(
        "SELECT type, name FROM sqlite_temp_schema UNION ALL SELECT type, name FROM sqlite_schema"))
    return schema, [sorted(tuple(row) for row in connection.execute(f"SELECT * FROM {name}"))
                    for name in ("t", "log", "u", "tmp")]


def _run(connection, create, outer: str, state: str, inner: str, fail: bool) -> tuple:
    said = []

    def f(value):
        if said:
            return value
        try:
            connection.execute(inner)
            said.append("ok")
        except Exception as error:       # noqa: BLE001 -- the answer compared
            said.append(_describe(error))
        said.append(_in_transaction(connection))
        if fail:
            raise Boom()
        return value
    create(f)
    for sql in SETUP + STATES[state]:
        connection.execute(sql)
    outcome = _rows_or_error(connection, OUTER[outer])
    after = [_in_transaction(connection), _dump(connection)]
    if _in_transaction(connection):
        after += [_rows_or_error(connection, "ROLLBACK"), _dump(connection)]
    return said, outcome, after


@pytest.mark.parametrize("outer,state,inner,fail", CASES)
def test_function_statement_matches_sqlite(outer, state, inner, fail):
    lite = apsw.Connection(":memory:")
    expected = _run(lite, lambda f: lite.create_scalar_function("f", f, 1), outer, state,
                    inner, fail)
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert _run(ours, lambda f: ours.create_function("f", 1, f), outer, state, inner,
                fail) == expected


# ROLLBACK (inside BEGIN) or ROLLBACK TO (inside SAVEPOINT) run by f at its first call:
# a write whose cursors were open fails "abort due to ROLLBACK" at its next step; one that
# opens them after reading its rows (into a temporary table, a rowid list) writes them all
# and keeps them, even when a later row fails (the rollback took its statement journal).
ROLLBACK_SHAPES = [
    "INSERT INTO t SELECT f(a) + 10, c FROM t",     # row 3: NOT NULL fails after it
    "INSERT INTO t SELECT a + 10, c FROM t WHERE f(a) OR 1 RETURNING f(a)",
    "DELETE FROM t WHERE f(a) RETURNING a", "UPDATE t SET c = 0 WHERE f(a) IS NOT NULL RETURNING a",
    "DELETE FROM t WHERE f(a) = 0", "UPDATE t SET c = 0 WHERE f(a) = 0",
    "INSERT INTO log SELECT a FROM t WHERE f(a) = 0", "UPDATE t SET c = f(c) + 10",
    "INSERT INTO log VALUES (f(1)), (f(2))", "INSERT INTO log VALUES (9) RETURNING f(x)"]


def _run_rollback(connection, create, state: list, inner: str, outer: str) -> tuple:
    calls = []

    def f(value):
        calls.append(value)
        if len(calls) == 1:
            connection.execute(inner)
        return None if value == 3 else value
    create(f)
    for sql in ["CREATE TABLE t(a NOT NULL, c)", "CREATE TABLE log(x)",
                "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)"] + state:
        connection.execute(sql)
    outcome = _rows_or_error(connection, outer)
    return outcome, _in_transaction(connection), [
        sorted(tuple(row) for row in connection.execute(f"SELECT * FROM {name}"))
        for name in ("t", "log")]


@pytest.mark.parametrize("outer", ROLLBACK_SHAPES)
@pytest.mark.parametrize("state,inner", [(["BEGIN", "INSERT INTO log VALUES (100)"], "ROLLBACK"),
                                         (["SAVEPOINT sp", "INSERT INTO log VALUES (100)"],
                                          "ROLLBACK TO sp")])
def test_rollback_under_a_write_matches_sqlite(state, inner, outer):
    lite = apsw.Connection(":memory:")
    expected = _run_rollback(lite, lambda f: lite.create_scalar_function("f", f, 1), state,
                             inner, outer)
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert _run_rollback(ours, lambda f: ours.create_function("f", 1, f), state, inner,
                         outer) == expected


def _rollback_then_write(connection, create) -> None:
    calls = []

    def f(value):
        calls.append(value)
        if len(calls) == 1:
            connection.execute("ROLLBACK")
        return value
    create(f)
    for sql in ["CREATE TABLE t(a)", "CREATE TABLE log(x)", "INSERT INTO t VALUES (1), (2)",
                "BEGIN", "INSERT INTO log VALUES (100)",
                "INSERT INTO t SELECT f(a) + 10 FROM t"]:
        connection.execute(sql)


def test_rollback_under_a_write_of_a_stored_database(tmp_path):
    """The transaction a ROLLBACK left under a write is the write's to commit: the rows it
    wrote after the rollback (its INSERT read them into a temporary table first) are
    durable, and the database reopened reads as SQLite's :memory: one."""
    lite = apsw.Connection(":memory:")
    _rollback_then_write(lite, lambda f: lite.create_scalar_function("f", f, 1))
    path = str(tmp_path / "db")
    ours = rowandb.connect(path, isolation_level=None)
    _rollback_then_write(ours, lambda f: ours.create_function("f", 1, f))
    assert ours.in_transaction == (not lite.getautocommit())
    ours.close()
    again = rowandb.connect(path)
    for sql in ["SELECT a FROM t ORDER BY a", "SELECT x FROM log"]:
        assert again.execute(sql).fetchall() == [tuple(row) for row in lite.execute(sql)]
    assert again.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


# A ROLLBACK or ROLLBACK TO of a transaction that changed a schema trips every cursor,
# reads too, and expires every statement (sqlite3RollbackAll; OP_Savepoint): each running
# statement, a query too, fails "abort due to ROLLBACK" (RowanDB: a query once its rows are
# read, so its function may be called on later rows -- not compared here).
SCHEMA_ROLLBACKS = [(["BEGIN", "CREATE TABLE z(a)"], "ROLLBACK"),
                    (["BEGIN", "SAVEPOINT sp", "CREATE TABLE z(a)"], "ROLLBACK TO sp"),
                    (["BEGIN", "CREATE TABLE z(a)", "SAVEPOINT sp"], "ROLLBACK TO sp"),
                    (["BEGIN", "CREATE TEMP TABLE z(a)"], "ROLLBACK")]
SCHEMA_OUTER = ["SELECT f(a) FROM t", "SELECT f(a), (SELECT count(*) FROM log) FROM t",
                "INSERT INTO log SELECT f(a) FROM t", "INSERT INTO t SELECT f(a) + 10, c FROM t",
                "UPDATE t SET c = f(c)", "DELETE FROM t WHERE f(a) RETURNING a"]


def _run_schema_rollback(connection, create, state: list, inner: str, outer: str) -> tuple:
    calls = []

    def f(value):
        calls.append(value)
        if len(calls) == 1:
            connection.execute(inner)
        return value
    create(f)
    for sql in ["CREATE TABLE t(a, c)", "CREATE TABLE log(x)",
                "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)"] + state:
        connection.execute(sql)
    outcome = _rows_or_error(connection, outer)
    return outcome, _in_transaction(connection), _dump_main(connection)


def _dump_main(connection) -> tuple:
    return [sorted(tuple(row) for row in connection.execute(sql)) for sql in
            ["SELECT * FROM t", "SELECT * FROM log",
             "SELECT name FROM sqlite_schema UNION ALL SELECT name FROM sqlite_temp_schema"]]


@pytest.mark.parametrize("outer", SCHEMA_OUTER)
@pytest.mark.parametrize("state,inner", SCHEMA_ROLLBACKS)
def test_rollback_of_a_schema_change_aborts_every_statement(state, inner, outer):
    lite = apsw.Connection(":memory:")
    expected = _run_schema_rollback(lite, lambda f: lite.create_scalar_function("f", f, 1),
                                    state, inner, outer)
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert _run_schema_rollback(ours, lambda f: ours.create_function("f", 1, f), state, inner,
                                outer) == expected
