"""DDL run by a user function (``create_function``) on its own connection while a statement
of that connection is running, differentially against SQLite through apsw: DROP TABLE and
DROP INDEX fail "database table is locked" while another statement reads the database,
VACUUM "cannot VACUUM - SQL statements in progress"; the outer statement carries on and the
database after is SQLite's (sql/schema_locks.py) -- unless the DDL expired it: then it
fails "abort due to ROLLBACK" where SQLite opens its next cursor (planner/exec/expiry.py).
A scan of sqlite_schema meets the changes (catalog/live_schema.py)."""

import apsw
import pytest

import rowandb

SETUP = ["CREATE TABLE t(a, c)", "CREATE TABLE log(x)", "CREATE TABLE u(y)",
         "CREATE INDEX ti ON t(c)", "CREATE INDEX ui ON u(y)",
         "INSERT INTO t VALUES (1, 1), (2, 2)", "INSERT INTO u VALUES (5)",
         "CREATE TEMP TABLE tmp(z)", "INSERT INTO tmp VALUES (1)", "CREATE TABLE t2(a)",
         "CREATE TRIGGER tr AFTER INSERT ON t2 BEGIN INSERT INTO log VALUES (f(new.a)); END",
         "CREATE TABLE t4(a)", "CREATE TRIGGER tr4 AFTER INSERT ON t4 WHEN f(new.a) "
         "BEGIN SELECT 1; INSERT INTO log VALUES (new.a); END"]

OUTER = {"select": "SELECT f(a) FROM t", "insert": "INSERT INTO t VALUES (f(3), 3)",
         "trigger": "INSERT INTO t2 VALUES (7)", "unrelated": "SELECT f(y) FROM u",
         "view": "SELECT f(y) FROM (SELECT y FROM u)",
         "json_each": "SELECT f(value) FROM json_each('[1, 2]')",
         "pragma": "SELECT f(name) FROM pragma_table_info('t')",
         "in_json": "SELECT f(1) WHERE 1 IN (SELECT value FROM json_each('[1]'))",
         "temp": "SELECT f(z) FROM tmp", "update": "UPDATE t SET a = f(a)",
         "delete": "DELETE FROM t WHERE f(a)",
         "cte": "WITH w AS (SELECT y FROM u) SELECT f(y) FROM w",
         "where_in": "SELECT f(x) FROM (SELECT 1 AS x) WHERE x IN (SELECT y FROM u)"}
DROPS = ["DROP TABLE log", "DROP TABLE t", "DROP TABLE u", "DROP INDEX ti", "DROP INDEX ui",
         "DROP TABLE tmp", "VACUUM"]
CASES = [(outer, ddl) for outer in OUTER for ddl in DROPS] + [
    ("SELECT f(1)", "VACUUM"), ("SELECT f(z) FROM (SELECT 1 AS z)", "VACUUM"),
    ("WITH x(a) AS (SELECT 1) SELECT f(a) FROM x", "VACUUM"),
    ("SELECT f(column1) FROM (VALUES (1), (2))", "VACUUM"),
    # no table read: a table not read by the checks above is dropped
    ("SELECT f(x) FROM (SELECT column1 AS x FROM (VALUES (1)))", "DROP TABLE t2"),
    ("SELECT f(x) FROM (SELECT 1 AS x UNION ALL SELECT 2)", "DROP TABLE t2")]


def _ddl_function(connection, ddl: str, describe) -> tuple:
    """f(x), which runs ``ddl`` on ``connection`` and returns x, and the list of what each
    run said: "ok" or ``describe(error)``."""
    said = []

    def f(value):
        try:
            connection.execute(ddl)
            said.append("ok")
        except Exception as error:       # noqa: BLE001 -- the answer compared
            said.append(describe(error))
        return value
    return f, said


def _class_and_message(error) -> tuple:
    return ("OperationalError" if isinstance(error, apsw.Error) else type(error).__name__,
            str(error))


