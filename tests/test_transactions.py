"""Transactions at the session level: BEGIN / COMMIT / ROLLBACK, savepoints, atomic statements.

Scenarios run through RowanDB and through SQLite (apsw) side by side: after every statement
the outcome (rows or error class and message), whether a transaction is open, and the
table's contents must agree. Then the guarantees SQLite states in prose: a failing statement
leaves no trace — not even in the transaction's undo log — unless its conflict clause says
otherwise.
"""

from __future__ import annotations

import pytest

from apsw_session import ApswSession
from rowandb.errors import IntegrityError, OperationalError
from rowandb.sql.session import open_session

SETUP = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c INT CHECK (c >= 0))",
         "INSERT INTO t VALUES (1, 'one', 1), (2, 'two', 2)"]
DUMP = "SELECT a, b, c FROM t ORDER BY a"


def outcome(session, sql):
    try:
        result = session.execute(sql, ())
    except Exception as error:       # compared with SQLite's class and message below
        return ("error", _pep249(error), str(error))
    return ("ok", [tuple(r) for r in result.rows], result.rowcount)


def _pep249(error):
    for cls in type(error).__mro__:
        if cls.__module__ == "rowandb.errors" and cls.__name__ != "ConflictError":
            return cls.__name__
    return type(error).__name__


