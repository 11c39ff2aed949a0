"""PRAGMAs against SQLite (apsw): every pragma RowanDB builds, in every form, must give
SQLite's column names, rows and errors.

Each script of ``SCRIPTS`` runs statement by statement on a fresh RowanDB session and a fresh
SQLite connection (foreign keys on, busy timeout 5000 ms, as ``connect()`` gives); every
statement must give the same outcome: no columns, or the same column names and the same
rows (storage class and value), or the same error class and message. The hypothesis test
below draws the arguments: whatever text a pragma is given, RowanDB must read it as SQLite
does -- ``PRAGMA user_version = '12abc'`` stores 12, ``PRAGMA recursive_triggers = -1``
turns the flag off.

The few places where RowanDB answers differently on purpose (it has no temp database, no
UTF-16, no file-backed temporary storage, no compile options) are tested at the end, each
next to what SQLite does.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsw_session import ApswSession
from oracle import error_class, exact
from rowandb.errors import Error, NotSupportedError
from rowandb.planner.functions.compile_options import OPTIONS
from rowandb.sql.session import open_session

_POSITION = re.compile(r" \(line \d+, column \d+\)$")


def outcome(session, sql: str):
    """("ok", columns, rows) or ("error", class, message) or ("python", exception)."""
    try:
        result = session.execute(sql)
    except Error as error:
        return ("error", error_class(error), _POSITION.sub("", str(error)))
    except Exception as error:                   # noqa: BLE001 - that is the bug we report
        return ("python", type(error).__name__, str(error)[:200])
    columns = tuple(result.columns) if result.columns else None
    return ("ok", columns, [tuple(exact(v) for v in row) for row in result.rows])


def differences(statements, sessions=None) -> list[str]:
    mine, theirs = sessions or (open_session(":memory:"), ApswSession({}))
    found = []
    for sql in statements:
        a, b = outcome(mine, sql), outcome(theirs, sql)
        if a != b:
            found.append(f"{sql}\n  rowandb: {a}\n  sqlite:  {b}")
    return found


def assert_same(statements) -> None:
    found = differences(statements)
    assert not found, "\n".join(found)


_NUMBERS = ["7", "'7'", "-1", "- 5", "+3", "+ 4", "'abc'", "1.5", "-1.5", "'12abc'", "0x10",
            "'0x10'", "'-0x10'", "0x7fffffff", "0x80000000", "0xffffffff", "2147483647",
            "2147483648", "-2147483648", "-2147483649", "99999999999", "00000000000012",
            "' 42'", "'+5'", "'--5'", "on", "yes", "default", "delete", "abc", "\"8\"",
            "[9]", "`10`", ".5", "1e3", "'٣'", "''"]
_SPELLINGS = ["on", "off", "yes", "no", "true", "false", "1", "0", "2", "256", "257", "-1",
              "'abc'", "'1abc'", "' 1'", "full", "extra", "normal", "0x1", "1.5", "delete",
              "default", "TRUE", "Yes", "'on'", "\"off\"", "''"]
_FLAGS = ["recursive_triggers", "legacy_alter_table", "read_uncommitted", "foreign_keys",
          "defer_foreign_keys", "query_only"]


def _each_value(pragma: str, values: list[str]) -> list[str]:
    """Set ``pragma`` to each value (both forms) and read it back after each."""
    statements = []
    for value in values:
        statements += [f"PRAGMA {pragma} = {value}", f"PRAGMA {pragma}",
                       f"PRAGMA {pragma}({value})", f"PRAGMA main.{pragma}"]
    return statements


SCHEMA = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE nocase, c, d COLLATE RTRIM, "
    "e NOT NULL DEFAULT 'x', UNIQUE (c COLLATE NoCase DESC, b))",
    "CREATE INDEX i ON t(b DESC, c COLLATE Binary, d)",
    "CREATE INDEX j ON t(a)",
    "CREATE TABLE w(x PRIMARY KEY, y REFERENCES t(a))",
    "CREATE TABLE v(p INTEGER PRIMARY KEY DESC, q UNIQUE)",
    "CREATE TABLE s(k TEXT PRIMARY KEY COLLATE Rtrim, n INTEGER)",
]

SCRIPTS = {
    "user_version reads its argument as SQLite does": _each_value("user_version", _NUMBERS),
    "application_id reads its argument as SQLite does": _each_value("application_id", _NUMBERS),
    "header values are transactional": [
        "PRAGMA user_version", "PRAGMA application_id", "BEGIN", "PRAGMA user_version = 5",
        "PRAGMA user_version", "ROLLBACK", "PRAGMA user_version", "BEGIN",
        "PRAGMA application_id = 6", "SAVEPOINT s", "PRAGMA application_id = 7",
        "PRAGMA application_id", "ROLLBACK TO s", "PRAGMA application_id", "COMMIT",
        "PRAGMA application_id", "SAVEPOINT a", "PRAGMA user_version = 8", "RELEASE a",
        "PRAGMA user_version", "PRAGMA user_version = 8", "PRAGMA user_version"],
    "schema_version counts schema changes, in their transactions": [
        "PRAGMA schema_version", "CREATE TABLE t(a UNIQUE, b)", "PRAGMA schema_version",
        "CREATE INDEX i ON t(b)", "CREATE TABLE p(x INTEGER PRIMARY KEY AUTOINCREMENT)",
        "PRAGMA schema_version", "BEGIN", "CREATE TABLE r(a)", "PRAGMA schema_version",
        "ROLLBACK", "PRAGMA schema_version", "DROP INDEX i", "DROP TABLE t",
        "CREATE TABLE IF NOT EXISTS p(x)", "CREATE TABLE q(a REFERENCES p)",
        "INSERT INTO p VALUES (NULL)", "PRAGMA schema_version", "SAVEPOINT s",
        "CREATE TABLE z(a)", "CREATE INDEX zi ON z(a)", "ROLLBACK TO s", "RELEASE s",
        "PRAGMA schema_version", "DROP TABLE IF EXISTS nosuch", "CREATE TABLE q(x)",
        "CREATE TABLE bad(a, a)", "CREATE UNIQUE INDEX u ON p(x)", "PRAGMA user_version = 5",
        "PRAGMA schema_version", "DROP TABLE p", "PRAGMA schema_version",
        "PRAGMA schema_version = 2147483647", "CREATE TABLE big(a)", "PRAGMA schema_version",
        "PRAGMA schema_version = 'x'", "PRAGMA schema_version", "PRAGMA main.schema_version"],
    "the statement's grammar and its errors": [
        "PRAGMA", "PRAGMA user_version =", "PRAGMA user_version(", "PRAGMA main.",
        "PRAGMA .user_version", "PRAGMA user_version = 1 2", "PRAGMA user_version(1,2)",
        "PRAGMA user_version()", "PRAGMA user_version = (1)", "PRAGMA user_version = -'5'",
        "PRAGMA user_version = +'5'", "PRAGMA user_version = ?", "PRAGMA user_version = :a",
        "PRAGMA user_version = -x", "PRAGMA user_version = null", "PRAGMA user_version = all",
        "PRAGMA user_version = select", "PRAGMA user_version = x'41'",
        "PRAGMA user_version = 1_000", "PRAGMA user_version = 1e", "PRAGMA select",
        "PRAGMA on", "PRAGMA user_version (5) x", "PRAGMA user_version = current_time",
        "PRAGMA user_version", "PRAGMA user_version = left", "PRAGMA left",
        "PRAGMA 'user_version'", "PRAGMA \"user_version\"", "PRAGMA [user_version]",
        "PRAGMA USER_VERSION", "PRAGMA 'main'.user_version", "PRAGMA \"MAIN\".user_version",
        "PRAGMA main . user_version", "PRAGMA foo.user_version", "PRAGMA foo.nosuch",
        "PRAGMA temp.nosuch", "PRAGMA nosuch", "PRAGMA nosuch = 5", "PRAGMA nosuch(x)",
        "PRAGMA vdbe_trace = 1", "PRAGMA user_version = 3;", "PRAGMA user_version"],
    "boolean settings read on, off, yes, no, true, false and numbers as SQLite": [
        sql for flag in _FLAGS for sql in _each_value(flag, _SPELLINGS)] + [
        f"PRAGMA {flag}" for flag in _FLAGS],
    "foreign_keys cannot change inside a transaction": [
        "BEGIN", "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys", "COMMIT",
        "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys"],
    "busy_timeout is the connection's wait in milliseconds": ["PRAGMA busy_timeout"] + [
        sql for sql in _each_value("busy_timeout", _NUMBERS) if "(" not in sql or "main" in sql],
    "threads is a limit of at most 8": ["PRAGMA threads"] + _each_value("threads", [
        "3", "'4'", "0x5", "' 6 '", "7x", "100", "-1", "abc", "0", "99999999999999999999",
        "0x7fffffff", "9223372036854775807", "1.5", "2"]),
    "temp_store takes DEFAULT and MEMORY": ["PRAGMA temp_store"] + _each_value("temp_store", [
        "memory", "MEMORY", "2", "0", "default", "'2abc'", "abc", "2", "3", "'0'", "9"]),
    "synchronous keeps three bits and refuses a change in a transaction": [
        "PRAGMA synchronous"] + _each_value("synchronous", [
            "extra", "5", "6", "7", "8", "9", "normal", "abc", "256", "off", "full", "no",
            "yes", "true", "1", "0x2", "'3'", "-1", "on", "2"]) + [
        "BEGIN", "PRAGMA synchronous = 1", "PRAGMA synchronous", "COMMIT"],
    "wal_autocheckpoint on an in-memory database": [
        "PRAGMA wal_autocheckpoint", "PRAGMA wal_autocheckpoint = -5", "PRAGMA wal_autocheckpoint",
        "PRAGMA wal_autocheckpoint = 'abc'", "PRAGMA wal_autocheckpoint = 7",
        "PRAGMA wal_autocheckpoint(9)", "PRAGMA wal_autocheckpoint", "PRAGMA wal_checkpoint",
        "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA main.wal_checkpoint = passive"],
    "journal_mode of an in-memory database": [
        "PRAGMA journal_mode", "PRAGMA journal_mode = wal", "PRAGMA journal_mode = delete",
        "PRAGMA journal_mode = TRUNCATE", "PRAGMA journal_mode = persist",
        "PRAGMA journal_mode = memory", "PRAGMA journal_mode = bogus", "PRAGMA journal_mode = ''",
        "PRAGMA main.journal_mode", "PRAGMA journal_mode(w)"],
    "encoding is UTF-8, and fixed by the first CREATE": [
        "PRAGMA encoding", "PRAGMA encoding = 'UTF-8'", "PRAGMA encoding = 'utf8'",
        "PRAGMA encoding = 'foo'", "PRAGMA encoding", "PRAGMA user_version = 0",
        "PRAGMA schema_version = 3", "PRAGMA encoding = 'foo'", "CREATE TABLE t(a)",
        "DROP TABLE t", "PRAGMA encoding = 'foo'", "PRAGMA encoding = 'UTF-16le'",
        "PRAGMA encoding", "PRAGMA main.encoding"],
    "encoding is fixed by a CREATE even when it is rolled back": [
        "BEGIN", "CREATE TABLE t(a)", "ROLLBACK", "PRAGMA encoding = 'bogus'",
        "PRAGMA encoding"],
    "case_sensitive_like changes LIKE and like(), also in prepared statements": [
        "CREATE TABLE c(v CHECK (v LIKE 'A%'))", "CREATE TABLE x(s)",
        "INSERT INTO x VALUES ('abc'), ('ABC'), ('Abc'), ('äbc'), ('Äbc')",
        "SELECT s FROM x WHERE s LIKE 'a%' ORDER BY s", "INSERT INTO c VALUES ('abc')",
        "PRAGMA case_sensitive_like", "PRAGMA case_sensitive_like = 1",
        "PRAGMA case_sensitive_like", "SELECT s FROM x WHERE s LIKE 'a%' ORDER BY s",
        "SELECT 'a' LIKE 'A', like('A', 'a'), 'abc' LIKE 'A%' ESCAPE '\\', "
        "'abc' NOT LIKE 'A%', like('A%', 'abc', '\\'), 'ä' LIKE 'Ä', 'a' GLOB 'A'",
        "INSERT INTO c VALUES ('abc')", "INSERT INTO c VALUES ('Abc')",
        "SELECT count(*) FROM x WHERE like('_B_', s)",
        "PRAGMA case_sensitive_like = off", "SELECT s FROM x WHERE s LIKE 'a%' ORDER BY s",
        "INSERT INTO c VALUES ('abc')", "SELECT count(*) FROM x WHERE like('_B_', s)",
        "PRAGMA case_sensitive_like = yes", "SELECT 'a' LIKE 'A'",
        "PRAGMA case_sensitive_like = 'abc'", "SELECT 'a' LIKE 'A'",
        "PRAGMA main.case_sensitive_like = 1", "SELECT 'a' LIKE 'A'"],
    "case_sensitive_like reaches a trigger program compiled before it": [
        "CREATE TABLE t(a)", "CREATE TABLE l(m)",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO l VALUES (new.a LIKE 'a%'); END",
        "INSERT INTO t VALUES ('A1')", "PRAGMA case_sensitive_like = ON",
        "INSERT INTO t VALUES ('A1')", "INSERT INTO t SELECT 'A2'",
        "PRAGMA case_sensitive_like = OFF", "INSERT INTO t VALUES ('A3')",
        "SELECT rowid, m FROM l ORDER BY rowid"],
    "query_only refuses every write once it is prepared": [
        "CREATE TABLE t(a)", "PRAGMA query_only = 1", "SELECT * FROM t",
        "INSERT INTO t VALUES (1)", "INSERT INTO nosuch VALUES (1)", "DELETE FROM t WHERE 0",
        "UPDATE t SET a = 1", "CREATE TABLE u(a)", "DROP TABLE t", "CREATE INDEX i ON t(a)",
        "BEGIN IMMEDIATE", "COMMIT", "BEGIN EXCLUSIVE", "BEGIN", "SELECT 1",
        "PRAGMA user_version = 3", "PRAGMA application_id = 3", "PRAGMA schema_version = 3",
        "PRAGMA user_version", "REPLACE INTO t VALUES (1)", "COMMIT", "PRAGMA foreign_keys = 0",
        "PRAGMA query_only", "PRAGMA query_only = 0", "INSERT INTO t VALUES (1)",
        "SELECT * FROM t"],
    "table_xinfo and index_xinfo": SCHEMA + [
        f"PRAGMA {p}({name})" for p in ("table_info", "table_xinfo") for name in (
            "t", "w", "v", "s", "nosuch", "sqlite_schema", "sqlite_master", "'T'", "i")] + [
        f"PRAGMA {p}({name})" for p in ("index_info", "index_xinfo", "index_list") for name in (
            "i", "j", "sqlite_autoindex_t_1", "sqlite_autoindex_w_1", "sqlite_autoindex_v_1",
            "sqlite_autoindex_v_2", "sqlite_autoindex_s_1", "nosuch", "t", "w", "v", "s",
            "'I'")] + [
        "PRAGMA table_xinfo", "PRAGMA index_xinfo", "PRAGMA main.index_xinfo(i)",
        "PRAGMA main.table_xinfo(t)", "PRAGMA index_xinfo = i", "PRAGMA table_xinfo = 'v'"],
    "integrity_check takes a limit or a table": SCHEMA + [
        "INSERT INTO t(a, b, c, d) VALUES (1, 'x', 'y', 'z')", "PRAGMA integrity_check",
        "PRAGMA integrity_check(t)", "PRAGMA integrity_check(nosuch)",
        "PRAGMA main.integrity_check(nosuch)", "PRAGMA integrity_check('5')",
        "PRAGMA integrity_check(5)", "PRAGMA integrity_check(-1)", "PRAGMA integrity_check(0)",
        "PRAGMA quick_check", "PRAGMA quick_check(w)", "PRAGMA main.quick_check",
        "PRAGMA foreign_key_check(nosuch)", "PRAGMA main.foreign_key_check(nosuch)",
        "PRAGMA foreign_key_check(w)", "PRAGMA foreign_key_check"],
    # sqlite3LocateTable finds views too (fuzz 163030041)
    "foreign_key_check and integrity_check of a view find nothing to report": SCHEMA + [
        "CREATE VIEW vw AS SELECT * FROM w", "CREATE TEMP VIEW tv AS SELECT 1",
        "INSERT INTO w VALUES (1, 5)", "PRAGMA foreign_keys = OFF",
        "INSERT INTO w VALUES (2, 7)", "PRAGMA foreign_key_check(vw)",
        "PRAGMA main.foreign_key_check(VW)", "SELECT * FROM pragma_foreign_key_check('vw')",
        "PRAGMA integrity_check(vw)", "PRAGMA quick_check(vw)", "PRAGMA main.integrity_check(vw)",
        "PRAGMA foreign_key_check(tv)", "PRAGMA integrity_check(tv)",
        "SELECT * FROM pragma_integrity_check('tv')", "PRAGMA main.foreign_key_check(tv)",
        "PRAGMA main.integrity_check(tv)", "CREATE TEMP VIEW w AS SELECT 1",
        "PRAGMA foreign_key_check(w)", "PRAGMA main.foreign_key_check(w)",
        "SELECT s.name, p.* FROM sqlite_schema AS s JOIN pragma_foreign_key_check(s.name) AS p"
        " WHERE s.type IN ('table', 'view')"],
    "the temp schema holds nothing but its schema table": SCHEMA + [
        f"PRAGMA {schema}.{p}{arg}" for schema in ("temp", "TEMP", '"temp"')
        for p in ("table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
                  "foreign_key_list", "table_list")
        for arg in ("", "(t)", "(i)", "('nosuch')", "(sqlite_master)", "(sqlite_schema)",
                    "(sqlite_temp_master)", "(SQLITE_TEMP_SCHEMA)", "(sqlite_autoindex_t_1)")] + [
        f"PRAGMA {schema}{p}({name})" for schema in ("", "main.")
        for p in ("table_info", "table_xinfo", "index_list", "table_list")
        for name in ("sqlite_temp_master", "sqlite_temp_schema", "sqlite_master")],
    "lists": SCHEMA + [
        "PRAGMA collation_list", "PRAGMA table_list(t)", "PRAGMA main.table_list(w)",
        "PRAGMA main.table_list(sqlite_master)", "PRAGMA database_list",
        "PRAGMA main.database_list", "PRAGMA foreign_key_list(w)"],
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_pragma_scripts_match_sqlite(name):
    assert_same(SCRIPTS[name])


def test_table_list_of_main_lists_main_only():
    """Compared as a multiset: SQLite lists tables in its hash table's order."""
    mine, theirs = open_session(":memory:"), ApswSession({})
    for sql in SCHEMA:
        mine.execute(sql)
        theirs.execute(sql)
    for sql in ("PRAGMA main.table_list", "PRAGMA table_list", "PRAGMA \"MAIN\".table_list"):
        a, b = mine.execute(sql), theirs.execute(sql)
        assert a.columns == b.columns and sorted(a.rows) == sorted(b.rows)


