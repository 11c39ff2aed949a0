"""``Connection.set_authorizer`` (rowandb/sql/dbapi/authorizer.py): the calls made while a
statement is prepared and what each answer does, each checked against Python's own sqlite3
module on the same statements. The schema table's own reads and writes, which SQLite
reports and RowanDB has not, are left out of the comparison (docs/DBAPI.md).
"""

import sqlite3 as std

import pytest

import rowandb

SETUP = "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 2); CREATE INDEX i2 ON t(b); " \
        "CREATE VIEW v2 AS SELECT b FROM t;"


def _connect(module):
    con = module.connect(":memory:", isolation_level=None)
    con.executescript(SETUP)
    return con


def _outcome(module, sql: str, answer):
    """(calls made, rows or error, table t, schema names) for ``sql`` under ``answer``."""
    con = _connect(module)
    calls = []

    def authorizer(*args):
        calls.append(args)
        return answer(*args)
    con.set_authorizer(authorizer)
    try:
        cursor = con.execute(sql)
        result = cursor.fetchall() if cursor.description else "done"
    except std.Error as error:        # sqlite3's
        result = (type(error).__name__, str(error))
    except rowandb.Error as error:
        result = (type(error).__name__, str(error))
    con.set_authorizer(None)
    calls = [c for c in calls if "sqlite_master" not in c and "sqlite_temp_master" not in c]
    names = con.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    rows = con.execute("SELECT * FROM t").fetchall() if ("t",) in names else None
    state = (rows, names, con.execute("PRAGMA user_version").fetchall())
    return calls, result, state


def _same(sql: str, answer=lambda *a: std.SQLITE_OK):
    mine = _outcome(rowandb, sql, answer)
    assert mine == _outcome(std, sql, answer)
    return mine


@pytest.mark.parametrize("sql", [
    "SELECT 1", "SELECT a FROM t", "SELECT * FROM t WHERE b > 1", "SELECT a, a FROM t",
    "SELECT abs(a) FROM t", "SELECT upper(lower('x'))", "SELECT count(*) FROM t",
    "SELECT rowid FROM t", "SELECT 1 FROM t", "SELECT t.a FROM t JOIN t AS s ON t.a = s.b"])
def test_a_query_asks_select_then_read_per_column_and_function_per_call(sql):
    _same(sql)


@pytest.mark.parametrize("sql", [
    "INSERT INTO t VALUES (1, 2)", "INSERT INTO t(a) SELECT b FROM t",
    "UPDATE t SET a = 1 WHERE b = 2", "DELETE FROM t WHERE a = 1", "DELETE FROM t"])
def test_insert_update_delete_ask_their_action_first(sql):
    _same(sql)


@pytest.mark.parametrize("sql", [
    "CREATE TABLE u(x)", "CREATE INDEX i ON t(a)", "CREATE VIEW v AS SELECT a FROM t",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END", "DROP TABLE t",
    "DROP INDEX i2", "DROP VIEW v2"])
def test_create_and_drop_ask_with_the_objects_name(sql):
    calls, _, _ = _same(sql)
    assert calls


@pytest.mark.parametrize("sql", [
    "PRAGMA user_version", "PRAGMA user_version = 3", "BEGIN", "SAVEPOINT x"])
def test_pragma_transaction_and_savepoint_are_asked(sql):
    _same(sql)


def test_alter_table_asks_with_database_then_table():
    calls, _, _ = _outcome(rowandb, "ALTER TABLE t ADD c", lambda *a: 0)
    theirs, _, _ = _outcome(std, "ALTER TABLE t ADD c", lambda *a: 0)
    assert calls == [(std.SQLITE_ALTER_TABLE, "main", "t", None, None)] == theirs[:1]


@pytest.mark.parametrize("sql", ["SELECT a FROM t", "INSERT INTO t VALUES (3, 4)",
                                 "DELETE FROM t", "CREATE TABLE u(x)", "PRAGMA user_version=3"])