SCENARIOS = {
    "commit and rollback outside a transaction": [
        "COMMIT", "END", "ROLLBACK", "RELEASE x", "ROLLBACK TO x"],
    "nested begin": ["BEGIN", "BEGIN", "BEGIN IMMEDIATE", "COMMIT", "COMMIT"],
    "rollback undoes every kind of change": [
        "BEGIN", "INSERT INTO t VALUES (3, 'three', 3)", "UPDATE t SET b = 'uno' WHERE a = 1",
        "DELETE FROM t WHERE a = 2", "CREATE TABLE scratch(x)", "INSERT INTO scratch VALUES (1)",
        "ROLLBACK", "SELECT * FROM scratch", "SELECT a FROM t WHERE b = 'uno'"],
    "savepoint nesting": [
        "SAVEPOINT a", "INSERT INTO t VALUES (3, 'three', 3)", "SAVEPOINT b",
        "INSERT INTO t VALUES (4, 'four', 4)", "SAVEPOINT c", "DELETE FROM t",
        "ROLLBACK TO b", DUMP, "ROLLBACK TO b", "RELEASE c", "RELEASE b",
        "INSERT INTO t VALUES (5, 'five', 5)", "ROLLBACK TO a", DUMP, "RELEASE a", "COMMIT"],
    "savepoint inside begin does not commit on release": [
        "BEGIN", "SAVEPOINT s", "INSERT INTO t VALUES (3, 'three', 3)", "RELEASE s",
        "ROLLBACK", DUMP],
    "savepoint outside begin commits on outermost release": [
        "SAVEPOINT outer", "SAVEPOINT inner", "INSERT INTO t VALUES (3, 'three', 3)",
        "RELEASE outer", "ROLLBACK", DUMP],
    "commit ends every savepoint": [
        "SAVEPOINT a", "SAVEPOINT b", "INSERT INTO t VALUES (3, 'three', 3)", "COMMIT",
        "ROLLBACK TO a", "RELEASE b", DUMP],
    "savepoint names": [
        "SAVEPOINT Mixed", "SAVEPOINT mixed", "INSERT INTO t VALUES (3, 'x', 3)",
        "RELEASE MIXED", "ROLLBACK TO mixed", DUMP, "ROLLBACK TO missing", "RELEASE Mixed",
        DUMP],
    "failing statements inside a transaction": [
        "BEGIN", "INSERT INTO t VALUES (3, 'three', 3)",
        "INSERT INTO t VALUES (4, 'four', 4), (5, 'one', 5)",
        "UPDATE t SET c = c - 2", "UPDATE t SET b = 'same'", "DELETE FROM missing",
        "INSERT INTO t VALUES (6, 'six', -1)", DUMP, "COMMIT", DUMP],
    "or fail keeps earlier rows, or rollback ends the transaction": [
        "BEGIN", "INSERT OR FAIL INTO t VALUES (3, 'three', 3), (4, 'one', 4), (5, 'five', 5)",
        DUMP, "INSERT OR ROLLBACK INTO t VALUES (6, 'six', 6), (7, 'two', 7)", DUMP,
        "COMMIT", DUMP],
    "or fail in autocommit keeps earlier rows": [
        "UPDATE OR FAIL t SET c = 6 - 4 * c", DUMP,
        "INSERT OR ROLLBACK INTO t VALUES (9, 'one', 9)",
        DUMP],
    "ddl in savepoints": [
        "SAVEPOINT a", "CREATE TABLE s1(x)", "SAVEPOINT b", "DROP TABLE t",
        "CREATE INDEX s1_x ON s1(x)", "ROLLBACK TO b", DUMP, "SELECT * FROM s1",
        "ROLLBACK TO a", "SELECT * FROM s1", "RELEASE a",
        "SELECT name FROM sqlite_schema ORDER BY name"],
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_matches_sqlite(name):
    mine, theirs = open_session(":memory:"), ApswSession({})
    for sql in SETUP:
        mine.execute(sql)
        theirs.execute(sql)
    for sql in SCENARIOS[name]:
        got, expected = outcome(mine, sql), outcome(theirs, sql)
        assert got == expected, f"{name}: {sql}"
        assert mine.in_transaction == theirs.in_transaction, f"{name}: after {sql}"
        assert outcome(mine, DUMP) == outcome(theirs, DUMP), f"{name}: table after {sql}"


# -- statement atomicity ---------------------------------------------------------------------

@pytest.fixture
def s():
    session = open_session(":memory:")
    for sql in SETUP:
        session.execute(sql)
    return session


def dump(session):
    return session.execute(DUMP).rows


@pytest.mark.parametrize("sql", [
    "INSERT INTO t VALUES (3, 'three', 3), (4, 'four', 4), (5, 'one', 5)",
    "INSERT INTO t SELECT a + 10, b || '!', c - 2 FROM t",
    "UPDATE t SET c = c - 2",
    "UPDATE t SET a = a + 1",
    "UPDATE t SET b = 'same'",
    "INSERT INTO t SELECT a + 10, b, c FROM t",
])
@pytest.mark.parametrize("in_transaction", [False, True])
def test_a_failing_statement_leaves_nothing(s, sql, in_transaction):
    before = dump(s)
    if in_transaction:
        s.execute("BEGIN")
        undo_before = len(s.txn.undo)
    with pytest.raises(IntegrityError):
        s.execute(sql)
    assert dump(s) == before
    if in_transaction:
        assert len(s.txn.undo) == undo_before, "the failed statement's undo records stayed"
        s.execute("COMMIT")
    else:
        assert s.txn is None
    assert dump(s) == before
    assert s.execute("PRAGMA integrity_check").rows == [("ok",)]


def test_a_failing_unique_index_creation_leaves_no_index(s):
    s.execute("INSERT INTO t VALUES (3, 'three', 1)")
    with pytest.raises(IntegrityError, match="UNIQUE constraint failed: t.c"):
        s.execute("CREATE UNIQUE INDEX t_c ON t(c)")
    assert s.execute("SELECT name FROM sqlite_schema WHERE type = 'index'").rows == \
        [("sqlite_autoindex_t_1",)]
    s.execute("CREATE INDEX t_c ON t(c)")


def test_changes_are_counted_only_for_successful_statements(s):
    total = s.total_changes
    s.execute("INSERT INTO t VALUES (3, 'three', 3)")
    with pytest.raises(IntegrityError):
        s.execute("INSERT INTO t VALUES (4, 'four', 4), (5, 'one', 5)")
    s.execute("UPDATE t SET c = c + 1")
    assert s.total_changes == total + 1 + 3
    assert s.execute("SELECT changes(), total_changes()").rows == [(3, total + 4)]


def test_a_select_error_inside_a_transaction_keeps_the_transaction(s):
    s.execute("BEGIN")
    s.execute("INSERT INTO t VALUES (3, 'three', 3)")
    with pytest.raises(OperationalError):
        s.execute("SELECT nope FROM t")
    assert s.in_transaction
    s.execute("COMMIT")
    assert len(dump(s)) == 3


def test_close_rolls_back_the_open_transaction(s):
    s.execute("BEGIN")
    s.execute("DELETE FROM t")
    s.execute("CREATE TABLE gone(x)")
    s.close()
    from rowandb.sql.session import Session
    again = Session(s.db)
    assert again.execute(DUMP).rows == [(1, "one", 1), (2, "two", 2)]
    with pytest.raises(OperationalError, match="no such table: gone"):
        again.execute("SELECT * FROM gone")
