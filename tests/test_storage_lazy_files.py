"""Lazy table and index files on disk under a statement that touches many of them.

Issue 12's point 2 (the brief's failure 3 on disk): a parent referenced by N child tables,
and a cascading ``DELETE`` of one parent row right after creating the schema (warm) and
after reopening (cold). What the durable store must do for it, checked here through a VFS
that records every data file read:

* an empty child (never written, or written empty by a checkpoint) has no data file, so
  opening it reads nothing;
* a statement that touches N files once each reads each data file once, even when the
  file cache (``PRAGMA file_cache_size``) is far smaller than N;
* the loaded files answer as SQLite does (the same rows remain), and the rows of a loaded
  table are a ``RowidMap`` (``storage/rowruns.py``), not a ``SortedDict``.
"""

from __future__ import annotations

import collections
import os

import apsw

import rowandb
from rowandb.storage.rowruns import RowidMap
from rowandb.storage.vfs import OsVFS

CHILD = ("CREATE TABLE fk_{i}(f1 PRIMARY KEY, FOREIGN KEY (f1) REFERENCES t1(f1) "
         "ON DELETE CASCADE ON UPDATE CASCADE)")
N = 40


class CountingVFS(OsVFS):
    """An ``OsVFS`` that counts the whole-file reads of each data file."""

    def __init__(self):
        super().__init__()
        self.reads: collections.Counter = collections.Counter()

    def read_file(self, path: str) -> bytes:
        name = os.path.basename(path)
        if name.endswith(".rowan") and name.startswith(("tbl-", "idx-")):
            self.reads[name] += 1
        return super().read_file(path)


def _schema(execute, rows: bool) -> None:
    execute("CREATE TABLE t1(f1 PRIMARY KEY)")
    for i in range(N):
        execute(CHILD.format(i=i))
    execute("INSERT INTO t1 VALUES (1), (2)")
    if rows:
        for i in range(N):
            execute(f"INSERT INTO fk_{i} VALUES (1), (2)")


def _remaining(execute) -> list:
    return [execute(f"SELECT f1 FROM fk_{i} ORDER BY f1").fetchall() for i in range(N)] + \
        [execute("SELECT f1 FROM t1 ORDER BY f1").fetchall()]


def _sqlite_remaining(rows: bool) -> list:
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys=ON")
    _schema(db.execute, rows)
    db.execute("DELETE FROM t1 WHERE f1 = 1")
    db.execute("DELETE FROM t1 WHERE f1 = 2")
    return [[tuple(r) for r in rows] for rows in _remaining(lambda sql: db.execute(sql))]


def _build(path: str, rows: bool) -> None:
    con = rowandb.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("BEGIN")
    _schema(con.execute, rows)
    con.execute("COMMIT")
    con.execute("DELETE FROM t1 WHERE f1 = 1")          # warm
    con.close()                                         # checkpoints every file


def _cold_delete(path: str, cache: int):
    vfs = CountingVFS()
    con = rowandb.connect(path, isolation_level=None, vfs=vfs)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(f"PRAGMA file_cache_size={cache}")
    con.execute("SELECT count(*) FROM t1").fetchall()   # the dictionary is loaded
    before = collections.Counter(vfs.reads)
    con.execute("DELETE FROM t1 WHERE f1 = 2")
    during = vfs.reads - before
    remaining = _remaining(lambda sql: con.execute(sql))
    store = con._session.db.store
    return con, store, _child_reads(con, during), remaining


def _child_reads(con, reads) -> dict:
    """The reads of data files of user files (ids from 32) other than t1's."""
    parent = con._session.db.dictionary.table("t1")
    skip = {parent.file_id} | {index.file_id for index in parent.indexes}
    return {name: count for name, count in reads.items()
            if int(name.split("-")[1]) >= 32 and int(name.split("-")[1]) not in skip}


def test_empty_children_are_opened_without_reading(tmp_path):
    path = str(tmp_path / "empty.rowan")
    _build(path, rows=False)
    con, store, child_reads, remaining = _cold_delete(path, cache=4)
    try:
        assert child_reads == {}
        assert remaining == _sqlite_remaining(rows=False)
    finally:
        con.close()


def test_each_touched_file_is_read_once_with_a_small_cache(tmp_path):
    path = str(tmp_path / "rows.rowan")
    _build(path, rows=True)
    con, store, user, remaining = _cold_delete(path, cache=4)
    try:
        assert len(user) == 2 * N                      # every child's table and its key index
        assert set(user.values()) == {1}               # each read once: no thrashing
        assert remaining == _sqlite_remaining(rows=True)
        table = con._session.db.dictionary.table("fk_0")
        assert type(store.table(table.file_id).rows) is RowidMap
    finally:
        con.close()