def test_table_list_of_temp_lists_its_tables_and_without_rowid():
    """temp's WITHOUT ROWID tables show ``wr`` = 1 (compared as a multiset, as above)."""
    mine, theirs = open_session(":memory:"), ApswSession({})
    for sql in ("CREATE TEMP TABLE w(a PRIMARY KEY, b) WITHOUT ROWID", "CREATE TEMP TABLE r(a)"):
        mine.execute(sql)
        theirs.execute(sql)
    a, b = mine.execute("PRAGMA temp.table_list"), theirs.execute("PRAGMA temp.table_list")
    assert a.columns == b.columns and sorted(a.rows) == sorted(b.rows)


# -- arguments drawn at random ------------------------------------------------------------
_TEXT = st.text(alphabet="0123456789+-xXaAeEfFlLnNoOrRsStTuUyY .'_", max_size=12)
ARGUMENTS = st.one_of(
    st.sampled_from(_NUMBERS + _SPELLINGS),
    st.integers(-2 ** 40, 2 ** 40).map(str),
    st.integers(0, 2 ** 36).map(hex),
    st.floats(allow_nan=False, allow_infinity=False).map(repr).filter(
        lambda text: "inf" not in text),
    _TEXT.map(lambda text: "'" + text.replace("'", "''") + "'"),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
)
_SETTABLE = ["user_version", "application_id", "busy_timeout", "threads", "synchronous",
             "wal_autocheckpoint"] + _FLAGS


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(_SETTABLE), ARGUMENTS, st.booleans()),
                min_size=1, max_size=6))