def _run(connection, create, outer: str, ddl: str) -> tuple:
    f, said = _ddl_function(connection, ddl, _class_and_message)
    create(f)
    for sql in SETUP:
        connection.execute(sql)
    cursor = connection.execute(OUTER.get(outer, outer))
    reads = OUTER.get(outer, outer).startswith("SELECT")
    rows = [tuple(row) for row in cursor] if reads else []
    schema = sorted(tuple(row) for row in connection.execute(
        "SELECT type, name, sql FROM sqlite_schema"))
    data = [sorted(tuple(row) for row in connection.execute(f"SELECT * FROM {name}"))
            for name in ("t", "log", "u", "tmp")]
    return said, rows, schema, data


@pytest.mark.parametrize("outer,ddl", CASES)
def test_ddl_from_function_matches_sqlite(outer, ddl):
    lite = apsw.Connection(":memory:")
    expected = _run(lite, lambda f: lite.create_scalar_function("f", f, 1), outer, ddl)
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert _run(ours, lambda f: ours.create_function("f", 1, f), outer, ddl) == expected


def _connection_whose_f_runs(sql: str, error_class) -> tuple:
    """A RowanDB connection whose function f(x) runs ``sql`` on it and returns x, and the
    list of the messages of the ``error_class`` errors that ``sql`` raised."""
    ours = rowandb.connect(":memory:", isolation_level=None)
    said = []

    def f(value):
        try:
            ours.execute(sql)
        except error_class as error:
            said.append(str(error))
        return value
    ours.create_function("f", 1, f)
    return ours, said


def test_dropped_table_within_trigger_is_locked():
    """Branch trigreent's case: the trigger writes ``log`` and the function drops it."""
    ours, said = _connection_whose_f_runs("DROP TABLE log", rowandb.OperationalError)
    ours.execute("CREATE TABLE t(a)")
    ours.execute("CREATE TABLE log(x)")
    ours.execute("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (f(new.a)); END")
    ours.execute("INSERT INTO t VALUES (1)")
    assert said == ["database table is locked"]
    assert ours.execute("SELECT * FROM log").fetchall() == [(1,)]


REINDEX_WRITES = ["INSERT INTO t VALUES (f(3), 3)", "INSERT INTO t SELECT f(a) + 10, c + 10 FROM t",
                  "UPDATE t SET c = f(c) + 10", "UPDATE t SET a = f(a) WHERE c > 0",
                  "DELETE FROM t WHERE f(c) = 1", "INSERT INTO u VALUES (f(7))"]


@pytest.mark.parametrize("outer", REINDEX_WRITES)
@pytest.mark.parametrize("reindex", ["REINDEX", "REINDEX t", "REINDEX sqlite_autoindex_t_1", "REINDEX u",
                                     "REINDEX tmp"])
def test_reindex_under_a_write_matches_sqlite(outer, reindex):
    """REINDEX run by a function while an INSERT, UPDATE or DELETE of the same table (or
    another) runs: SQLite refills the same b-tree and the write carries on through it;
    RowanDB refills the index in its file (ddl._refill). The indexes read as SQLite's
    after (each one's entries, read through INDEXED BY)."""
    setup = ["CREATE TABLE t(a, c UNIQUE)", "CREATE INDEX ta ON t(a)", "CREATE TABLE u(y)",
             "CREATE INDEX uy ON u(y)", "INSERT INTO t VALUES (1, 1), (2, 2)",
             "INSERT INTO u VALUES (5)", "CREATE TEMP TABLE tmp(z)", "CREATE INDEX tz ON tmp(z)",
             "INSERT INTO tmp VALUES (1)"]

    def run(connection, create):
        f, said = _ddl_function(connection, reindex, _class_and_message)
        create(f)
        for sql in setup:
            connection.execute(sql)
        outcome = _rows_or_error(connection, outer)
        reads = ["SELECT a, c FROM t INDEXED BY ta WHERE a > 0 ORDER BY a",
                 "SELECT c FROM t INDEXED BY sqlite_autoindex_t_1 WHERE c > 0 ORDER BY c",
                 "SELECT y FROM u INDEXED BY uy WHERE y > 0", "SELECT z FROM tmp INDEXED BY tz WHERE z > 0"]
        return said, outcome, [_rows_or_error(connection, sql) for sql in reads]
    lite = apsw.Connection(":memory:")
    expected = run(lite, lambda f: lite.create_scalar_function("f", f, 1))
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert run(ours, lambda f: ours.create_function("f", 1, f)) == expected


