"""Behaviour of the DB-API layer (rowandb/sql/dbapi/connection.py), on every Session backend.

Each test runs once per backend of the ``session_factory`` fixture (tests/conftest.py): the
apsw-backed double, and the real engine once it is ready. Covered: transaction control
(implicit BEGIN, isolation_level, autocommit, the context manager, executescript),
parameter binding and value adaptation, cursor and connection lifecycle errors, rowcount,
lastrowid, description, fetching, and connect()'s plumbing.
"""

import datetime
import enum
import threading

import apsw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import apsw_session
import rowandb
from rowandb import DataError, IntegrityError, OperationalError, ProgrammingError
from rowandb.sql.dbapi import connection as connection_module
from rowandb.sql.dbapi.connection import Connection


class RecordingSession:
    """Wraps a Session and records the SQL text the Connection sends to it."""

    def __init__(self, session):
        self.inner = session
        self.sent: list[str] = []

    def statement_info(self, sql):
        return self.inner.statement_info(sql)

    def execute(self, sql, params=()):
        self.sent.append(sql)
        return self.inner.execute(sql, params)

    def split_script(self, script):
        return self.inner.split_script(script)

    @property
    def in_transaction(self):
        return self.inner.in_transaction

    @property
    def total_changes(self):
        return self.inner.total_changes

    def close(self):
        self.inner.close()


@pytest.fixture
def make_connection(session_factory):
    opened = []

    def make(**options):
        con = Connection(session_factory(":memory:"), **options)
        opened.append(con)
        return con

    yield make
    for con in opened:
        if con._session is not None:
            con.close()


@pytest.fixture
def con(make_connection):
    return make_connection()


@pytest.fixture
def recorded(session_factory):
    """(connection, recording session) factory."""
    def make(**options):
        session = RecordingSession(session_factory(":memory:"))
        return Connection(session, **options), session
    return make


def count_rows(con, table="t"):
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- module globals --------------------------------------------------------------------

def test_module_globals_follow_pep_249():
    import pathlib
    import tomllib
    with open(pathlib.Path(__file__).parent.parent / "pyproject.toml", "rb") as f:
        project_version = tomllib.load(f)["project"]["version"]
    assert (rowandb.apilevel, rowandb.threadsafety, rowandb.paramstyle) == ("2.0", 1, "qmark")
    assert rowandb.version == project_version


def test_exceptions_are_the_errors_module_classes_and_connection_attributes(con):
    from rowandb import errors
    for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
                 "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
                 "NotSupportedError"):
        assert getattr(rowandb, name) is getattr(errors, name)
        assert getattr(con, name) is getattr(errors, name)


# -- legacy transaction control (the default) ------------------------------------------

def test_dml_and_ddl_open_a_transaction_but_select_does_not(con):
    assert not con.in_transaction
    con.execute("SELECT 1")
    assert not con.in_transaction
    con.execute("CREATE TABLE t(a)")
    assert con.in_transaction
    con.commit()
    assert not con.in_transaction
    con.execute("INSERT INTO t VALUES (1)")
    assert con.in_transaction


def test_rollback_undoes_insert_and_commit_keeps_it(con):
    con.execute("CREATE TABLE t(a)")
    con.commit()
    con.execute("INSERT INTO t VALUES (1)")
    con.rollback()
    assert count_rows(con) == 0
    con.execute("INSERT INTO t VALUES (2)")
    con.commit()
    con.rollback()
    assert con.execute("SELECT a FROM t").fetchall() == [(2,)]


def test_rollback_undoes_ddl(con):
    con.execute("CREATE TABLE t(a)")
    con.rollback()
    with pytest.raises(OperationalError, match="no such table: t"):
        con.execute("SELECT * FROM t")