def test_deny_fails_with_not_authorized_and_changes_nothing(sql):
    """(SQLite asks about its schema table first for CREATE: the calls are not compared.)"""
    deny = lambda *a: std.SQLITE_DENY                                   # noqa: E731
    _, result, state = _outcome(rowandb, sql, deny)
    assert (result, state) == _outcome(std, sql, deny)[1:]
    assert result == ("DatabaseError", "not authorized")


def test_deny_on_a_function_names_the_function():
    _, result, _ = _same("SELECT abs(a) FROM t",
                         lambda action, *a: std.SQLITE_DENY if action == std.SQLITE_FUNCTION else 0)
    assert result == ("OperationalError", "not authorized to use function: abs")


def _ignore(code):
    return lambda action, *args: std.SQLITE_IGNORE if action == code else std.SQLITE_OK


@pytest.mark.parametrize("sql, code", [
    ("SELECT a, b FROM t", std.SQLITE_READ), ("SELECT a FROM t WHERE b = 2", std.SQLITE_READ),
    ("SELECT a FROM t", std.SQLITE_SELECT), ("SELECT abs(a) FROM t", std.SQLITE_FUNCTION),
    ("INSERT INTO t VALUES (3, 4)", std.SQLITE_INSERT), ("UPDATE t SET a = 5", std.SQLITE_UPDATE),
    ("DELETE FROM t", std.SQLITE_DELETE), ("CREATE TABLE u(x)", std.SQLITE_CREATE_TABLE),
    ("DROP TABLE t", std.SQLITE_DROP_TABLE), ("PRAGMA user_version = 3", std.SQLITE_PRAGMA),
    ("BEGIN", std.SQLITE_TRANSACTION)])
def test_ignore_does_what_sqlite_does(sql, code):
    """READ: the column is NULL; FUNCTION: the call is NULL; SELECT: no rows; an UPDATE
    column keeps its value; DELETE still deletes; anything else does nothing."""
    _same(sql, _ignore(code))


@pytest.mark.parametrize("answer", [lambda *a: 7, lambda *a: -1])
def test_an_unknown_answer_is_authorizer_malfunction(answer):
    _, result, _ = _same("SELECT a FROM t", answer)
    assert result == ("OperationalError", "authorizer malfunction")


@pytest.mark.parametrize("answer", [lambda *a: "x", lambda *a: None, lambda *a: 1 / 0,
                                    lambda *a: 2 ** 70, lambda *a: True, lambda *a: 1.0])
def test_a_raising_or_non_int_answer_denies(answer):
    _, result, _ = _same("SELECT a FROM t", answer)
    assert result == ("DatabaseError", "not authorized")


def test_the_authorizer_is_asked_once_per_prepared_statement_and_none_clears_it():
    for module in (rowandb, std):
        con = _connect(module)
        calls = []
        con.set_authorizer(lambda *a: calls.append(a) or 0)
        con.execute("SELECT a FROM t")
        con.execute("SELECT a FROM t")
        asked = len(calls)
        con.set_authorizer(None)
        con.execute("SELECT b FROM t")
        assert asked == 2 and len(calls) == 2, module


def test_setting_an_authorizer_recompiles_cached_statements():
    """A statement cached before the authorizer was set is asked about again."""
    con = _connect(rowandb)
    assert con.execute("SELECT a FROM t").fetchall() == [(1,)]
    con.set_authorizer(_ignore(std.SQLITE_READ))
    assert con.execute("SELECT a FROM t").fetchall() == [(None,)]
    con.set_authorizer(None)
    assert con.execute("SELECT a FROM t").fetchall() == [(1,)]


def test_a_non_callable_authorizer_is_refused():
    con = rowandb.connect(":memory:")
    with pytest.raises(rowandb.ProgrammingError, match="callable"):
        con.set_authorizer(42)