SHAPES = [  # (setup, outer statement, parameter sets for executemany or None, the DDL)
    (["CREATE TABLE u(y)", "CREATE TABLE t(a)"], "INSERT INTO t VALUES (f(?))",
     [(1,), (2,)], "DROP TABLE u"),
    (["CREATE TABLE u(y)", "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)"],
     "SELECT f(a) FROM t WHERE rowid = 1", None, "DROP TABLE u"),
    (["CREATE TABLE u(y)", "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)"],
     "CREATE TABLE n AS SELECT f(a) FROM t", None, "DROP TABLE u"),
    (["CREATE TABLE u(y)"], "CREATE TABLE n AS SELECT f(1)", None, "DROP TABLE u"),
    (["CREATE TABLE u(y)", "CREATE TABLE t(a)"], "INSERT INTO t VALUES (1) RETURNING f(a)",
     None, "DROP TABLE u"),
    (["CREATE TABLE u(y)", "CREATE INDEX ui ON u(y)", "CREATE TABLE t(a UNIQUE)",
      "INSERT INTO t VALUES (1)"], "INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET a = f(a)",
     None, "DROP INDEX ui"),
]


@pytest.mark.parametrize("setup,outer,many,ddl", SHAPES)
def test_statement_shapes_match_sqlite(setup, outer, many, ddl):
    def run(connection, create):
        f, said = _ddl_function(connection, ddl, str)
        create(f)
        for sql in setup:
            connection.execute(sql)
        if many is None:
            cursor = connection.execute(outer)
            if outer.startswith("SELECT") or "RETURNING" in outer:
                cursor.fetchall()
        else:
            connection.executemany(outer, many)
        return said, sorted(tuple(row) for row in connection.execute(
            "SELECT type, name FROM sqlite_schema"))
    lite = apsw.Connection(":memory:")
    expected = run(lite, lambda f: lite.create_scalar_function("f", f, 1))
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert run(ours, lambda f: ours.create_function("f", 1, f)) == expected


# A statement that changes the temp schema, a flag PRAGMA, or ANALYZE, expires every other
# running statement, which fails "abort due to ROLLBACK" at the next cursor it opens
# (vdbe.c OP_SetCookie of the temp database, OP_Expire; OP_OpenRead/OP_OpenWrite check):
# these outer statements open one after their first call of f. What the abort undoes
# follows from the statement: a write's whole transaction in autocommit, only its own
# changes inside one (the temp table made inside it with them); a query's none.
EXPIRING = ["CREATE TEMP TABLE tt(a)", "CREATE TEMP VIEW tv AS SELECT 1",
            "CREATE TABLE temp.tt AS SELECT 1 AS a", "ALTER TABLE tmp ADD COLUMN w",
            "ALTER TABLE tmp RENAME TO tmp2", "ALTER TABLE tmp RENAME z TO zz",
            "PRAGMA recursive_triggers = 1", "PRAGMA foreign_keys = 1", "ANALYZE", "ANALYZE t"]
REOPENING = {
    "delete_index": "DELETE FROM t WHERE f(a)",             # its index opened at row 1
    "delete_rowid": "DELETE FROM t WHERE rowid > 0 AND f(a)",
    "update_where": "UPDATE t SET c = c + 10 WHERE f(a)",
    "insert_select": "INSERT INTO t SELECT f(a), c FROM t",  # t opened after reading t
    "triggers": "INSERT INTO t2 VALUES (7), (8)",            # the program fires twice
    "trigger_when": "INSERT INTO t4 VALUES (7)",     # its INSERT opens log after the WHEN
    "correlated": "SELECT f(a), (SELECT count(*) FROM u WHERE y = a) FROM t",
    "correlated_first": "SELECT (SELECT count(*) FROM u WHERE y = a), f(a) FROM t",
    "delete_returning": "DELETE FROM t WHERE f(a) RETURNING a",    # two passes: after
    "update_returning": "UPDATE t SET c = c + 1 WHERE f(a) RETURNING a"}   # the first
