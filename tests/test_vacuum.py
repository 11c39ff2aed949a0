"""VACUUM and VACUUM INTO: every form and refusal against SQLite, on ``:memory:`` and on a
directory; the files a VACUUM rewrites and the space it gives back; copies that open and
hold the same rows; a crash at every I/O operation of a workload of VACUUMs recovers to
before or after each one."""

from __future__ import annotations

import os

import apsw
import pytest

import rowandb
from oracle import assert_same
from test_storage_crash import check_crash_images
from test_storage_support import CHECKPOINT, VACUUM, close, rowan_dump

SETUP = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)", "CREATE INDEX tb ON t(b)",
         "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')", "PRAGMA user_version = 7"]

# Each form, then what SQLite reads back after it (schema_version goes up by one per VACUUM).
FORMS = ["VACUUM", "VACUUM main", "VACUUM \"Main\"", "VACUUM [main]", "VACUUM 'main'",
         "VACUUM temp", "VACUUM TEMP", "VACUUM;", "VACUUM temp INTO 'nowhere'"]
AFTER = ["PRAGMA schema_version", "PRAGMA user_version", "SELECT * FROM t WHERE b = 'y'",
         "PRAGMA integrity_check"]
ERRORS = ["VACUUM nosuch", "VACUUM main.t", "VACUUM INTO", "VACUUM main INTO", "VACUUM main x",
          "VACUUM INTO 1", "VACUUM INTO NULL", "VACUUM INTO x'00'", "VACUUM INTO -1",
          "VACUUM 1", "VACUUM (main)"]


