"""``import rowandb as sqlite3``: the module attributes, ``connect()``'s arguments, ``Row``,
adapters, converters and ``text_factory`` (rowandb/sql/dbapi/sqlite3_api.py, conversions.py),
each checked against Python's own sqlite3 module doing the same thing, as documented for
Python 3.11-3.13 (docs.python.org/3/library/sqlite3.html), and the SQLite version against
apsw. Where RowanDB differs on purpose, docs/DBAPI.md says so and the test shows it.
"""

import datetime
import os
import sqlite3 as std
import sys

import apsw
import pytest

import rowandb
from stdlib_compare import same_in_both
from rowandb import NotSupportedError, OperationalError, ProgrammingError


@pytest.fixture(params=["rowandb", "sqlite3"])
def module(request):
    return rowandb if request.param == "rowandb" else std


@pytest.fixture
def registries():
    """Leave both modules' adapter and converter registries as they were."""
    saved = [(m, dict(m.adapters), dict(m.converters)) for m in (rowandb, std)]
    yield
    for m, adapters, converters in saved:
        m.adapters.clear()
        m.adapters.update(adapters)
        m.converters.clear()
        m.converters.update(converters)


# -- module attributes -------------------------------------------------------------------

def test_sqlite_version_is_the_sqlite_whose_semantics_rowandb_follows():
    assert rowandb.sqlite_version == apsw.sqlite_lib_version()
    assert rowandb.sqlite_version_info == tuple(map(int, apsw.sqlite_lib_version().split(".")))
    assert rowandb.connect(":memory:").execute("SELECT sqlite_version()").fetchone() == \
        (rowandb.sqlite_version,)


def test_version_is_rowandbs_own():
    from rowandb.version import __version__
    assert rowandb.__version__ == rowandb.version == __version__


def test_parse_flags_have_sqlite3s_values():
    assert (rowandb.PARSE_DECLTYPES, rowandb.PARSE_COLNAMES) == \
        (std.PARSE_DECLTYPES, std.PARSE_COLNAMES)


def test_authorizer_and_limit_constants_have_sqlites_values():
    names = [n for n in dir(std) if n.startswith(("SQLITE_LIMIT_",)) or n in (
        "SQLITE_OK", "SQLITE_DENY", "SQLITE_IGNORE")]
    actions = ["SQLITE_CREATE_INDEX", "SQLITE_SELECT", "SQLITE_READ", "SQLITE_INSERT",
               "SQLITE_UPDATE", "SQLITE_DELETE", "SQLITE_RECURSIVE", "SQLITE_FUNCTION",
               "SQLITE_TRANSACTION", "SQLITE_PRAGMA", "SQLITE_DROP_VTABLE"]
    for name in names + actions:
        assert getattr(rowandb, name) == getattr(std, name) == getattr(apsw, name), name


COMPLETE_CASES = [
    "", ";", "select 1", "select 1;", "select 1; ", "select 1; -- c", "select ';'",
    "select 1 /* ; */", "select 1 /* ; */;", "select 1 /* open", "select 'open;",
    'select "a;b";', "select [x;y];", "select `q;`", "-- only a comment\n",
    "create table t(x);",
    "create trigger r after insert on t begin select 1; end;",
    "create trigger r after insert on t begin select 1;",
    "create trigger r after insert on t begin select 1; end",
    "create temp trigger r after insert on t begin select 1; end;",
    "explain create trigger r after insert on t begin select 1; end;",
    "explain select 1;", "CREATE TRIGGER r BEGIN SELECT 1; END ;",
    "create table trigger(end); ", "create view v as select 1 as end;",
    "select 1; select 2", "select 1; select 2;", "select 1 -- c ;\n",
    "select 'é';", "select x\n;",
]


@pytest.mark.parametrize("text", COMPLETE_CASES)
def test_complete_statement_follows_sqlites_rules(text):
    assert rowandb.complete_statement(text) == apsw.complete(text)   # sqlite3's is older


# SQLite's complete.c reads a space, tab, line feed, form feed and carriage return as white
# space, and every character past ASCII as part of a name: a vertical tab, another control
# character or a Unicode space after the last ';' leaves the text incomplete.
@pytest.mark.parametrize("char", [chr(c) for c in range(1, 0x80)] + [
    "\x85", "\xa0", "\u1680", "\u2000", "\u2028", "\u3000", "\ufeff"])
def test_complete_statement_reads_sqlites_white_space(char):
    for text in (f"select 1;{char}", f"select 1; {char}", f"{char}select 1;",
                 f"create trigger r after insert on t begin select 1;{char}end;"):
        assert rowandb.complete_statement(text) == apsw.complete(text), repr(text)