EXPIRED = [(outer, ddl, txn) for outer in REOPENING for ddl in EXPIRING
           for txn in (False, True)] + [
    ("triggers", "CREATE TRIGGER ttr AFTER INSERT ON tmp BEGIN SELECT 1; END", False),
    ("delete_index", "CREATE TEMP TRIGGER ttr AFTER INSERT ON u BEGIN SELECT 1; END", False)]


def _rows_or_error(connection, sql: str):
    """The rows of ``sql`` on ``connection`` (apsw or RowanDB), or its error's class and
    message."""
    try:
        cursor = connection.execute(sql)
        return [tuple(row) for row in cursor] if isinstance(cursor, apsw.Cursor) or \
            cursor.description is not None else []
    except Exception as error:          # noqa: BLE001 -- the answer compared
        return _class_and_message(error)


def _run_expired(connection, create, outer: str, ddl: str, txn: bool) -> tuple:
    f, said = _ddl_function(connection, ddl, _class_and_message)
    create(f)
    for sql in SETUP:
        connection.execute(sql)
    if txn:
        connection.execute("BEGIN")
    outcome = _rows_or_error(connection, REOPENING[outer])
    open_after = connection.in_transaction
    if open_after:
        connection.execute("COMMIT")
    schema = sorted(tuple(row) for row in connection.execute(
        "SELECT type, name FROM sqlite_temp_schema UNION ALL "
        "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%'"))
    data = [sorted(tuple(row) for row in connection.execute(f"SELECT * FROM {name}"))
            for name in ("t", "log", "u")]
    return said, outcome, open_after, schema, data


@pytest.mark.parametrize("outer,ddl,txn", EXPIRED)
def test_expired_statement_aborts_as_sqlite(outer, ddl, txn):
    lite = apsw.Connection(":memory:")
    expected = _run_expired(lite, lambda f: lite.create_scalar_function("f", f, 1), outer,
                            ddl, txn)
    assert expected[1] == ("OperationalError", "abort due to ROLLBACK")
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert _run_expired(ours, lambda f: ours.create_function("f", 1, f), outer, ddl,
                        txn) == expected


# A scan of sqlite_schema whose function changes the schema meets the change, as SQLite's
# cursor over the schema b-tree does (catalog/live_schema.py): a row made later appears, a
# row dropped before it is reached does not, a row renamed before it is reached reads
# with its new name.
SCHEMA_SETUP = ["CREATE TABLE a(x)", "CREATE VIEW v AS SELECT 1", "CREATE TABLE b(y)",
                "CREATE TRIGGER tg AFTER INSERT ON a BEGIN SELECT 1; END",
                "CREATE TEMP TABLE tmp(z)", "CREATE TEMP VIEW tv AS SELECT 2"]
SCHEMA_SCANS = ["SELECT f(name) FROM sqlite_schema",
                "SELECT name FROM sqlite_schema WHERE f(name)",
                "SELECT f(name) FROM sqlite_schema ORDER BY name",
                "SELECT f(name) FROM sqlite_temp_schema"]
SCHEMA_DDL = ["CREATE TABLE n(a)", "CREATE TABLE n(a UNIQUE)", "CREATE VIEW nv AS SELECT 1",
              "CREATE INDEX ni ON b(y)", "DROP VIEW v", "DROP TRIGGER tg",
              "ALTER TABLE b RENAME TO b2",
              "CREATE TRIGGER tg2 AFTER INSERT ON b BEGIN SELECT 1; END"]
