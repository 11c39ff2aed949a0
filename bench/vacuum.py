"""VACUUM of a ~100 MB database, RowanDB beside SQLite (apsw), both on disk.

Issue 11 asks for VACUUM of a 100 MB database beside SQLite. Each engine gets a fresh
database on disk (a RowanDB directory; an SQLite file in its default rollback-journal
mode) holding ``t(id INTEGER PRIMARY KEY, k INTEGER, body TEXT)`` with an index on ``k``,
filled to about ``--megabytes`` (default 100) with rows of ``--row-bytes`` (default
1,000) of text. Then:

* ``vacuum full``: VACUUM of the whole database (wall time);
* ``vacuum after delete``: ``DELETE`` of ``--delete`` (default 90%) of the rows, then
  VACUUM; the size on disk before and after is printed (RowanDB: data files plus the log's
  frames; its log is preallocated in 1 MB steps, which is reported apart).

Wall-clock seconds (VACUUM's cost is mostly I/O and encoding), one run each. The rows are
compared on both engines afterwards, so the benchmark never measures different work.

Run: ``python -m bench.vacuum [--megabytes 100] [--row-bytes 1000] [--delete 0.9]
[--dir DIR]``, or ``python -m bench --only-suites --vacuum``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

import apsw

import rowandb

from .harness import _seconds


def _disk_bytes(path: str) -> int:
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(path, n)) for n in os.listdir(path))
    return sum(os.path.getsize(p) for p in (path, path + "-journal", path + "-wal")
               if os.path.exists(p))


def _rowan_used_bytes(conn, path: str) -> int:
    """Data files plus the log's frames (its preallocated tail of zeros left out)."""
    log = conn.execute("PRAGMA storage_stats").fetchone()[4]
    return log + sum(os.path.getsize(os.path.join(path, n)) for n in os.listdir(path)
                     if n.endswith(".rowan"))


class _Rowan:
    name = "rowandb"

    def __init__(self, root: str):
        self.path = os.path.join(root, "bench.rowan")
        self.conn = rowandb.connect(self.path, isolation_level=None)

    def execute(self, sql: str, params=()):
        cursor = self.conn.execute(sql, params)
        return cursor.fetchall() if cursor.description is not None else []

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)

    def size(self) -> int:
        return _rowan_used_bytes(self.conn, self.path)

    def close(self) -> None:
        self.conn.close()


class _Sqlite:
    name = "sqlite"

    def __init__(self, root: str):
        self.path = os.path.join(root, "bench.db")
        self.conn = apsw.Connection(self.path)

    def execute(self, sql: str, params=()):
        return list(self.conn.execute(sql, params))

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)

    def size(self) -> int:
        return _disk_bytes(self.path)

    def close(self) -> None:
        self.conn.close()


def _fill(engine, rows: int, row_bytes: int) -> None:
    engine.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, body TEXT)")
    engine.execute("CREATE INDEX t_k ON t(k)")
    chunk = 5_000
    for start in range(0, rows, chunk):
        engine.execute("BEGIN")
        engine.executemany("INSERT INTO t VALUES (?, ?, ?)",
                           [(i, i % 1009, (f"{i:08d}" * (row_bytes // 8 + 1))[:row_bytes])
                            for i in range(start, min(start + chunk, rows))])
        engine.execute("COMMIT")


def _timed(engine, sql: str) -> float:
    started = time.perf_counter()
    engine.execute(sql)
    return time.perf_counter() - started


def run(megabytes: int, row_bytes: int, delete: float, root: str) -> bool:
    rows = megabytes * 1_000_000 // row_bytes
    results, checks = {}, {}
    for make in (_Rowan, _Sqlite):
        engine = make(root)
        _fill(engine, rows, row_bytes)
        engine.execute("PRAGMA wal_checkpoint") if engine.name == "rowandb" else None
        full_before = engine.size()
        full = _timed(engine, "VACUUM")
        keep = int(rows * (1 - delete))
        engine.execute("DELETE FROM t WHERE id >= ?", (keep,))
        before = engine.size()
        after_delete = _timed(engine, "VACUUM")
        after = engine.size()
        checks[engine.name] = engine.execute("SELECT count(*), sum(k), max(length(body)) "
                                             "FROM t")
        results[engine.name] = (full_before, full, before, after_delete, after)
        engine.close()
    print(f"{rows:,} rows of {row_bytes} bytes, index on k; delete {delete:.0%}")
    print(f"{'case':<22}{'RowanDB':>12}{'SQLite':>12}{'ratio':>9}")
    names = ["vacuum full", "vacuum after delete"]
    for label, slot in zip(names, (1, 3)):
        rowan, sqlite = results["rowandb"][slot], results["sqlite"][slot]
        print(f"{label:<22}{_seconds(rowan):>12}{_seconds(sqlite):>12}"
              f"{rowan / max(sqlite, 1e-9):>8.1f}x")
    for label, slot in (("MB full", 0), ("MB after delete", 2), ("MB after vacuum", 4)):
        rowan, sqlite = results["rowandb"][slot], results["sqlite"][slot]
        print(f"{label:<22}{rowan / 1e6:>12.1f}{sqlite / 1e6:>12.1f}")
    same = checks["rowandb"] == checks["sqlite"]
    if not same:
        print(f"different rows: {checks}")
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.vacuum",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--row-bytes", type=int, default=1_000)
    parser.add_argument("--delete", type=float, default=0.9)
    parser.add_argument("--dir", default=None, help="where to build the databases")
    args = parser.parse_args(argv)
    root = tempfile.mkdtemp(prefix="bench-vacuum-", dir=args.dir)
    try:
        ok = run(args.megabytes, args.row_bytes, args.delete, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
