"""``Connection.blobopen`` and ``Blob`` (rowandb/sql/dbapi/blob.py), each behaviour run on
RowanDB and on Python's own sqlite3 module. Where sqlite3 raises ValueError, TypeError or
IndexError RowanDB raises ProgrammingError with the same message (docs/DBAPI.md): the
comparison maps those classes to ProgrammingError."""

import os
import sqlite3 as std

import pytest

import rowandb

SCHEMA = """
CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB, tx TEXT, n, i BLOB, g AS (b || 'x'));
CREATE INDEX ii ON t(i);
CREATE VIEW v AS SELECT * FROM t;
INSERT INTO t(id, b, tx, n, i) VALUES (1, x'0102030405', 'hello', NULL, x'00'),
                                      (2, 5, 'x', 3.5, x'01');
"""
PYTHON_CLASSES = ("ValueError", "TypeError", "IndexError")


def _outcome(call):
    try:
        return "ok", call()
    except (std.Error, rowandb.Error, ValueError, TypeError, IndexError) as error:
        kind = type(error).__name__
        return ("ProgrammingError" if kind in PYTHON_CLASSES else kind), str(error)


def _same(run):
    answers = []
    for module in (rowandb, std):
        con = module.connect(":memory:", isolation_level=None)
        con.executescript(SCHEMA)
        answers.append(_outcome(lambda: run(con)))
    assert answers[0] == answers[1]
    return answers[0]


@pytest.mark.parametrize("args, kwargs, message", [
    (("nope", "b", 1), {}, "no such table: main.nope"),
    (("t", "nope", 1), {}, 'no such column: "nope"'),
    (("t", "b", 9), {}, "no such rowid: 9"),
    (("t", "n", 1), {}, "cannot open value of type null"),
    (("t", "b", 2), {}, "cannot open value of type integer"),
    (("t", "n", 2), {}, "cannot open value of type real"),
    (("t", "id", 1), {}, "cannot open value of type null"),
    (("t", "g", 1), {}, "cannot open value of type null"),
    (("t", "i", 1), {}, "cannot open indexed column for writing"),
    (("v", "b", 1), {}, "cannot open view: v"),
    (("t", "b", 1), {"name": "aux"}, "no such table: aux.t"),
])
def test_blobopen_refuses_what_sqlite_refuses(args, kwargs, message):
    assert _same(lambda con: con.blobopen(*args, **kwargs)) == ("OperationalError", message)


def test_blobopen_gives_the_modules_blob():
    for module in (rowandb, std):
        con = module.connect(":memory:")
        con.executescript(SCHEMA)
        assert isinstance(con.blobopen("t", "b", 1), module.Blob)


def test_an_indexed_column_opens_read_only():
    assert _same(lambda con: con.blobopen("t", "i", 1, readonly=True).read()) == ("ok", b"\0")


def test_read_seek_tell_and_len():
    def run(con):
        blob = con.blobopen("t", "b", 1)
        steps = [len(blob), blob.read(2), blob.tell(), blob.read(), blob.tell(), blob.read()]
        blob.seek(1)
        steps += [blob.read(1), blob.tell()]
        blob.seek(-1, os.SEEK_END)
        steps += [blob.tell()]
        blob.seek(-2, os.SEEK_CUR)
        steps += [blob.tell(), blob[0], blob[-1], blob[1:3]]
        return steps
    assert _same(run)[0] == "ok"


@pytest.mark.parametrize("offset, origin", [(6, os.SEEK_SET), (-1, os.SEEK_SET),
                                            (1, os.SEEK_END), (0, 7)])
def test_seeking_out_of_range(offset, origin):
    assert _same(lambda con: con.blobopen("t", "b", 1).seek(offset, origin))[0] == \
        "ProgrammingError"


def test_a_write_of_the_same_size_changes_the_cell_in_autocommit():
    def run(con):
        blob = con.blobopen("t", "b", 1)
        blob.write(b"abc")
        blob[3] = 65
        blob[0:2] = b"QQ"
        return blob.tell(), con.in_transaction, \
            con.execute("SELECT b, typeof(b) FROM t WHERE id = 1").fetchall()
    assert _same(run) == ("ok", (3, False, [(b"QQcA\x05", "blob")]))


def test_a_write_to_text_keeps_it_text():
    def run(con):
        blob = con.blobopen("t", "tx", 1)
        blob.write(b"J")
        return con.execute("SELECT tx, typeof(tx) FROM t WHERE id = 1").fetchall()
    assert _same(run) == ("ok", [("Jello", "text")])