def test_any_argument_is_read_as_sqlite_reads_it(steps):
    statements = []
    for pragma, argument, parenthesised in steps:
        form = f"({argument})" if parenthesised else f" = {argument}"
        statements += [f"PRAGMA {pragma}{form}", f"PRAGMA {pragma}"]
    assert_same(statements)


def test_case_sensitive_like_reads_its_argument_as_a_boolean():
    statements = []
    for spelling in _SPELLINGS:
        statements += [f"PRAGMA case_sensitive_like = {spelling}", "SELECT 'a' LIKE 'A'",
                       "PRAGMA case_sensitive_like = 0"]
    assert_same(statements)


# -- where RowanDB answers differently, on purpose ---------------------------------------------
def _both(setup=()):
    mine, theirs = open_session(":memory:"), ApswSession({})
    for sql in setup:
        mine.execute(sql)
        theirs.execute(sql)
    return mine, theirs


def test_a_pragma_of_the_temp_database_is_refused():
    """Only the pragmas that look objects up in the temp schema answer for it (the script
    above); SQLite answers every other for its temp database."""
    mine, theirs = _both(["CREATE TABLE t(a)"])
    for pragma in ("user_version", "journal_mode", "foreign_keys", "user_version = 3",
                   "integrity_check", "foreign_key_check",
                   "schema_version", "quick_check"):
        name = re.match(r"\w+", pragma).group()
        with pytest.raises(NotSupportedError, match=rf"^PRAGMA temp\.{name} is not supported$"):
            mine.execute(f"PRAGMA temp.{pragma}")
        theirs.execute(f"PRAGMA temp.{pragma}")
    assert mine.execute("PRAGMA user_version").rows == [(0,)]