@pytest.mark.parametrize("level", ["", "DEFERRED", "IMMEDIATE", "EXCLUSIVE"])
def test_implicit_begin_uses_the_isolation_level(recorded, level):
    con, session = recorded(isolation_level=level.lower())
    assert con.isolation_level == level
    con.execute("SELECT 1")
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1)")
    assert session.sent == ["SELECT 1", f"BEGIN {level}".strip(), "CREATE TABLE t(a)",
                            "INSERT INTO t VALUES (1)"]


def test_isolation_level_none_is_autocommit(make_connection):
    con = make_connection(isolation_level=None)
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1)")
    assert not con.in_transaction
    con.rollback()
    assert count_rows(con) == 1


def test_explicit_begin_in_autocommit_mode_is_committed_by_commit(make_connection):
    con = make_connection(isolation_level=None)
    con.execute("CREATE TABLE t(a)")
    con.execute("BEGIN")
    con.execute("INSERT INTO t VALUES (1)")
    assert con.in_transaction
    con.commit()
    assert not con.in_transaction
    assert count_rows(con) == 1


def test_setting_isolation_level_none_commits_the_pending_transaction(con):
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1)")
    con.isolation_level = None
    assert not con.in_transaction
    con.rollback()
    assert count_rows(con) == 1


@pytest.mark.parametrize("bad", ["SERIALIZABLE", 1, b"IMMEDIATE"])
def test_invalid_isolation_level_is_rejected(con, bad):
    with pytest.raises(ProgrammingError, match="isolation_level"):
        con.isolation_level = bad
    assert con.isolation_level == ""


# -- Python 3.12 autocommit attribute ---------------------------------------------------

def test_autocommit_true_makes_commit_and_rollback_no_ops(make_connection):
    con = make_connection(autocommit=True, isolation_level="IMMEDIATE")
    con.execute("CREATE TABLE t(a)")
    assert not con.in_transaction
    con.execute("BEGIN")
    con.execute("INSERT INTO t VALUES (1)")
    con.rollback()
    assert con.in_transaction
    con.execute("ROLLBACK")
    assert count_rows(con) == 0


def test_autocommit_false_always_has_a_transaction_open(make_connection):
    con = make_connection(autocommit=False)
    assert con.in_transaction
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    assert con.in_transaction
    con.execute("INSERT INTO t VALUES (2)")
    con.rollback()
    assert con.in_transaction
    assert con.execute("SELECT a FROM t").fetchall() == [(1,)]


def test_close_rolls_back_the_open_transaction(recorded):
    con, session = recorded(autocommit=False)
    con.execute("CREATE TABLE t(a)")
    con.close()
    assert session.sent == ["BEGIN", "CREATE TABLE t(a)", "ROLLBACK"]


def test_changing_autocommit_commits_or_begins(con):
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1)")
    con.autocommit = True
    assert not con.in_transaction
    con.autocommit = False
    assert con.in_transaction
    con.execute("INSERT INTO t VALUES (2)")
    con.rollback()
    assert count_rows(con) == 1
    con.autocommit = rowandb.LEGACY_TRANSACTION_CONTROL
    assert con.autocommit == rowandb.LEGACY_TRANSACTION_CONTROL


@pytest.mark.parametrize("bad", [1, 0, None, "yes"])
def test_invalid_autocommit_is_rejected(con, bad):
    with pytest.raises(ProgrammingError, match="autocommit must be"):
        con.autocommit = bad


# -- the context manager ----------------------------------------------------------------

def test_context_manager_rolls_back_when_commit_fails(con):
    con.executescript("""
        CREATE TABLE parent(id INTEGER PRIMARY KEY);
        CREATE TABLE child(pid REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
    """)
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        with con:
            con.execute("INSERT INTO child VALUES (7)")
    assert not con.in_transaction
    assert count_rows(con, "child") == 0


def test_context_manager_commits_on_success_and_does_not_close(con):
    with con as entered:
        assert entered is con
        con.execute("CREATE TABLE t(a)")
        con.execute("INSERT INTO t VALUES (1)")
    assert not con.in_transaction
    con.rollback()
    assert count_rows(con) == 1