@pytest.mark.parametrize("write", [
    lambda blob: blob.write(b"123456"), lambda blob: (blob.seek(4), blob.write(b"xy")),
    lambda blob: blob.write("str"), lambda blob: blob.__setitem__(slice(0, 2), b"Q"),
    lambda blob: blob[9], lambda blob: blob.__setitem__(0, 300)])
def test_no_write_resizes_the_blob(write):
    def run(con):
        _outcome(lambda: write(con.blobopen("t", "b", 1)))
        return con.execute("SELECT b FROM t WHERE id = 1").fetchall()
    assert _same(run) == ("ok", [(b"\x01\x02\x03\x04\x05",)])
    assert _same(lambda con: write(con.blobopen("t", "b", 1)))[0] == "ProgrammingError"


def test_a_write_in_a_transaction_is_rolled_back_with_it():
    def run(con):
        con.execute("BEGIN")
        con.blobopen("t", "b", 1).write(b"zz")
        inside = con.execute("SELECT b FROM t WHERE id = 1").fetchall()
        con.execute("ROLLBACK")
        return inside, con.execute("SELECT b FROM t WHERE id = 1").fetchall()
    assert _same(run) == ("ok", ([(b"zz\x03\x04\x05",)], [(b"\x01\x02\x03\x04\x05",)]))


def test_a_read_only_blob_refuses_writes():
    def run(con):
        con.blobopen("t", "b", 1, readonly=True).write(b"z")
    assert _same(run) == ("OperationalError", "attempt to write a readonly database")


@pytest.mark.parametrize("change", ["UPDATE t SET tx = 'other' WHERE id = 1",
                                    "UPDATE t SET b = x'0909' WHERE id = 1",
                                    "DELETE FROM t WHERE id = 1"])
def test_a_change_to_the_row_expires_the_blob(change):
    def run(con):
        blob = con.blobopen("t", "b", 1)
        con.execute(change)
        return _outcome(blob.read), len(blob), _outcome(lambda: blob.write(b"a"))
    assert _same(run) == ("ok", (("OperationalError", "query aborted"), 0,
                                 ("ProgrammingError", "data longer than blob length")))


def test_a_change_to_another_row_does_not():
    def run(con):
        blob = con.blobopen("t", "b", 1)
        con.execute("UPDATE t SET tx = 'other' WHERE id = 2")
        return blob.read()
    assert _same(run) == ("ok", b"\x01\x02\x03\x04\x05")


def test_close_context_manager_and_a_closed_connection():
    def run(con):
        with con.blobopen("t", "b", 1) as blob:
            first = blob.read(1)
        after = [_outcome(blob.read), _outcome(lambda: len(blob)), _outcome(blob.close)]
        other = con.blobopen("t", "b", 1)
        con.close()
        return first, after, _outcome(other.read)
    closed = ("ProgrammingError", "Cannot operate on a closed blob.")
    assert _same(run) == ("ok", (b"\x01", [closed, closed, ("ok", None)],
                                 ("ProgrammingError", "Cannot operate on a closed database.")))


def test_a_blob_write_is_not_traced():
    def run(con):
        seen = []
        con.set_trace_callback(seen.append)
        con.blobopen("t", "b", 1).write(b"z")
        return seen
    assert _same(run) == ("ok", [])


def test_a_foreign_key_column_opens_read_only():
    def run(con):
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("CREATE TABLE p(k BLOB PRIMARY KEY)")
        con.execute("INSERT INTO p VALUES (x'01')")
        con.execute("CREATE TABLE c(p BLOB REFERENCES p(k))")
        con.execute("INSERT INTO c VALUES (x'01')")
        return _outcome(lambda: con.blobopen("c", "p", 1)), \
            con.blobopen("c", "p", 1, readonly=True).read()
    assert _same(run) == ("ok", (("OperationalError", "cannot open foreign key column for "
                                  "writing"), b"\x01"))


def test_rowandb_refuses_writable_blobs_on_tables_with_triggers():
    """A blob write is an UPDATE in RowanDB, which would fire the triggers SQLite's does not."""
    con = rowandb.connect(":memory:")
    con.executescript(SCHEMA + "CREATE TRIGGER tr AFTER UPDATE ON t BEGIN SELECT 1; END;")
    with pytest.raises(rowandb.NotSupportedError, match="triggers"):
        con.blobopen("t", "b", 1)
    assert con.blobopen("t", "b", 1, readonly=True).read(2) == b"\x01\x02"


def test_a_blob_write_is_durable(tmp_path):
    path = str(tmp_path / "db")
    con = rowandb.connect(path, isolation_level=None)
    con.executescript(SCHEMA)
    con.blobopen("t", "b", 1).write(b"\xff")
    con.close()
    assert rowandb.connect(path).execute("SELECT b FROM t WHERE id = 1").fetchall() == \
        [(b"\xff\x02\x03\x04\x05",)]
