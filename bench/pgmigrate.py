"""``rowandb migrate`` to PostgreSQL, in rows per second, beside a plain COPY baseline.

Issue 14 asks for the migration of 1M rows to PostgreSQL with rows/s beside ``pg_dump``-free
COPY baselines. A RowanDB database and an SQLite file (apsw) get the same ``--rows``
(default 1,000,000) rows of ``t(id INTEGER PRIMARY KEY, k INTEGER, v REAL, s TEXT)``; a
PostgreSQL 16 server is started from the ``pgserver`` wheel. Then, each into a new database
on that server:

* ``rowandb migrate``: ``rowandb.pg.commands.migrate`` (schema read, types chosen from the
  data, COPY, identity sequence, row counts verified), wall time;
* ``rowandb read only``: the same ``SELECT`` of every row from RowanDB, without PostgreSQL,
  to show how much of the migration is RowanDB reading its own data;
* ``sqlite COPY``: the rows read from the SQLite file with apsw and sent with psycopg's
  ``COPY ... FROM STDIN`` (``write_row``) into a table created by hand: the speed of the
  pipe without RowanDB, the baseline.

Both copies are checked afterwards (count and sums on the server), so the two paths did
the same work. Run: ``python -m bench.pgmigrate [--rows N] [--dir DIR]``, or
``python -m bench --only-suites --pgmigrate``. Needs the test extra (pgserver, psycopg).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time

import apsw

import rowandb

from .harness import _seconds

SCHEMA = "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v REAL, s TEXT)"
CHECK = "SELECT count(*), sum(k), sum(length(s)), round(sum(v)) FROM t"


def _rows(start: int, stop: int):
    return [(i, i % 1009, i / 7, f"row {i:09d} of the benchmark") for i in range(start, stop)]


def _fill(root: str, rows: int) -> tuple[str, str]:
    rowan_path, sqlite_path = os.path.join(root, "bench.rowan"), os.path.join(root, "bench.db")
    rowan = rowandb.connect(rowan_path, isolation_level=None)
    lite = apsw.Connection(sqlite_path)
    for conn in (rowan, lite):
        conn.execute(SCHEMA)
        for start in range(0, rows, 10_000):
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)",
                             _rows(start, min(start + 10_000, rows)))
            conn.execute("COMMIT")
    rowan.close()
    lite.close()
    return rowan_path, sqlite_path


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _sqlite_copy(path: str, url: str) -> None:
    import psycopg

    lite = apsw.Connection(path)
    with psycopg.connect(url) as pg:
        pg.execute("CREATE TABLE t(id bigint PRIMARY KEY, k bigint, v double precision,"
                   ' s text COLLATE "C")')
        with pg.cursor() as cursor, cursor.copy("COPY t (id, k, v, s) FROM STDIN") as copy:
            for row in lite.execute("SELECT id, k, v, s FROM t"):
                copy.write_row(row)
    lite.close()


def run(rows: int, root: str) -> bool:
    import pgserver
    import psycopg

    from rowandb.pg.commands import migrate

    started = time.perf_counter()
    rowan_path, sqlite_path = _fill(root, rows)
    print(f"filled {rows:,} rows in each engine in {_seconds(time.perf_counter() - started)}")
    server = pgserver.get_server(os.path.join(root, "pg"), cleanup_mode="delete")
    try:
        urls = {}
        with psycopg.connect(server.get_uri(), autocommit=True) as admin:
            for name in ("migrated", "copied"):
                admin.execute(f"CREATE DATABASE {name}")
                urls[name] = server.get_uri(name)
        con = rowandb.connect(rowan_path)
        times = {
            "rowandb migrate": _timed(lambda: migrate(con, urls["migrated"], io.StringIO())),
            "rowandb read only": _timed(
                lambda: sum(1 for _ in con.execute("SELECT id, k, v, s FROM t"))),
            "sqlite COPY": _timed(lambda: _sqlite_copy(sqlite_path, urls["copied"])),
        }
        con.close()
        checks = {}
        for name, url in urls.items():
            with psycopg.connect(url) as pg:
                checks[name] = [tuple(float(v) for v in row) for row in pg.execute(CHECK)]
    finally:
        server.cleanup()
    print(f"{'case':<20}{'time':>10}{'rows/s':>12}")
    for label, seconds in times.items():
        print(f"{label:<20}{_seconds(seconds):>10}{rows / seconds:>12,.0f}")
    print(f"migrate / COPY baseline: {times['rowandb migrate'] / times['sqlite COPY']:.1f}x")
    same = checks["migrated"] == checks["copied"]
    if not same:
        print(f"different data on the server: {checks}")
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pgmigrate",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", help="where the databases go (default: a temporary one)")
    args = parser.parse_args(argv)
    root = args.dir or tempfile.mkdtemp(prefix="rowandb-pgbench-")
    try:
        return 0 if run(args.rows, root) else 1
    finally:
        if not args.dir:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