def test_context_manager_rolls_back_on_exception(con):
    con.execute("CREATE TABLE t(a)")
    con.commit()
    with pytest.raises(ZeroDivisionError):
        with con:
            con.execute("INSERT INTO t VALUES (1)")
            1 / 0
    assert not con.in_transaction
    assert count_rows(con) == 0


def test_context_manager_in_autocommit_false_reopens_a_transaction(make_connection):
    con = make_connection(autocommit=False)
    with con:
        con.execute("CREATE TABLE t(a)")
    assert con.in_transaction
    con.rollback()
    assert count_rows(con) == 0


# -- executescript -----------------------------------------------------------------------

def test_executescript_commits_the_pending_transaction_first(con):
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1)")
    cur = con.executescript("INSERT INTO t VALUES (2); INSERT INTO t VALUES (3);")
    assert not con.in_transaction
    con.rollback()
    assert count_rows(con) == 3
    assert (cur.description, cur.rowcount) == (None, -1)


def test_executescript_with_autocommit_false_stays_in_the_transaction(make_connection):
    con = make_connection(autocommit=False)
    con.execute("CREATE TABLE t(a)")
    con.commit()
    con.execute("INSERT INTO t VALUES (1)")
    con.executescript("INSERT INTO t VALUES (2);")
    con.rollback()
    assert count_rows(con) == 0


def test_executescript_runs_its_own_transaction_control(con):
    con.executescript("""
        CREATE TABLE t(a);  -- a comment
        BEGIN;
        INSERT INTO t VALUES ('x;y');
        ROLLBACK;
        /* only a comment */
        INSERT INTO t VALUES (2)
    """)
    assert not con.in_transaction
    assert con.execute("SELECT a FROM t").fetchall() == [(2,)]


def test_executescript_stops_at_a_failing_statement(con):
    with pytest.raises(OperationalError, match="no such table: missing"):
        con.executescript("CREATE TABLE t(a); INSERT INTO t VALUES (1);"
                          " INSERT INTO missing VALUES (2); INSERT INTO t VALUES (3);")
    assert con.execute("SELECT a FROM t").fetchall() == [(1,)]


# -- execute: one statement ------------------------------------------------------------

def test_execute_refuses_more_than_one_statement(con):
    with pytest.raises(ProgrammingError, match="^You can only execute one statement at a time.$"):
        con.execute("CREATE TABLE t(a); CREATE TABLE u(b)")
    with pytest.raises(OperationalError, match="no such table: t"):
        con.execute("SELECT * FROM t")
    assert con.execute("SELECT 1; -- trailing comment").fetchall() == [(1,)]


def test_empty_statement_is_a_no_op(con):
    cur = con.execute("  -- nothing here\n")
    assert (cur.description, cur.rowcount, cur.lastrowid) == (None, -1, None)
    with pytest.raises(ProgrammingError):
        cur.fetchone()


def test_execute_returns_the_cursor_and_connection_execute_a_new_one(con):
    cur = con.cursor()
    assert cur.execute("SELECT 1") is cur
    assert con.execute("SELECT 1") is not con.execute("SELECT 1")
    assert cur.connection is con


def test_sql_must_be_a_string(con):
    with pytest.raises(ProgrammingError, match="must be str, not bytes"):
        con.execute(b"SELECT 1")
    with pytest.raises(ProgrammingError, match="must be str, not int"):
        con.executescript(1)


def test_syntax_error_is_operational_and_opens_no_transaction(con):
    with pytest.raises(OperationalError, match="syntax error"):
        con.execute("INSERT INTO t VALUES (1,,2)")
    assert not con.in_transaction


def test_constraint_violation_is_integrity_error_and_leaves_no_trace(con):
    con.execute("CREATE TABLE t(a UNIQUE)")
    con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(IntegrityError, match=r"^UNIQUE constraint failed: t\.a$"):
        con.execute("INSERT INTO t VALUES (2), (1)")
    assert con.execute("SELECT a FROM t").fetchall() == [(1,)]


