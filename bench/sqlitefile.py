"""``rowandb import`` and ``rowandb export`` of a large SQLite file, beside the stdlib's own
copy through SQL text (``iterdump()`` into ``executescript()``, what ``sqlite3 app.sqlite
.dump | sqlite3 copy.sqlite`` does).

Issue 14 asks for import and export of a 100 MB SQLite database with rows/s beside
sqlite3's ``.dump | sqlite3``. The file is built with the stdlib ``sqlite3``:
``t(id INTEGER PRIMARY KEY, k INTEGER, r REAL, body TEXT, data BLOB)`` with an index on
``k``, filled to about ``--megabytes`` of row data (default 60, a 76 MB file, which runs
in under a minute on a shared two-core machine; ``--megabytes 100`` gives the issue's
126 MB file) with rows of about ``--row-bytes`` (default 200). Then, each timed once (wall clock, files on disk):

* ``import``: ``import_sqlite(file, dir)`` -- the file into a new RowanDB database;
* ``export``: ``export_sqlite(dir, file2)`` -- that database out as a new SQLite file;
* ``dump | load``: the stdlib baseline, SQLite to SQLite through SQL text.

Every result is checked against the source (row count, sums, the types of each column), so
the benchmark never measures different work.

Run: ``python -m bench.sqlitefile [--megabytes 60] [--row-bytes 200] [--dir DIR]``, or
``python -m bench --only-suites --sqlitefile``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time

import rowandb
from rowandb.shell.exporter import export_sqlite
from rowandb.shell.importer import import_sqlite

from .harness import _seconds

CHECK = ("SELECT count(*), sum(k), sum(r = id / 7.0), sum(length(body)), sum(length(data)),"
         " group_concat(DISTINCT typeof(r) || typeof(body) || typeof(data)) FROM t")


def build(path: str, rows: int, row_bytes: int) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, r REAL, body TEXT, data BLOB)")
    con.execute("BEGIN")
    text = row_bytes * 3 // 4
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                    ((i, i % 1009, i / 7, (f"{i:08d}" * (text // 8 + 1))[:text],
                      i.to_bytes(8, "big") * (row_bytes // 32 + 1)) for i in range(rows)))
    con.execute("COMMIT")
    con.execute("CREATE INDEX t_k ON t(k)")
    con.close()


def dump_and_load(source: str, target: str) -> None:
    reader, writer = sqlite3.connect(source), sqlite3.connect(target)
    writer.executescript("\n".join(reader.iterdump()))
    reader.close()
    writer.close()


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(megabytes: int, row_bytes: int, root: str) -> bool:
    rows = megabytes * 1_000_000 // row_bytes
    source = os.path.join(root, "app.sqlite")
    build(source, rows, row_bytes)
    size = os.path.getsize(source)
    rowandb.connect(":memory:").close()       # the engine's modules load outside the timing
    rowan, back, dumped = (os.path.join(root, name)
                           for name in ("app.rowan", "back.sqlite", "dumped.sqlite"))
    times = {"import": _timed(lambda: import_sqlite(source, rowan)),
             "export": _timed(lambda: export_sqlite(rowan, back)),
             "dump | load (stdlib)": _timed(lambda: dump_and_load(source, dumped))}
    checks = []
    for path in (source, back, dumped):
        con = sqlite3.connect(path)
        checks.append(con.execute(CHECK).fetchall())
        con.close()
    con = rowandb.connect(rowan)
    checks.append(con.execute(CHECK).fetchall())
    con.close()
    print(f"{rows:,} rows of ~{row_bytes} bytes, index on k; SQLite file {size / 1e6:.1f} MB")
    print(f"{'case':<22}{'time':>10}{'rows/s':>12}")
    for label, seconds in times.items():
        print(f"{label:<22}{_seconds(seconds):>10}{rows / seconds:>12,.0f}")
    same = all(check == checks[0] for check in checks)
    if not same:
        print(f"different contents: {checks}")
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sqlitefile",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=60)
    parser.add_argument("--row-bytes", type=int, default=200)
    parser.add_argument("--dir", default=None, help="where to build the files")
    args = parser.parse_args(argv)
    root = tempfile.mkdtemp(prefix="bench-sqlitefile-", dir=args.dir)
    try:
        ok = run(args.megabytes, args.row_bytes, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