def test_file_backed_temporary_storage_is_refused():
    mine, theirs = _both()
    for value in ("FILE", "1", "'1x'", "file"):
        with pytest.raises(NotSupportedError, match="temp_store = FILE is not supported"):
            mine.execute(f"PRAGMA temp_store = {value}")
        theirs.execute(f"PRAGMA temp_store = {value}")
        assert theirs.execute("PRAGMA temp_store").rows == [(1,)]
        assert mine.execute("PRAGMA temp_store").rows == [(0,)]    # unchanged


def test_utf16_is_refused_for_a_new_database():
    mine, theirs = _both()
    for name in ("UTF-16", "utf16le", "UTF-16be"):
        with pytest.raises(NotSupportedError, match=f"encoding = '{name}' is not supported"):
            mine.execute(f"PRAGMA encoding = '{name}'")
    theirs.execute("PRAGMA encoding = 'UTF-16be'")
    assert theirs.execute("PRAGMA encoding").rows == [("UTF-16be",)]
    assert mine.execute("PRAGMA encoding").rows == [("UTF-8",)]


def test_an_in_memory_database_keeps_its_journal():
    """SQLite lets an in-memory database drop its rollback journal (OFF); RowanDB keeps
    its undo log and answers the mode in force, SQLite's way of saying "not changed"."""
    mine, theirs = _both()
    assert theirs.execute("PRAGMA journal_mode = off").rows == [("off",)]
    assert mine.execute("PRAGMA journal_mode = off").rows == [("memory",)]
    assert mine.execute("PRAGMA journal_mode").rows == [("memory",)]