# -- parameters --------------------------------------------------------------------------

def test_qmark_and_numbered_parameters(con):
    assert con.execute("SELECT ?, ?", (1, "b")).fetchall() == [(1, "b")]
    assert con.execute("SELECT ?2, ?1, ?2", ["x", "y"]).fetchall() == [("y", "x", "y")]


@pytest.mark.parametrize("prefix", [":", "@", "$"])
def test_named_parameters(con, prefix):
    sql = f"SELECT {prefix}a, {prefix}b, {prefix}a"
    assert con.execute(sql, {"a": 1, "b": 2, "unused": 3}).fetchall() == [(1, 2, 1)]


def test_wrong_number_of_positional_parameters(con):
    message = ("^Incorrect number of bindings supplied. The current statement uses 2, "
               "and there are 3 supplied.$")
    with pytest.raises(ProgrammingError, match=message):
        con.execute("SELECT ?, ?", (1, 2, 3))
    with pytest.raises(ProgrammingError, match="uses 1, and there are 0 supplied"):
        con.execute("SELECT ?")


def test_missing_named_parameter(con):
    with pytest.raises(ProgrammingError,
                       match="^You did not supply a value for binding parameter :x.$"):
        con.execute("SELECT :y, :x", {"y": 1})


def test_mapping_for_nameless_slots_and_sequence_for_named_slots(con):
    with pytest.raises(ProgrammingError, match="Binding 1 has no name"):
        con.execute("SELECT ?", {"a": 1})
    with pytest.raises(ProgrammingError, match=r"Binding 2 \('b'\) is a named parameter"):
        con.execute("SELECT ?, :b", (1, 2))
    with pytest.raises(ProgrammingError, match="uses 2, and there are 1 supplied"):
        con.execute("SELECT ?, :b", (1,))        # the count is checked first, as in sqlite3


@pytest.mark.parametrize("parameters", ["ab", b"ab", 5, {1, 2}])
def test_unsupported_parameter_containers(con, parameters):
    with pytest.raises(ProgrammingError, match="parameters are of unsupported type"):
        con.execute("SELECT ?, ?", parameters)


def test_none_means_no_parameters(con):
    assert con.execute("SELECT 1", None).fetchall() == [(1,)]


def test_failed_binding_opens_no_transaction(con):
    con.execute("CREATE TABLE t(a)")
    con.commit()
    with pytest.raises(ProgrammingError):
        con.execute("INSERT INTO t VALUES (?)", ())
    assert not con.in_transaction


# -- value adaptation --------------------------------------------------------------------

class Colour(enum.IntEnum):
    RED = 3


class Label(str):
    pass


@pytest.mark.parametrize("value, stored, storage_class", [
    (None, None, "null"),
    (True, 1, "integer"),
    (Colour.RED, 3, "integer"),
    (2 ** 63 - 1, 2 ** 63 - 1, "integer"),
    (-(2 ** 63), -(2 ** 63), "integer"),
    (1.5, 1.5, "real"),
    (Label("x"), "x", "text"),
    (b"\x00\x01", b"\x00\x01", "blob"),
    (bytearray(b"ab"), b"ab", "blob"),
    (memoryview(b"cd"), b"cd", "blob"),
    (datetime.date(2024, 2, 29), "2024-02-29", "text"),
    (datetime.datetime(2024, 2, 29, 13, 5, 9, 12), "2024-02-29 13:05:09.000012", "text"),
    (datetime.time(13, 5, 9), "13:05:09", "text"),
    (rowandb.Binary(b"z"), b"z", "blob"),
])
def test_parameter_values_are_adapted(con, value, stored, storage_class):
    row = con.execute("SELECT ?, typeof(?)", (value, value)).fetchone()
    assert row == (stored, storage_class)
    assert type(row[0]) is type(stored)