def test_complete_statement_refuses_a_non_string():
    with pytest.raises(ProgrammingError):
        rowandb.complete_statement(b"select 1;")


# -- adapters and converters -------------------------------------------------------------

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def test_register_adapter_adapts_values_of_that_type(module, registries):
    def run(m, con):
        m.register_adapter(Point, lambda p: f"{p.x};{p.y}")
        return con.execute("SELECT ?, typeof(?)", (Point(1, 2), Point(3, 4))).fetchall()
    assert same_in_both(run) == [("1;2", "text")]


def test_conform_adapts_a_value_itself():
    class Conforming:
        def __conform__(self, protocol):
            return "conformed" if protocol is rowandb.PrepareProtocol else None
    assert rowandb.connect(":memory:").execute("SELECT ?", (Conforming(),)).fetchone() == \
        ("conformed",)


def test_an_adapter_that_raises_is_a_programming_error(registries):
    rowandb.register_adapter(Point, lambda p: 1 / 0)
    with pytest.raises(ProgrammingError, match="Error binding parameter 1"):
        rowandb.connect(":memory:").execute("SELECT ?", (Point(1, 2),))


DETECT_SCRIPT = [
    "CREATE TABLE t(p point, q Point(3), r \"point x\", i integer, f float, n point)",
    "INSERT INTO t VALUES (1.5, 2, x'7a7a', 3, 0.1, NULL)",
]
DETECT_QUERY = ('SELECT p, q, r, i, f, n, p AS "a [int]", 7 AS "b [point]", '
                '8 AS "c  [point] z", NULL AS "d [point]", i + 0 AS e, (SELECT q) AS g '
                'FROM (SELECT * FROM t)')


@pytest.mark.parametrize("flags", [0, 1, 2, 3])
def test_detect_types_converts_by_declared_type_and_column_name(flags, registries):
    def run(m, _):
        con = m.connect(":memory:", detect_types=flags)
        m.register_converter("POINT", lambda b: ("P", b))
        for statement in DETECT_SCRIPT:
            con.execute(statement)
        cur = con.execute(DETECT_QUERY)
        return cur.fetchall(), [d[0] for d in cur.description]
    same_in_both(run)


def test_default_converters_read_dates_and_timestamps():
    def run(m, _):
        con = m.connect(":memory:", detect_types=m.PARSE_DECLTYPES)
        con.execute("CREATE TABLE t(d date, ts timestamp)")
        con.execute("INSERT INTO t VALUES ('2024-02-29', '2024-02-29 13:14:15.25')")
        con.execute("INSERT INTO t VALUES ('2024-03-01', '2024-03-01 01:02:03')")
        return con.execute("SELECT d, ts FROM t").fetchall()
    assert same_in_both(run)[0] == (datetime.date(2024, 2, 29),
                                    datetime.datetime(2024, 2, 29, 13, 14, 15, 250000))


def test_register_converter_is_case_insensitive(registries):
    rowandb.register_converter("MyType", bytes.upper)
    assert "MYTYPE" in rowandb.converters


# -- text_factory ------------------------------------------------------------------------

@pytest.mark.parametrize("factory", [str, bytes, bytearray, lambda b: b.decode() + "!"])
def test_text_factory_shapes_text_values_only(factory):
    def run(m, con):
        con.text_factory = factory
        return con.execute("SELECT 'ab', 'é', x'00', 1, 2.5, NULL").fetchall()
    same_in_both(run)


def test_text_factory_bytes_gives_the_bytes_sqlite_holds():
    con = rowandb.connect(":memory:")
    con.text_factory = bytes
    assert con.execute("SELECT CAST(x'ff41' AS TEXT)").fetchone() == (b"\xffA",)


# -- Row ---------------------------------------------------------------------------------

def test_row_reads_by_index_and_by_name_case_insensitively():
    def run(m, con):
        con.row_factory = m.Row
        row = con.execute("SELECT 1 AS Alpha, 'b' AS beta, NULL AS \"x y\"").fetchone()
        return (row[0], row[-1], row[0:2], row["alpha"], row["BETA"], row["X Y"],
                row.keys(), len(row), list(row), tuple(row))
    same_in_both(run)


@pytest.mark.parametrize("key", ["nope", 5, 1.5, None])
def test_row_refuses_a_missing_or_bad_key_with_index_error(key):
    def run(m, con):
        con.row_factory = m.Row
        return con.execute("SELECT 1 AS a").fetchone()[key]
    assert same_in_both(run)[0] == "IndexError"