def test_lists_of_what_rowandb_is_made_of():
    """compile_options lists SQLite's options that describe RowanDB (checked one by one in
    test_compile_options.py); module_list lists the table-valued functions the connection
    named, none yet (test_module_list.py). pragma_list lists the pragmas RowanDB answers."""
    mine, theirs = _both()
    assert theirs.execute("PRAGMA compile_options").rows
    assert mine.execute("PRAGMA compile_options").columns == ("compile_options",)
    assert mine.execute("PRAGMA compile_options").rows == [(o,) for o in OPTIONS]
    assert mine.execute("PRAGMA module_list").columns == ("name",)
    assert mine.execute("PRAGMA module_list").rows == []
    names = [row[0] for row in mine.execute("PRAGMA pragma_list").rows]
    assert names == sorted(names) and {"user_version", "storage_stats"} <= set(names)
    assert "cache_size" not in names
    sqlite_names = {row[0] for row in theirs.execute("PRAGMA pragma_list").rows}
    assert names and set(names) - sqlite_names == {"dictionary_stats", "file_cache_size",
                                                  "storage_stats"}


def test_a_pragma_refused_leaves_everything_unchanged():
    mine = open_session(":memory:")
    mine.execute("CREATE TABLE t(a)")
    mine.execute("BEGIN")
    mine.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(NotSupportedError):
        mine.execute("PRAGMA cache_size = 10")
    assert mine.in_transaction
    mine.execute("COMMIT")
    assert mine.execute("SELECT a FROM t").rows == [(1,)]