@pytest.mark.parametrize("value", [2 ** 63, -(2 ** 63) - 1])
def test_integers_beyond_64_bits_are_data_errors(con, value):
    with pytest.raises(DataError, match="too large to convert to SQLite INTEGER"):
        con.execute("SELECT ?", (value,))


@pytest.mark.parametrize("value, type_name", [([1], "list"), (object(), "object"),
                                              (1 + 2j, "complex")])
def test_unsupported_values_name_index_and_type(con, value, type_name):
    with pytest.raises(ProgrammingError,
                       match=f"^Error binding parameter 2: type '{type_name}' is not supported$"):
        con.execute("SELECT ?, ?", (1, value))


values = st.one_of(st.none(), st.integers(-(2 ** 63), 2 ** 63 - 1),
                   st.floats(allow_nan=False), st.text(), st.binary())


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.lists(values, min_size=1, max_size=4))
def test_values_round_trip_like_sqlite(con, row):
    sql = "SELECT " + ", ".join(f"?{i + 1}, typeof(?{i + 1})" for i in range(len(row)))
    expected = apsw.Connection(":memory:").execute(sql, tuple(row)).fetchall()
    assert con.execute(sql, row).fetchall() == expected


# -- results: description, rowcount, lastrowid, fetching ---------------------------------

def test_description_names_columns_and_is_none_for_other_statements(con):
    cur = con.execute("CREATE TABLE t(a, b)")
    assert cur.description is None
    cur.execute("SELECT a, b AS x, a + 1 FROM t")
    assert cur.description == (("a",) + (None,) * 6, ("x",) + (None,) * 6,
                               ("a + 1",) + (None,) * 6)
    assert cur.description[0][1] == rowandb.STRING
    cur.execute("INSERT INTO t VALUES (1, 2)")
    assert cur.description is None


def test_failed_execute_clears_the_previous_result(con):
    cur = con.execute("SELECT 1")
    with pytest.raises(OperationalError):
        cur.execute("SELECT * FROM missing")
    assert (cur.description, cur.rowcount) == (None, -1)
    with pytest.raises(ProgrammingError):
        cur.fetchall()


def test_rowcount_counts_changed_rows_and_is_minus_one_otherwise(con):
    cur = con.cursor()
    assert cur.rowcount == -1
    cur.execute("CREATE TABLE t(a)")
    assert cur.rowcount == -1
    cur.execute("INSERT INTO t VALUES (1), (2), (3)")
    assert cur.rowcount == 3
    cur.execute("UPDATE t SET a = a + 1 WHERE a > 1")
    assert cur.rowcount == 2
    cur.execute("SELECT * FROM t")
    assert cur.rowcount == -1
    cur.execute("DELETE FROM t WHERE a = 99")
    assert cur.rowcount == 0
    cur.execute("DELETE FROM t")
    assert cur.rowcount == 3


def test_lastrowid_follows_inserts_only(con):
    cur = con.cursor()
    assert cur.lastrowid is None
    cur.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a UNIQUE)")
    cur.execute("INSERT INTO t(a) VALUES ('x')")
    assert cur.lastrowid == 1
    cur.execute("INSERT INTO t VALUES (40, 'y')")
    assert cur.lastrowid == 40
    cur.execute("REPLACE INTO t VALUES (41, 'z')")
    assert cur.lastrowid == 41
    cur.execute("SELECT * FROM t")
    cur.execute("UPDATE t SET a = 'w' WHERE id = 1")
    cur.execute("INSERT OR IGNORE INTO t(a) VALUES ('w')")
    assert cur.lastrowid == 41
    cur.executemany("INSERT INTO t(a) VALUES (?)", [("p",), ("q",)])
    assert cur.lastrowid == 41


