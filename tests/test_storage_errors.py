"""Bad input at the directory level: each case gets a clear error of the right DB-API class
naming the problem and the file, and leaves what is on disk untouched.

Covers: a second process (``database is locked`` at once), a path that is not a RowanDB
database (an SQLite file, a foreign directory), a newer format version, bad checksums in
the manifest, the log and a data file, missing files, a read-only file system.
"""

from __future__ import annotations

import errno
import os
import struct
import subprocess
import sys
import textwrap
import time

import apsw
import pytest

import rowandb
from rowandb.storage.faults import FaultyVFS
from rowandb.storage.formats import FORMAT_VERSION, encode_data_file
from test_storage_support import close


def _make(path: str) -> None:
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
    conn.executemany("INSERT INTO t(b) VALUES (?)", [("x",), ("y",), ("z",)])
    close(conn)                                  # checkpointed: data files exist


def _snapshot(path: str) -> dict:
    return {name: open(os.path.join(path, name), "rb").read() for name in os.listdir(path)}


def _table_file(path: str) -> str:
    return next(n for n in sorted(os.listdir(path)) if n.startswith("tbl-32-"))


def test_a_second_process_gets_database_is_locked_at_once(tmp_path):
    path = str(tmp_path / "db")
    _make(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys; sys.path.insert(0, {os.getcwd()!r})
            import rowandb
            conn = rowandb.connect({path!r})
            print(conn.execute("SELECT count(*) FROM t").fetchall()[0][0], flush=True)
            sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "3"
        started = time.monotonic()
        with pytest.raises(rowandb.OperationalError, match="^database is locked$"):
            rowandb.connect(path, timeout=5.0)
        assert time.monotonic() - started < 1.0           # at once, not after the timeout
    finally:
        holder.stdin.close()
        holder.wait()
    conn = rowandb.connect(path)                          # released when the holder exits
    assert conn.execute("SELECT b FROM t ORDER BY a").fetchall() == [("x",), ("y",), ("z",)]
    close(conn)


def test_an_sqlite_file_is_not_a_rowandb_database(tmp_path):
    path = str(tmp_path / "app.db")
    db = apsw.Connection(path)
    db.execute("CREATE TABLE t(x)")
    db.close()
    before = open(path, "rb").read()
    with pytest.raises(rowandb.DatabaseError, match=f"file is not a database: {path}: an SQLite "
                                                    "database file"):
        rowandb.connect(path)
    assert open(path, "rb").read() == before


def test_a_directory_of_other_things_is_not_a_database(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(rowandb.DatabaseError, match="file is not a database: .*no MANIFEST"):
        rowandb.connect(str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["LOCK", "notes.txt"]


def test_a_missing_parent_directory_cannot_be_opened(tmp_path):
    with pytest.raises(rowandb.OperationalError, match="unable to open database file"):
        rowandb.connect(str(tmp_path / "no" / "such" / "db"))


def test_a_newer_format_version_is_refused_and_left_alone(tmp_path):
    path = str(tmp_path / "db")
    _make(path)
    manifest = os.path.join(path, "MANIFEST")
    data = bytearray(open(manifest, "rb").read())
    data[8:10] = struct.pack(">H", FORMAT_VERSION + 1)
    open(manifest, "wb").write(bytes(data))
    before = _snapshot(path)
    with pytest.raises(rowandb.DatabaseError, match=f"unsupported file format: {manifest}: "
                                                    f"format version {FORMAT_VERSION + 1} is "
                                                    "newer"):
        rowandb.connect(path)
    assert _snapshot(path) == before


@pytest.mark.parametrize("victim, offset, message", [
    ("MANIFEST", 40, "MANIFEST: manifest checksum mismatch"),
    ("MANIFEST", 14, "MANIFEST: manifest header checksum mismatch"),
    ("redo-2.log", 30, "redo-2.log: log header checksum mismatch"),
])
def test_bad_checksums_at_open_name_the_file(tmp_path, victim, offset, message):
    path = str(tmp_path / "db")
    _make(path)
    target = os.path.join(path, victim)
    data = bytearray(open(target, "rb").read())
    data[offset] ^= 0x10
    open(target, "wb").write(bytes(data))
    before = _snapshot(path)
    with pytest.raises(rowandb.CorruptDatabaseError, match="database disk image is malformed: "
                                                           f".*{message}"):
        rowandb.connect(path)
    assert _snapshot(path) == before


def test_a_damaged_data_file_is_reported_when_its_table_is_first_used(tmp_path):
    path = str(tmp_path / "db")
    _make(path)
    name = _table_file(path)
    target = os.path.join(path, name)
    data = bytearray(open(target, "rb").read())
    data[-3] ^= 0x01
    open(target, "wb").write(bytes(data))
    conn = rowandb.connect(path)
    with pytest.raises(rowandb.CorruptDatabaseError, match=f"{name}: block 0 checksum mismatch"):
        conn.execute("SELECT * FROM t").fetchall()
    close(conn)


def test_a_forged_file_with_valid_checksums_still_cannot_return_wrong_data(tmp_path):
    """Rows out of order (a SortedDict would quietly reorder them) are refused."""
    path = str(tmp_path / "db")
    _make(path)
    name = _table_file(path)
    _, fid, gen, _ = name[:-6].split("-")
    forged = encode_data_file("table", int(fid), int(gen), [(2, (2, "b")), (1, (1, "a")),
                                                           (3, (3, "c"))])
    open(os.path.join(path, name), "wb").write(forged)
    conn = rowandb.connect(path)
    with pytest.raises(rowandb.CorruptDatabaseError, match="out of order"):
        conn.execute("SELECT * FROM t").fetchall()
    close(conn)


def test_a_missing_data_file_is_reported(tmp_path):
    path = str(tmp_path / "db")
    _make(path)
    name = _table_file(path)
    os.remove(os.path.join(path, name))
    conn = rowandb.connect(path)
    with pytest.raises(rowandb.CorruptDatabaseError, match=f"{name}: missing"):
        conn.execute("SELECT * FROM t").fetchall()
    close(conn)


def test_a_lost_manifest_is_corruption_and_the_data_files_are_kept(tmp_path):
    path = str(tmp_path / "db")
    _make(path)
    os.remove(os.path.join(path, "MANIFEST"))
    before = _snapshot(path)
    with pytest.raises(rowandb.CorruptDatabaseError, match="MANIFEST: missing, but the "
                                                           "directory holds RowanDB data files"):
        rowandb.connect(path)
    assert _snapshot(path) == before


class ReadOnlyVFS(FaultyVFS):
    """A read-only file system: opening anything for writing fails with EROFS."""

    def open(self, path, mode):
        if mode != "r":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return super().open(path, mode)


def test_a_read_only_file_system_is_a_clear_error(tmp_path):
    path = str(tmp_path / "db")
    _make(path)
    before = _snapshot(path)
    with pytest.raises(rowandb.OperationalError,
                       match=f"attempt to write a readonly database: opening {path}/LOCK: "
                             "Read-only file system"):
        rowandb.connect(path, vfs=ReadOnlyVFS())
    assert _snapshot(path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only directories")
def test_a_read_only_directory_is_a_clear_error(tmp_path):
    path = str(tmp_path / "db")
    _make(path)
    os.remove(os.path.join(path, "LOCK"))
    os.chmod(path, 0o555)
    try:
        with pytest.raises(rowandb.OperationalError, match="attempt to write a readonly database"):
            rowandb.connect(path)
    finally:
        os.chmod(path, 0o755)
