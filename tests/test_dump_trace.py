"""``Connection.set_trace_callback``, ``iterdump`` and ``backup`` (rowandb/sql/dbapi/trace.py,
rowandb/sql/dbapi/dump.py), compared with Python's sqlite3 module doing the same, as documented
for Python 3.11-3.13; where RowanDB differs (docs/DBAPI.md) the test shows how.
"""

import sqlite3 as std

import pytest

import rowandb
from rowandb import OperationalError, ProgrammingError
from stdlib_compare import same_in_both

SCRIPT = """
CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT, z BLOB, w REAL);
INSERT INTO t VALUES (1, 'a''b', x'00ff', 1.5), (2, NULL, NULL, 0.1), (3, 'é', x'', -2e300);
CREATE INDEX i ON t(y);
CREATE VIEW v AS SELECT * FROM t;
CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;
CREATE TABLE "we ""ird"(a, "b c");
INSERT INTO "we ""ird" VALUES (3, 'q');
CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, q);
INSERT INTO s(q) VALUES (5), (6);
CREATE TABLE empty(e);
"""


def test_iterdump_writes_what_sqlite3_writes():
    def run(m, con):
        con.executescript(SCRIPT)
        return list(con.iterdump())
    dump = same_in_both(run)
    assert dump[0] == "BEGIN TRANSACTION;" and dump[-1] == "COMMIT;"


def test_iterdump_rebuilds_the_database():
    con = rowandb.connect(":memory:")
    con.executescript(SCRIPT)
    copy = rowandb.connect(":memory:")
    copy.executescript("\n".join(con.iterdump()))
    for query in ["SELECT * FROM t", 'SELECT * FROM "we ""ird"', "SELECT * FROM v",
                  "SELECT * FROM sqlite_sequence", "SELECT type, name, sql FROM sqlite_master"]:
        assert sorted(copy.execute(query).fetchall(), key=repr) == \
            sorted(con.execute(query).fetchall(), key=repr)


def test_iterdump_is_not_shaped_by_the_factories():
    con = rowandb.connect(":memory:")
    con.executescript(SCRIPT)
    plain = list(con.iterdump())
    con.row_factory = rowandb.Row
    con.text_factory = bytes
    assert list(con.iterdump()) == plain


def test_backup_copies_into_another_connection_replacing_its_content():
    source = rowandb.connect(":memory:")
    source.executescript(SCRIPT)
    target = rowandb.connect(":memory:")
    target.executescript("CREATE TABLE old(q); CREATE TABLE t(other);")
    calls = []
    source.backup(target, pages=1, progress=lambda *args: calls.append(args))
    assert list(target.iterdump()) == list(source.iterdump())
    assert calls == [(101, 0, len(list(source.iterdump())) - 2)]


def test_backup_keeps_rows_a_foreign_key_would_refuse_on_the_way():
    source = rowandb.connect(":memory:")
    source.executescript("PRAGMA foreign_keys = OFF; CREATE TABLE c(p REFERENCES a(id));"
                         "INSERT INTO c VALUES (1); CREATE TABLE a(id PRIMARY KEY);"
                         "INSERT INTO a VALUES (1);")
    target = rowandb.connect(":memory:")
    source.backup(target)
    assert target.execute("SELECT * FROM c").fetchall() == [(1,)]
    assert target.execute("PRAGMA foreign_keys").fetchone() == (1,)


@pytest.mark.parametrize("call, error", [
    (lambda s, t: s.backup(s), ProgrammingError),
    (lambda s, t: s.backup(t, name="nope"), OperationalError),
    (lambda s, t: s.backup(std.connect(":memory:")), ProgrammingError),
    (lambda s, t: s.backup(t, progress=5), ProgrammingError),
])
def test_backup_refuses_what_sqlite3_refuses(call, error):
    with pytest.raises(error):
        call(rowandb.connect(":memory:"), rowandb.connect(":memory:"))


def test_trace_callback_sees_each_statement_with_its_parameters():
    def run(m, _):
        con = m.connect(":memory:", isolation_level=None)
        seen = []
        con.set_trace_callback(seen.append)
        con.execute("CREATE TABLE t(x)")
        con.execute("INSERT INTO t VALUES (?)", ("a'b",))
        con.executemany("INSERT INTO t VALUES (?)", [(1,), (2.5,), (None,), (b"\x01",)])
        con.execute("SELECT * FROM t WHERE x = ? OR x = ?", (1, 0.1))
        con.execute("SELECT * FROM t WHERE x = :n OR :n IS NULL", {"n": -3})
        con.execute("PRAGMA user_version")
        con.set_trace_callback(None)
        con.execute("SELECT 3")
        return seen
    same_in_both(run)


def test_trace_callback_sees_the_transaction_control_the_connection_sends():
    con = rowandb.connect(":memory:")
    seen = []
    con.set_trace_callback(seen.append)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    # sqlite3 sends 'BEGIN ' only before DML; RowanDB also before DDL (docs/DBAPI.md).
    assert seen == ["BEGIN", "CREATE TABLE t(x)", "COMMIT"]


def test_a_trace_callback_that_raises_is_ignored():
    def run(m, con):
        con.set_trace_callback(lambda sql: 1 / 0)
        return con.execute("SELECT 1").fetchall()
    assert same_in_both(run) == [(1,)]