def test_executemany_sums_rowcount_and_accepts_iterators(con):
    con.execute("CREATE TABLE t(a)")
    cur = con.executemany("INSERT INTO t VALUES (?)", ((i,) for i in range(5)))
    assert cur.rowcount == 5
    cur.executemany("UPDATE t SET a = a * 10 WHERE a <= ?", [(0,), (3,), (100,)])
    assert cur.rowcount == 1 + 4 + 5  # rows 0 | 0,1,2,3 | all five
    assert cur.description is None
    # t now holds 0, 100, 200, 300, 40
    cur.executemany("DELETE FROM t WHERE a = :v", [{"v": 0}, {"v": 100}])
    assert cur.rowcount == 2
    assert count_rows(con) == 3


def test_executemany_only_runs_dml(con):
    with pytest.raises(ProgrammingError, match="^executemany\\(\\) can only execute DML"):
        con.executemany("SELECT ?", [(1,)])
    with pytest.raises(ProgrammingError, match="iterable of parameter sets"):
        con.execute("CREATE TABLE t(a)").executemany("INSERT INTO t VALUES (1)", 5)


def test_fetchone_fetchmany_fetchall_and_iteration(con):
    con.execute("CREATE TABLE t(a)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(7)])
    cur = con.execute("SELECT a FROM t ORDER BY a")
    assert cur.arraysize == 1
    assert cur.fetchmany() == [(0,)]
    assert cur.fetchone() == (1,)
    cur.arraysize = 2
    assert cur.fetchmany() == [(2,), (3,)]
    assert next(cur) == (4,)
    assert list(cur) == [(5,), (6,)]
    assert (cur.fetchone(), cur.fetchmany(3), cur.fetchall()) == (None, [], [])
    with pytest.raises(ProgrammingError, match="must not be negative"):
        cur.fetchmany(-1)


@pytest.mark.parametrize("statement", ["CREATE TABLE u(a)", "INSERT INTO t VALUES (1)",
                                       "DELETE FROM t"])
def test_fetching_after_a_statement_without_result_set_raises(con, statement):
    con.execute("CREATE TABLE t(a)")
    cur = con.cursor()
    for fetch in (cur.fetchone, cur.fetchall, cur.fetchmany, lambda: next(cur)):
        with pytest.raises(ProgrammingError, match="No result set"):
            fetch()
    cur.execute(statement)
    for fetch in (cur.fetchone, cur.fetchall, cur.fetchmany, lambda: next(cur)):
        with pytest.raises(ProgrammingError, match="No result set"):
            fetch()


def test_insert_returning_has_a_result_set(con):
    con.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a)")
    cur = con.execute("INSERT INTO t(a) VALUES ('x'), ('y') RETURNING id, a")
    assert [d[0] for d in cur.description] == ["id", "a"]
    assert cur.fetchall() == [(1, "x"), (2, "y")]
    assert cur.rowcount == 2


def test_row_factory_is_taken_from_the_connection_when_the_cursor_is_made(con):
    before = con.cursor()
    con.row_factory = lambda cursor, row: {d[0]: v for d, v in zip(cursor.description, row)}
    assert con.execute("SELECT 1 AS one, 2 AS two").fetchall() == [{"one": 1, "two": 2}]
    assert con.execute("SELECT 3 AS x").fetchone() == {"x": 3}
    assert before.execute("SELECT 1 AS one").fetchone() == (1,)


def test_setinputsizes_and_setoutputsize_are_no_ops(con):
    cur = con.cursor()
    cur.setinputsizes((25,))
    cur.setoutputsize(1, 0)
    assert cur.execute("SELECT ?", ("long text",)).fetchall() == [("long text",)]


def test_total_changes(con):
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1), (2)")
    con.execute("UPDATE t SET a = 3")
    assert con.total_changes == 4


# -- lifecycle errors --------------------------------------------------------------------