TEMP_SCHEMA_DDL = ["CREATE TEMP TABLE n(a)", "CREATE TEMP VIEW nv AS SELECT 1",
                   "DROP VIEW tv", "CREATE INDEX ni ON tmp(z)",
                   "CREATE TEMP TRIGGER tg2 AFTER INSERT ON b BEGIN SELECT 1; END"]
SCHEMA_CASES = [(outer, ddl) for outer in SCHEMA_SCANS[:3] for ddl in SCHEMA_DDL
                if (outer, ddl) != (SCHEMA_SCANS[1], "ALTER TABLE b RENAME TO b2")] + \
    [(SCHEMA_SCANS[3], ddl) for ddl in TEMP_SCHEMA_DDL]   # (that one agreed already)


@pytest.mark.parametrize("outer,ddl", SCHEMA_CASES)
def test_schema_scan_meets_changes_as_sqlite(outer, ddl):
    def run(connection, create):
        f, said = _ddl_function(connection, ddl, str)
        create(f)
        for sql in SCHEMA_SETUP:
            connection.execute(sql)
        try:
            rows = [tuple(row) for row in connection.execute(outer)]
        except Exception as error:      # noqa: BLE001 -- the answer compared
            rows = _class_and_message(error)
        return said, rows
    lite = apsw.Connection(":memory:")
    expected = run(lite, lambda f: lite.create_scalar_function("f", f, 1))
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert run(ours, lambda f: ours.create_function("f", 1, f)) == expected


# Transaction control run by a function while a statement of the connection runs
# (vdbe.c OP_Savepoint, OP_AutoCommit): under a write (SQLite's nVdbeWrite) SAVEPOINT fails
# "cannot open savepoint", RELEASE "cannot release savepoint", COMMIT "cannot commit
# transaction - SQL statements in progress"; under a query they run. The grid is run in
# autocommit, inside BEGIN, inside SAVEPOINT sp, and inside BEGIN then SAVEPOINT sp.
CONTROL_SETUP = ["CREATE TABLE t(a, c)", "CREATE TABLE log(x)", "CREATE INDEX ti ON t(c)",
                 "INSERT INTO t VALUES (1, 1), (2, 2)", "CREATE TABLE t2(a)",
                 "CREATE TRIGGER tr AFTER INSERT ON t2 BEGIN "
                 "INSERT INTO log VALUES (f(new.a)); END"]
CONTROL_OUTER = {"select": "SELECT f(a) FROM t", "const": "SELECT f(1)",
                 "insert": "INSERT INTO t VALUES (f(3), 3)", "update": "UPDATE t SET a = f(a)",
                 "trigger": "INSERT INTO t2 VALUES (7)", "delete": "DELETE FROM t WHERE f(a)",
                 "returning": "INSERT INTO log VALUES (1) RETURNING f(x)"}
CONTROL_STATES = {"auto": [], "begin": ["BEGIN", "INSERT INTO log VALUES (100)"],
                  "savepoint": ["SAVEPOINT sp", "INSERT INTO log VALUES (100)"],
                  "begin_sp": ["BEGIN", "INSERT INTO log VALUES (100)", "SAVEPOINT sp",
                               "INSERT INTO log VALUES (101)"]}
CONTROL = ["SAVEPOINT s", "RELEASE s", "RELEASE sp", "COMMIT", "END", "ROLLBACK TO sp",
           "ROLLBACK", "BEGIN", "BEGIN IMMEDIATE"]
CONTROL_CASES = [(outer, inner, state) for outer in CONTROL_OUTER for inner in CONTROL
                 for state in CONTROL_STATES]