def test_rows_are_equal_and_hash_alike_when_names_and_values_are():
    def run(m, con):
        con.row_factory = m.Row
        first = con.execute("SELECT 1 AS a, 2 AS b").fetchone()
        again = con.execute("SELECT 1 AS a, 2 AS b").fetchone()
        renamed = con.execute("SELECT 1 AS a, 2 AS c").fetchone()
        other = con.execute("SELECT 1 AS a, 3 AS b").fetchone()
        return (first == again, hash(first) == hash(again), first == renamed,
                first == other, first == (1, 2), first != again)
    assert same_in_both(run) == (True, True, False, False, False, False)


def test_row_factory_of_a_cursor_is_copied_from_its_connection_and_settable():
    def run(m, con):
        con.row_factory = m.Row
        cur = con.cursor()
        con.row_factory = None
        first = type(cur.execute("SELECT 1").fetchone()).__name__
        cur.row_factory = lambda cursor, row: (cursor is cur, row)
        return first, cur.execute("SELECT 2").fetchone(), con.execute("SELECT 3").fetchone()
    assert same_in_both(run) == ("Row", (True, (2,)), (3,))


def test_row_factory_sees_converted_values(registries):
    def run(m, _):
        con = m.connect(":memory:", detect_types=m.PARSE_COLNAMES)
        m.register_converter("twice", lambda b: b * 2)
        con.row_factory = lambda cursor, row: row
        return con.execute('SELECT 1 AS "x [twice]"').fetchone()
    assert same_in_both(run) == (b"11",)


# -- connect -----------------------------------------------------------------------------

def test_connect_takes_sqlite3s_arguments_in_sqlite3s_order():
    con = rowandb.connect(":memory:", 2.0, rowandb.PARSE_DECLTYPES, None, False)
    assert con.isolation_level is None and con.detect_types == rowandb.PARSE_DECLTYPES


def test_factory_builds_the_connection():
    class Mine(rowandb.Connection):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.made_here = True
    con = rowandb.connect(":memory:", factory=Mine)
    assert isinstance(con, Mine) and con.made_here
    assert con.execute("SELECT 1").fetchone() == (1,)


def test_cached_statements_sizes_the_statement_cache():
    con = rowandb.connect(":memory:", cached_statements=2)
    for n in range(5):
        con.execute(f"SELECT {n}")
    assert len(con._session.cache) == 2
    with pytest.raises(ProgrammingError):
        rowandb.connect(":memory:", cached_statements=-1)


def test_bad_detect_types_is_a_programming_error():
    with pytest.raises(ProgrammingError):
        rowandb.connect(":memory:", detect_types="yes")


def test_uri_memory_mode(module):
    con = module.connect("file:whatever?mode=memory", uri=True)
    con.execute("CREATE TABLE t(x)")
    other = module.connect("file:whatever?mode=memory", uri=True)
    assert other.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def test_uri_rw_needs_an_existing_database(tmp_path, module):
    with pytest.raises(module.OperationalError, match="unable to open database file"):
        module.connect(f"file:{tmp_path / 'missing.db'}?mode=rw", uri=True)


def test_uri_bad_mode_is_sqlites_error(module):
    with pytest.raises(module.OperationalError, match="no such access mode: bogus"):
        module.connect("file:x.db?mode=bogus", uri=True)


def test_uri_rwc_creates_and_ro_refuses_writes(tmp_path):
    path = tmp_path / "app.rowan"
    con = rowandb.connect(f"file:{path}?mode=rwc", uri=True)
    con.execute("CREATE TABLE t(x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    reader = rowandb.connect(f"file:{path}?mode=ro", uri=True)
    assert reader.execute("SELECT x FROM t").fetchall() == [(1,)]
    with pytest.raises(OperationalError, match="attempt to write a readonly database"):
        reader.execute("INSERT INTO t VALUES (2)")
    reader.close()


def test_uri_shared_cache_is_refused_by_name():
    with pytest.raises(NotSupportedError, match="cache=shared"):
        rowandb.connect("file::memory:?cache=shared", uri=True)


def test_without_uri_a_file_name_is_a_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rowandb.connect("file:x?mode=ro").close()
    assert os.path.exists(tmp_path / "file:x?mode=ro")


# -- callbacks' tracebacks ---------------------------------------------------------------

@pytest.mark.parametrize("flag", [True, False])
def test_enable_callback_tracebacks_reports_through_unraisablehook(flag, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    rowandb.enable_callback_tracebacks(flag)
    try:
        con = rowandb.connect(":memory:")
        con.create_function("boom", 0, lambda: 1 / 0)
        with pytest.raises(OperationalError):
            con.execute("SELECT boom()")
    finally:
        rowandb.enable_callback_tracebacks(False)
    assert [type(s.exc_value) for s in seen] == ([ZeroDivisionError] if flag else [])
