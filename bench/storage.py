"""Durable storage, RowanDB beside SQLite (apsw) on the same machine in the same run.

Run ``python -m bench.storage`` (``--quick`` for a small smoke run, ``--log-mb``,
``--tables``, ``--rows``, ``--commits`` to scale). It prints one line per measurement:
RowanDB's figure, SQLite's, and the ratio RowanDB / SQLite (for rates, SQLite / RowanDB, so
that above 1 always means "RowanDB is slower by this factor").

| measurement                  | RowanDB                               | SQLite (apsw)                         |
|------------------------------|---------------------------------------|---------------------------------------|
| commit latency, FULL         | autocommit INSERT of one row,         | WAL, synchronous=FULL                 |
|                              | synchronous=FULL (fsync per commit)   |                                       |
| commit latency, NORMAL       | synchronous=NORMAL                    | WAL, synchronous=NORMAL               |
| bulk load                    | executemany INSERT in one transaction | the same                              |
| recovery of an N MB log      | reopen after a crash with N MB of log | open a copy taken with N MB of WAL    |
|                              | + one indexed lookup                  | + the same lookup                     |
| cold open, T tables          | connect + first query on one table    | the same                              |

Targets from issue 4: bulk load within 5x of SQLite, commit latency within 2x, recovery of a
100 MB log under 10 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

import apsw

import rowandb
from rowandb.sql.database import abandon_database

ROW = ("some text for the row", 12345, 3.25)


def _rowan(path: str, **options):
    return rowandb.connect(path, isolation_level=None, **options)


def _rowan_close(conn) -> None:
    db = conn._session.db
    conn.close()
    db.close()


def _sqlite(path: str, synchronous: str = "FULL"):
    conn = apsw.Connection(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    return conn


def commit_latency(work: str, commits: int, level: str) -> tuple[float, float]:
    """Median seconds per single-row autocommit INSERT, (RowanDB, SQLite)."""
    rowan = _rowan(os.path.join(work, f"latency-{level}.rowan"))
    rowan.execute(f"PRAGMA synchronous = {level}")
    rowan.execute("CREATE TABLE t(a TEXT, b INTEGER, c REAL)")
    sqlite = _sqlite(os.path.join(work, f"latency-{level}.db"), level)
    sqlite.execute("CREATE TABLE t(a TEXT, b INTEGER, c REAL)")
    results = []
    for run in (lambda: rowan.execute("INSERT INTO t VALUES (?, ?, ?)", ROW),
                lambda: sqlite.execute("INSERT INTO t VALUES (?, ?, ?)", ROW)):
        times = []
        for _ in range(commits):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        results.append(statistics.median(times))
    _rowan_close(rowan)
    sqlite.close()
    return results[0], results[1]


def bulk_load(work: str, rows: int) -> tuple[float, float]:
    """Rows per second inserted in one transaction, (RowanDB, SQLite)."""
    data = [(f"text {i}", i, i * 0.5) for i in range(rows)]
    rowan = _rowan(os.path.join(work, "bulk.rowan"))
    rowan.execute("CREATE TABLE t(a TEXT, b INTEGER, c REAL)")
    started = time.perf_counter()
    rowan.execute("BEGIN")
    rowan.executemany("INSERT INTO t VALUES (?, ?, ?)", data)
    rowan.execute("COMMIT")
    rowan_rate = rows / (time.perf_counter() - started)
    _rowan_close(rowan)
    sqlite = _sqlite(os.path.join(work, "bulk.db"))
    sqlite.execute("CREATE TABLE t(a TEXT, b INTEGER, c REAL)")
    started = time.perf_counter()
    with sqlite:
        sqlite.executemany("INSERT INTO t VALUES (?, ?, ?)", data)
    sqlite_rate = rows / (time.perf_counter() - started)
    sqlite.close()
    return rowan_rate, sqlite_rate


def recovery(work: str, log_mb: float) -> tuple[float, float, int]:
    """Seconds to open after a crash with ``log_mb`` MB of log, (RowanDB, SQLite, rows)."""
    target = int(log_mb * 1024 * 1024)
    batch = [(f"row {i} " + "x" * 80, i, i * 0.25) for i in range(2000)]
    path = os.path.join(work, "recovery.rowan")
    rowan = _rowan(path)
    rowan.execute("PRAGMA wal_autocheckpoint = 0")
    rowan.execute("PRAGMA synchronous = OFF")
    rowan.execute("CREATE TABLE t(a TEXT, b INTEGER, c REAL)")
    rowan.execute("CREATE INDEX tb ON t(b)")
    rows = 0
    store = rowan._session.db.store.shared
    assert store.autocheckpoint_pages == 0
    while store.log.size < target:
        rowan.execute("BEGIN")
        rowan.executemany("INSERT INTO t VALUES (?, ?, ?)", batch)
        rowan.execute("COMMIT")
        rows += len(batch)
    abandon_database(path)                            # the crash: the log is all there is
    started = time.perf_counter()
    rowan = _rowan(path)                              # replays the log
    rowan.execute("SELECT a FROM t WHERE b = 7").fetchall()
    rowan_seconds = time.perf_counter() - started
    count = rowan.execute("SELECT count(*) FROM t").fetchall()[0][0]
    assert count == rows, (count, rows)
    abandon_database(path)
    sqlite_seconds = _sqlite_recovery(work, target, batch)
    return rowan_seconds, sqlite_seconds, rows


def _sqlite_recovery(work: str, target: int, batch: list) -> float:
    source = os.path.join(work, "recovery.db")
    sqlite = _sqlite(source, "OFF")
    sqlite.execute("PRAGMA wal_autocheckpoint=0")
    sqlite.execute("CREATE TABLE t(a TEXT, b INTEGER, c REAL)")
    sqlite.execute("CREATE INDEX tb ON t(b)")
    while not os.path.exists(source + "-wal") or os.path.getsize(source + "-wal") < target:
        with sqlite:
            sqlite.executemany("INSERT INTO t VALUES (?, ?, ?)", batch)
    copy = os.path.join(work, "recovered.db")
    shutil.copy(source, copy)                         # the files as a crash leaves them
    shutil.copy(source + "-wal", copy + "-wal")
    sqlite.close()
    started = time.perf_counter()
    recovered = apsw.Connection(copy)
    list(recovered.execute("SELECT a FROM t WHERE b = 7"))
    seconds = time.perf_counter() - started
    recovered.close()
    return seconds


def cold_open(work: str, tables: int) -> tuple[float, float]:
    """Seconds to open a database of ``tables`` tables and query one, (RowanDB, SQLite)."""
    path = os.path.join(work, "many.rowan")
    rowan = _rowan(path)
    rowan.execute("PRAGMA synchronous = OFF")
    rowan.execute("BEGIN")
    for n in range(tables):
        rowan.execute(f"CREATE TABLE t{n}(a INTEGER PRIMARY KEY, b TEXT)")
        rowan.execute(f"INSERT INTO t{n} VALUES (1, 'x')")
    rowan.execute("COMMIT")
    _rowan_close(rowan)
    middle = f"t{tables // 2}"
    started = time.perf_counter()
    rowan = _rowan(path)
    assert rowan.execute(f"SELECT b FROM {middle}").fetchall() == [("x",)]
    rowan_seconds = time.perf_counter() - started
    _rowan_close(rowan)
    sqlite_path = os.path.join(work, "many.db")
    sqlite = _sqlite(sqlite_path, "OFF")
    with sqlite:
        for n in range(tables):
            sqlite.execute(f"CREATE TABLE t{n}(a INTEGER PRIMARY KEY, b TEXT)")
            sqlite.execute(f"INSERT INTO t{n} VALUES (1, 'x')")
    sqlite.close()
    started = time.perf_counter()
    sqlite = apsw.Connection(sqlite_path)
    list(sqlite.execute(f"SELECT b FROM {middle}"))
    sqlite_seconds = time.perf_counter() - started
    sqlite.close()
    return rowan_seconds, sqlite_seconds


def _line(name: str, rowan: str, sqlite: str, ratio: float, target: str = "") -> str:
    return f"{name:<34} {rowan:>14} {sqlite:>14} {ratio:>9.2f}x  {target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.storage", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--commits", type=int, default=None, help="commits per latency run")
    parser.add_argument("--rows", type=int, default=None, help="rows in the bulk load")
    parser.add_argument("--log-mb", type=float, default=None, help="log size for recovery")
    parser.add_argument("--tables", type=int, default=None, help="tables for the cold open")
    parser.add_argument("--dir", default=None, help="where to build the databases")
    args = parser.parse_args(argv)
    commits = args.commits or (30 if args.quick else 300)
    rows = args.rows or (5_000 if args.quick else 100_000)
    log_mb = args.log_mb or (2 if args.quick else 100)
    tables = args.tables or (200 if args.quick else 10_000)
    work = tempfile.mkdtemp(prefix="rowandb-bench-", dir=args.dir)
    out = sys.stdout
    try:
        print(_line("measurement", "RowanDB", "SQLite", 0.0).replace("    0.00x", "  ratio"),
              file=out)
        for level in ("FULL", "NORMAL"):
            r, s = commit_latency(work, commits, level)
            print(_line(f"commit latency {level} (median)", f"{r * 1e3:.3f} ms",
                        f"{s * 1e3:.3f} ms", r / s, "target <= 2x"), file=out, flush=True)
        r, s = bulk_load(work, rows)
        print(_line(f"bulk load {rows} rows, one txn", f"{r:,.0f} rows/s", f"{s:,.0f} rows/s",
                    s / r, "target <= 5x"), file=out, flush=True)
        r, s, n = recovery(work, log_mb)
        print(_line(f"recovery of a {log_mb:g} MB log", f"{r:.3f} s", f"{s:.3f} s", r / s,
                    f"target < 10 s ({n} rows)"), file=out, flush=True)
        r, s = cold_open(work, tables)
        print(_line(f"cold open, {tables} tables", f"{r * 1e3:.1f} ms", f"{s * 1e3:.1f} ms",
                    r / s), file=out, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