def test_closed_cursor_refuses_everything(con):
    cur = con.execute("SELECT 1")
    cur.close()
    for use in (lambda: cur.execute("SELECT 1"), lambda: cur.executemany("SELECT 1", []),
                lambda: cur.executescript(""), cur.fetchone, cur.fetchall, cur.fetchmany,
                lambda: next(cur), cur.close):
        with pytest.raises(ProgrammingError, match="^Cannot operate on a closed cursor.$"):
            use()
    assert con.execute("SELECT 2").fetchone() == (2,)


def test_closed_connection_refuses_everything(con):
    cur = con.execute("SELECT 1")
    con.close()
    uses = [con.cursor, con.commit, con.rollback, con.close, lambda: con.execute("SELECT 1"),
            lambda: con.executescript(""), lambda: con.in_transaction,
            lambda: con.total_changes, lambda: setattr(con, "isolation_level", None),
            lambda: setattr(con, "autocommit", True), con.__enter__,
            lambda: cur.execute("SELECT 1"), cur.fetchone, cur.close]
    for use in uses:
        with pytest.raises(ProgrammingError, match="^Cannot operate on a closed database.$"):
            use()


def test_connection_is_bound_to_its_thread_unless_told_otherwise(make_connection):
    strict, shared = make_connection(), make_connection(check_same_thread=False)
    outcome = {}

    def use_from_other_thread():
        try:
            strict.execute("SELECT 1")
        except ProgrammingError as exc:
            outcome["strict"] = str(exc)
        outcome["shared"] = shared.execute("SELECT 1").fetchone()

    worker = threading.Thread(target=use_from_other_thread)
    worker.start()
    worker.join()
    assert "can only be used in that same thread" in outcome["strict"]
    assert outcome["shared"] == (1,)


# -- connect() -----------------------------------------------------------------------------

def test_connect_forwards_engine_options_and_shapes_the_connection(monkeypatch, tmp_path):
    opened = []

    def fake_open_session(database, **options):
        opened.append((database, options))
        return apsw_session.open_session(":memory:", **options)

    monkeypatch.setattr(connection_module, "_open_session", fake_open_session)
    con = rowandb.connect(tmp_path / "x.rowan", timeout=2.5, isolation_level="immediate",
                          file_id_bits=20, page_cache=7)
    assert opened == [(str(tmp_path / "x.rowan"),
                       {"timeout": 2.5, "file_id_bits": 20, "page_cache": 7})]
    assert (con.isolation_level, con.autocommit) == ("IMMEDIATE", -1)
    con.close()
    con = rowandb.connect(":memory:", autocommit=False)
    assert opened[-1] == (":memory:", {"timeout": 5.0, "file_id_bits": 32})
    assert con.in_transaction
    con.close()


def test_connect_checks_transaction_options_before_opening(monkeypatch):
    opened = []
    monkeypatch.setattr(connection_module, "_open_session",
                        lambda database, **options: opened.append(database))
    with pytest.raises(ProgrammingError, match="isolation_level"):
        rowandb.connect(":memory:", isolation_level="NEVER")
    with pytest.raises(ProgrammingError, match="autocommit"):
        rowandb.connect(":memory:", autocommit="off")
    assert opened == []


def test_type_objects_compare_equal_to_type_codes():
    assert rowandb.STRING == None and rowandb.NUMBER == None  # noqa: E711 - description's code
    assert rowandb.STRING == "varchar(20)" and rowandb.STRING != "INTEGER"
    assert rowandb.NUMBER == "INTEGER" and rowandb.NUMBER == "DECIMAL(10,2)"
    assert rowandb.BINARY == "BLOB" and rowandb.BINARY == ""
    assert rowandb.DATETIME == "TIMESTAMP" and rowandb.DATETIME != "TEXT"
    assert rowandb.ROWID == "rowid" and rowandb.STRING != rowandb.BINARY
    assert rowandb.DateFromTicks(0) == datetime.date.fromtimestamp(0)
    assert rowandb.TimestampFromTicks(86400.5) == datetime.datetime.fromtimestamp(86400)
    assert rowandb.TimeFromTicks(3600) == datetime.datetime.fromtimestamp(3600).time()