@pytest.mark.parametrize("statement", FORMS)
def test_every_form_answers_as_sqlite(statement, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert_same(SETUP, [statement] + AFTER + [statement] + AFTER)


@pytest.mark.parametrize("statement", ERRORS)
def test_every_refusal_is_sqlite_s(statement):
    assert_same(SETUP, [statement] + AFTER)


@pytest.mark.parametrize("statement", ["VACUUM", "VACUUM main", "VACUUM INTO 'x'",
                                       "VACUUM temp"])
def test_inside_a_transaction_and_under_query_only(statement, tmp_path, monkeypatch):
    """VACUUM of main is refused inside a transaction and under query_only, with SQLite's
    messages; VACUUM temp does nothing in either. (SQLite creates an empty target file
    before it finds it may not write: the test runs in a directory of its own.)"""
    monkeypatch.chdir(tmp_path)
    assert_same(SETUP, ["BEGIN", statement, "ROLLBACK", "SAVEPOINT s", statement,
                        "RELEASE s", "PRAGMA query_only = 1", statement,
                        "PRAGMA query_only = 0"] + AFTER)


def test_a_parameter_names_the_file_and_must_be_text(tmp_path):
    conn = rowandb.connect(":memory:")
    for value in (3, 1.5, None, b"x.rowan"):
        with pytest.raises(rowandb.OperationalError, match="^non-text filename$"):
            conn.execute("VACUUM INTO ?", (value,))
    with pytest.raises(rowandb.ProgrammingError):
        conn.execute("VACUUM INTO ?")
    conn.execute("CREATE TABLE t(a)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    target = str(tmp_path / "copy.rowan")
    conn.execute("VACUUM main INTO :file", {"file": target})
    copy = rowandb.connect(target)
    assert copy.execute("SELECT * FROM t").fetchall() == [(1,)]
    close(copy)


# Expressions after INTO: SQLite evaluates any (vacuum.c), naming no column, with no
# aggregate or window; its errors come before the transaction check, a value that is not
# text is "non-text filename", and VACUUM temp never reads it.
EXPRESSIONS = ["VACUUM INTO 'f' || 'x.db'", "VACUUM INTO NULL || 1", "VACUUM INTO 1 + 1",
               "VACUUM INTO x'41' || ''", "VACUUM INTO b", "VACUUM INTO t.b",
               "VACUUM INTO (SELECT 'q.db')", "VACUUM INTO (SELECT b FROM t WHERE a = 9)",
               "VACUUM INTO lower('Y.db')", "VACUUM INTO CAST(1 AS TEXT)",
               "VACUUM INTO 'c' COLLATE nocase", "VACUUM INTO count(*)",
               "VACUUM INTO (1, 2)", "VACUUM INTO nosuchfn(1)", "VACUUM INTO sum(1) OVER ()",
               "VACUUM INTO 'e' || (SELECT 1 FROM nosuch)", "VACUUM INTO ':memory:' || ''",
               "VACUUM INTO CASE WHEN 1 THEN 'cw.db' END", "VACUUM INTO (VALUES ('v.db'))",
               "VACUUM INTO raise(ignore)", "VACUUM INTO -'m'", "VACUUM INTO 'a' b",
               "VACUUM INTO 'a', 'b'", "VACUUM INTO 'a' ||", "VACUUM INTO 'a' FROM t",
               "VACUUM INTO abs(-9223372036854775808)", "VACUUM INTO 'r' || (SELECT "
               "count(*) FROM t)", "VACUUM INTO (((('paren'))))", "VACUUM temp INTO nosuch",
               "VACUUM temp INTO count(*)", "VACUUM INTO 'f' || 'x.db'"]


@pytest.mark.parametrize("statement", EXPRESSIONS)
def test_an_expression_names_the_file(statement, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sqlite = apsw.Connection(":memory:")
    for sql in SETUP:
        sqlite.execute(sql)
    try:
        sqlite.execute(statement)
        expected = sorted(os.listdir(tmp_path))
    except apsw.Error as error:
        expected = str(error)
    monkeypatch.chdir(tmp_path / ".." / _mkdir(tmp_path.parent / (tmp_path.name + "-r")))
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in SETUP:
        conn.execute(sql)
    try:
        conn.execute(statement)
        got = sorted(os.listdir("."))
    except rowandb.OperationalError as error:
        got = str(error).split(" (line")[0]
    assert got == expected
    assert_same(SETUP, ["BEGIN", statement, "ROLLBACK"] + AFTER)   # its errors come first
    if isinstance(expected, str):               # then non-text, then query_only's error
        assert_same(SETUP, ["PRAGMA query_only = 1", statement, "PRAGMA query_only = 0"])


def _mkdir(path):
    path.mkdir()
    return path.name


def test_an_expression_reads_parameters_in_their_slots(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    conn = rowandb.connect(":memory:")
    conn.execute("VACUUM INTO ?2 || ?1 || ?", ("a", "b", "c"))
    conn.execute("VACUUM INTO @p || '.rowan'", {"p": "named"})
    assert sorted(os.listdir(tmp_path)) == ["bac", "named.rowan"]


def _fill(conn, rows: int = 3000) -> None:
    conn.execute("CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    conn.execute("CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p, note TEXT)")
    conn.execute("CREATE INDEX c_note ON c(note)")
    conn.executemany("INSERT INTO p VALUES (?, ?)", [(i, f"name {i}") for i in range(rows)])
    conn.executemany("INSERT INTO c VALUES (?, ?, ?)",
                     [(i, i % rows, "note %d " % i * 8) for i in range(rows)])


def _size(conn, path: str) -> int:
    """Bytes of data files, and of the log's frames (its preallocated tail left out)."""
    log = conn.execute("PRAGMA storage_stats").fetchone()[4]
    return log + sum(os.path.getsize(os.path.join(path, n)) for n in os.listdir(path)
                     if n.endswith(".rowan"))


def test_vacuum_rewrites_every_file_and_gives_back_the_space_of_deleted_rows(tmp_path):
    path = str(tmp_path / "db.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    _fill(conn)
    conn.execute(CHECKPOINT)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM c WHERE id >= 100")
    before, files_before = _size(conn, path), set(os.listdir(path))
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert pages == -(-before // 4096)
    expected = rowan_dump(conn)
    conn.execute("VACUUM")
    after, files_after = _size(conn, path), set(os.listdir(path))
    assert after < before / 4, (before, after)
    assert conn.execute("PRAGMA page_count").fetchone()[0] == -(-after // 4096) < pages / 4
    assert conn.execute("PRAGMA freelist_count").fetchall() == [(0,)]
    data_before = {n for n in files_before if n.endswith(".rowan")}
    data_after = {n for n in files_after if n.endswith(".rowan")}
    assert not data_before & data_after               # not one file left as it was
    ids = lambda names: {n.split("-")[1] for n in names}   # noqa: E731
    assert ids(data_before) == ids(data_after)         # the same file ids
    assert rowan_dump(conn) == expected
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    assert rowan_dump(conn) == expected
    close(conn)


def test_vacuum_of_files_not_loaded_reads_and_checks_them(tmp_path):
    """A file that is not loaded is read back from disk; a damaged one makes VACUUM fail
    with the damage named, and leaves every file as it was."""
    path = str(tmp_path / "db.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    _fill(conn, 200)
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("VACUUM")                              # nothing loaded yet
    assert conn.execute("SELECT count(*) FROM c").fetchall() == [(200,)]
    close(conn)
    table = next(n for n in os.listdir(path) if n.startswith("tbl-") and
                 os.path.getsize(os.path.join(path, n)) > 4000)
    with open(os.path.join(path, table), "r+b") as file:
        file.seek(200)
        byte = file.read(1)
        file.seek(200)
        file.write(bytes([byte[0] ^ 0xFF]))
    names = sorted(os.listdir(path))
    conn = rowandb.connect(path, isolation_level=None)
    with pytest.raises(rowandb.DatabaseError, match=table):
        conn.execute("VACUUM")
    assert sorted(os.listdir(path)) == names
    assert conn.execute("PRAGMA schema_version").fetchall() == [(4,)]   # not bumped
    assert table in " ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    close(conn)


def test_vacuum_into_copies_an_empty_file_not_loaded(tmp_path):
    """An empty table of a reopened database has no data file: VACUUM INTO copies it as
    empty (it raised TypeError reading the data file the manifest does not name)."""
    path = str(tmp_path / "db.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE s(k)")
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute(f"VACUUM INTO '{tmp_path / 'copy.rowan'}'")
    copy = rowandb.connect(str(tmp_path / "copy.rowan"), isolation_level=None)
    assert copy.execute("SELECT name FROM sqlite_schema").fetchall() == [("s",)]
    assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(copy)
    close(conn)


def test_vacuum_waits_for_another_writer_then_says_locked(tmp_path):
    path = str(tmp_path / "db.rowan")
    first = rowandb.connect(path, isolation_level=None)
    first.execute("CREATE TABLE t(a)")
    second = rowandb.connect(path, isolation_level=None, timeout=0.05)
    first.execute("BEGIN")
    first.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(rowandb.OperationalError, match="database is locked"):
        second.execute("VACUUM")
    with pytest.raises(rowandb.OperationalError, match="database is locked"):
        second.execute(f"VACUUM INTO '{tmp_path / 'copy'}'")
    first.execute("COMMIT")
    second.execute("VACUUM")
    assert second.execute("SELECT * FROM t").fetchall() == [(1,)]
    close(second)
    close(first)


@pytest.mark.parametrize("source", ["memory", "directory"])
def test_vacuum_into_writes_a_copy_that_opens_with_the_same_contents(tmp_path, source):
    path = ":memory:" if source == "memory" else str(tmp_path / "db.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    _fill(conn, 300)
    conn.execute("CREATE VIEW v AS SELECT count(*) FROM c")
    conn.execute("PRAGMA user_version = 12")
    conn.execute("DELETE FROM c WHERE id % 3 = 0")
    target = str(tmp_path / "copy.rowan")
    conn.execute(f"VACUUM INTO '{target}'")
    conn.execute("INSERT INTO p VALUES (1000, 'after the copy')")
    copy = rowandb.connect(target, isolation_level=None)
    assert rowan_dump(copy)[1] != rowan_dump(conn)[1]
    conn.execute("DELETE FROM p WHERE id = 1000")
    assert rowan_dump(copy) == rowan_dump(conn)
    assert copy.execute("PRAGMA user_version").fetchall() == [(12,)]
    assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    copy.execute("INSERT INTO c VALUES (5000, 1, 'new')")         # it takes writes
    with pytest.raises(rowandb.IntegrityError):
        copy.execute("INSERT INTO c VALUES (5001, 99999, 'orphan')")
    close(copy)
    copy = rowandb.connect(target, isolation_level=None)
    assert copy.execute("SELECT count(*) FROM c WHERE id = 5000").fetchall() == [(1,)]
    close(copy)
    close(conn)


def test_vacuum_into_targets_refused_as_sqlite_refuses_them(tmp_path):
    """SQLite: an existing database is "output file already exists", a file that is not
    one "file is not a database", a missing directory "unable to open database"."""
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    made = tmp_path / "made.rowan"
    conn.execute(f"VACUUM INTO '{made}'")
    sqlite = apsw.Connection(":memory:")
    sqlite_made = tmp_path / "made.db"
    sqlite.execute(f"VACUUM INTO '{sqlite_made}'")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("x")
    (tmp_path / "text").write_text("hello")
    (tmp_path / "empty").mkdir()
    cases = [(made, sqlite_made, rowandb.OperationalError, "output file already exists"),
             (tmp_path / "text", tmp_path / "text", rowandb.DatabaseError,
              "file is not a database"),
             (tmp_path / "other", tmp_path / "text", rowandb.DatabaseError,
              "file is not a database"),
             (tmp_path / "no" / "x", tmp_path / "no" / "x", rowandb.OperationalError,
              "unable to open database")]
    for mine, theirs, error, message in cases:
        with pytest.raises(error, match=message):
            conn.execute(f"VACUUM INTO '{mine}'")
        with pytest.raises(apsw.Error, match=message):
            sqlite.execute(f"VACUUM INTO '{theirs}'")
    assert (tmp_path / "text").read_text() == "hello"
    assert os.listdir(tmp_path / "other") == ["x"]
    conn.execute(f"VACUUM INTO '{tmp_path / 'empty'}'")          # an empty directory is fine
    copy = rowandb.connect(str(tmp_path / "empty"))
    assert copy.execute("SELECT * FROM t").fetchall() == []
    close(copy)


def test_a_failed_vacuum_into_leaves_nothing_behind(tmp_path):
    """An I/O error at any operation of VACUUM INTO is SQLite's error class, and removes
    what it wrote: no partial database is left at the target."""
    from rowandb.storage.faults import FaultyVFS
    from rowandb.storage.vacuum import write_copy
    conn = rowandb.connect(":memory:", isolation_level=None)
    _fill(conn, 50)
    store = conn._session.db.store
    operations = FaultyVFS()
    write_copy(store, str(tmp_path / "counted"), vfs=operations)
    assert operations.count > 5
    for fail_at in range(1, operations.count + 1):
        target = str(tmp_path / f"copy{fail_at}")
        with pytest.raises(rowandb.OperationalError, match="disk I/O error"):
            write_copy(store, target, vfs=FaultyVFS(fail_at, mode="error"))
        assert not os.path.exists(target)


CRASH_WORKLOAD = [
    ["CREATE TABLE t(a, b)", "CREATE INDEX ta ON t(a)",
     "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')"],
    [CHECKPOINT],
    ["DELETE FROM t WHERE a = 2", "CREATE TABLE u(c UNIQUE)", "INSERT INTO u VALUES (5)"],
    [VACUUM],
    ["INSERT INTO t VALUES (4, 'w')"],
    [VACUUM],
    [VACUUM],
]


@pytest.mark.parametrize("power_loss", [False, True])
def test_a_crash_at_every_io_operation_recovers_to_before_or_after_a_vacuum(tmp_path,
                                                                            power_loss):
    """Stopped before every disk operation (and with a torn write, under power loss), each
    image reopens to a prefix of the transactions holding every COMMIT that returned, and
    passes integrity_check: VACUUM is a checkpoint, never half done."""
    assert check_crash_images(tmp_path, power_loss, CRASH_WORKLOAD) > 50


@pytest.mark.parametrize("power_loss", [False, True])
def test_a_crash_at_every_io_operation_of_vacuum_into_leaves_no_partial_copy(tmp_path,
                                                                            power_loss):
    """The copy is built beside the target and renamed into place: after a crash at any
    I/O operation (and, under power loss, the loss of what was not synced) the target is
    missing or a complete copy, and the next VACUUM INTO clears what was left."""
    from rowandb.storage.faults import FaultyVFS, SimulatedCrash
    from rowandb.storage.vacuum import write_copy
    from rowandb.sql.database import abandon_database
    conn = rowandb.connect(":memory:", isolation_level=None)
    _fill(conn, 40)
    expected = rowan_dump(conn)
    store = conn._session.db.store
    counted = FaultyVFS()
    write_copy(store, str(tmp_path / "counted"), vfs=counted)
    complete = 0
    for crash_at in range(1, counted.count + 1):
        target = str(tmp_path / f"copy{crash_at}")
        with pytest.raises(SimulatedCrash):
            write_copy(store, target, vfs=FaultyVFS(crash_at, power_loss=power_loss))
        if os.path.exists(target):
            copy = rowandb.connect(target, isolation_level=None)
            assert rowan_dump(copy) == expected
            abandon_database(target)
            complete += 1
        else:
            conn.execute(f"VACUUM INTO '{target}'")          # clears the leftover
            copy = rowandb.connect(target, isolation_level=None)
            assert rowan_dump(copy) == expected
            close(copy)
    assert complete <= 2          # only a crash at the final directory fsync keeps it


@pytest.mark.parametrize("target", [":memory:", ""])
def test_vacuum_into_a_database_no_file_holds_writes_nothing(tmp_path, monkeypatch, target):
    """SQLite copies into an in-memory or private temporary database and discards it: no
    file appears (RowanDB made a directory named ':memory:'), and inside a transaction it
    is still refused."""
    monkeypatch.chdir(tmp_path)
    for conn in (rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")):
        conn.execute("CREATE TABLE t(a)")
        conn.execute("VACUUM INTO ?", (target,))
        conn.execute("BEGIN")
        with pytest.raises((rowandb.OperationalError, apsw.SQLError),
                           match="cannot VACUUM from within a transaction"):
            conn.execute("VACUUM INTO ?", (target,))
        conn.execute("ROLLBACK")
    assert os.listdir(tmp_path) == []