def _run_control(connection, create, outer: str, inner: str, state: str) -> tuple:
    said = []

    def f(value):
        try:
            connection.execute("INSERT INTO log VALUES (-1)")
            connection.execute(inner)
            said.append("ok")
        except Exception as error:       # noqa: BLE001 -- the answer compared
            said.append(_class_and_message(error))
        said.append(connection.in_transaction)
        return value
    create(f)
    for sql in CONTROL_SETUP + CONTROL_STATES[state]:
        connection.execute(sql)
    outcome = _rows_or_error(connection, CONTROL_OUTER[outer])
    after = [connection.in_transaction]
    for sql in ["INSERT INTO log VALUES (200)", "ROLLBACK TO sp", "RELEASE s", "ROLLBACK"]:
        try:
            connection.execute(sql)
            after.append("ok")
        except Exception as error:      # noqa: BLE001 -- the answer compared
            after.append(_class_and_message(error))
    data = [sorted(tuple(row) for row in connection.execute(f"SELECT * FROM {name}"))
            for name in ("t", "log")]
    return said, outcome, after, data


@pytest.mark.parametrize("outer,inner,state", CONTROL_CASES)
def test_transaction_control_from_function_matches_sqlite(outer, inner, state):
    """As SQLite. ROLLBACK and ROLLBACK TO under a write trip its cursors: it fails
    "abort due to ROLLBACK" at its next step (planner/exec/trips.py). BEGIN, or SAVEPOINT
    under a query, run under a statement in autocommit takes its transaction over: it
    stays open after the statement, holding what it wrote."""
    ours = rowandb.connect(":memory:", isolation_level=None)
    got = _run_control(ours, lambda f: ours.create_function("f", 1, f), outer, inner, state)
    lite = apsw.Connection(":memory:")
    assert got == _run_control(lite, lambda f: lite.create_scalar_function("f", f, 1), outer,
                               inner, state)


# A statement run by executemany inside a transaction is expired as any other running
# statement (its rows run one by one in the open transaction, session._batch_statement):
# a function that changes the temp schema (or sets a flag PRAGMA, or runs ANALYZE) at the
# first row makes a DELETE or UPDATE that reopens its index, or an INSERT ... SELECT of
# its own table, fail "abort due to ROLLBACK" as in SQLite; the rows before stay.
MANY_DDL = ["CREATE TEMP TABLE tt(a)", "PRAGMA recursive_triggers = 1", "ANALYZE",
            "CREATE TABLE n(a)", "CREATE TEMP VIEW tv AS SELECT 1"]
MANY_OUTER = {"insert": "INSERT INTO t VALUES (f(?), 1)",
              "delete": "DELETE FROM t WHERE a = ? AND f(a)",
              "update": "UPDATE t SET c = c + 1 WHERE f(a) AND a = ?",
              "insert_select": "INSERT INTO t SELECT f(?), c FROM t WHERE rowid = 1"}
MANY_CASES = [(ddl, outer, txn) for ddl in MANY_DDL for outer in MANY_OUTER
              for txn in (False, True)]


def _run_many(connection, create, ddl: str, outer: str, txn: bool) -> tuple:
    said = []

    def f(value):
        if said:
            said.append(value)
            return value
        try:
            connection.execute(ddl)
            said.append("ok")
        except Exception as error:       # noqa: BLE001 -- the answer compared
            said.append(_class_and_message(error))
        return value
    create(f)
    for sql in ["CREATE TABLE t(a, c)", "CREATE INDEX ti ON t(c)",
                "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)"] + (["BEGIN"] if txn else []):
        connection.execute(sql)
    try:
        connection.executemany(MANY_OUTER[outer], [(1,), (2,), (3,)])
        outcome = "ok"
    except Exception as error:          # noqa: BLE001 -- the answer compared
        outcome = _class_and_message(error)
    open_after = connection.in_transaction
    if open_after:
        connection.execute("COMMIT")
    return said, outcome, open_after, sorted(tuple(row) for row in
                                             connection.execute("SELECT * FROM t"))


@pytest.mark.parametrize("ddl,outer,txn", MANY_CASES)
def test_executemany_statement_expires_as_sqlite(ddl, outer, txn):
    lite = apsw.Connection(":memory:")
    expected = _run_many(lite, lambda f: lite.create_scalar_function("f", f, 1), ddl, outer,
                         txn)
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert _run_many(ours, lambda f: ours.create_function("f", 1, f), ddl, outer,
                     txn) == expected
