"""ALTER TABLE, RowanDB beside SQLite (apsw): ADD COLUMN on growing tables, RENAME TO of a
parent with many children, DROP COLUMN of a large table.

Issue 11: ADD COLUMN must not rewrite rows, so its time must not grow with the table.
``add_column`` loads ``t(id INTEGER PRIMARY KEY, x TEXT)`` with N rows (``--sizes``,
default 1,000 and 100,000) and times ``ALTER TABLE t ADD COLUMN cK TEXT DEFAULT 'v'``
(a new column each repetition; best CPU time of ``--repeat``), then checks that every row
reads the default on both engines. RowanDB's growth from the smallest size to the largest
must stay under ``MAX_GROWTH`` times, whatever the growth in rows, else the exit status is
1. ``rename_parent`` creates a parent referenced by ``--children`` tables (default 1,000),
each with an index on its foreign key -- a second time with ``--views`` views that read
the parent too (default 100; RowanDB resolves their names, as SQLite does) -- and times
``ALTER TABLE p RENAME TO q`` (best of three: to q, back to p, to q), which rewrites every child's CREATE text and foreign-key
rows and every view, as SQLite does; then both engines must hold the same sqlite_schema,
byte for byte, and every child's foreign key must name ``q``. It runs at a tenth of the
children too: RowanDB's time may grow at most ``MAX_RENAME_GROWTH`` times the growth in
children (linear, not quadratic: each reference costs O(log n) dictionary work), else the
exit status is 1. ``drop_column`` loads ``t(id INTEGER PRIMARY KEY, x TEXT, y INT, z
TEXT)`` with ``--drop-rows`` rows (default 100,000) and an index on ``z``, and times
``ALTER TABLE t DROP COLUMN y``, which rewrites every row on both engines (one run: the
table has the column once), then checks the rows and the index.

Run: ``python -m bench.alter [--sizes 1000 100000] [--repeat 3] [--children 1000]
[--views 100] [--drop-rows 100000]``, or
``python -m bench --only-suites --alter``.
"""

from __future__ import annotations

import argparse
import sys
import time

from .harness import RowanEngine, SqliteEngine, _seconds

MAX_GROWTH = 5.0        # O(1) in rows: at most 5 times slower on 100x the rows (noise)
MAX_RENAME_GROWTH = 2.0     # 10x the children: at most 20x the time


def _timed(engine, sql: str) -> float:
    started = time.process_time()
    engine.execute(sql)
    return time.process_time() - started


def add_column(sizes: list[int], repeat: int) -> bool:
    times, ok = {}, True
    for n in sizes:
        for engine in (RowanEngine(), SqliteEngine()):
            engine.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)")
            engine.execute("BEGIN")
            engine.executemany("INSERT INTO t VALUES (?, ?)", [(i, f"r{i}") for i in range(n)])
            engine.execute("COMMIT")
            times[engine.name, n] = min(
                _timed(engine, f"ALTER TABLE t ADD COLUMN c{k} TEXT DEFAULT 'v'")
                for k in range(repeat))
            found = engine.execute(f"SELECT count(*) FROM t WHERE c{repeat - 1} = 'v'")
            if found != [(n,)]:
                print(f"add_column at {n} on {engine.name}: {found}")
                ok = False
            engine.close()
    print(f"{'case':<14}{'rows':>9}{'RowanDB':>11}{'SQLite':>11}{'ratio':>9}")
    for n in sizes:
        rowan, sqlite = times["rowandb", n], times["sqlite", n]
        print(f"{'add_column':<14}{n:>9}{_seconds(rowan):>11}{_seconds(sqlite):>11}"
              f"{rowan / max(sqlite, 1e-9):>8.1f}x")
    small, large = min(sizes), max(sizes)
    growth = times["rowandb", large] / max(times["rowandb", small], 1e-9)
    print(f"{'':<14}RowanDB growth {small} -> {large} rows: {growth:.1f}x "
          f"(limit {MAX_GROWTH:.0f}x)")
    return ok and growth <= MAX_GROWTH


def rename_parent(children: int, views: int) -> bool:
    ok, times = True, {}
    small = max(children // 10, 1)
    for n in (small, small, children):          # the first run warms up
        schemas = {}
        for engine in (RowanEngine(), SqliteEngine()):
            engine.execute("CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)")
            engine.execute("BEGIN")
            for i in range(n):
                engine.execute(f"CREATE TABLE c{i}(x REFERENCES p, p INT)")
                engine.execute(f"CREATE INDEX c{i}_x ON c{i}(x)")
            for i in range(views):
                engine.execute(f"CREATE VIEW v{i} AS SELECT p.id, c.p FROM p JOIN c0 AS c "
                               f"ON c.x = p.id + {i} WHERE p.name IN (SELECT name FROM p)")
            engine.execute("COMMIT")
            times[engine.name, n] = min(_timed(engine, f"ALTER TABLE {a} RENAME TO {b}")
                                        for a, b in ("pq", "qp", "pq"))
            schemas[engine.name] = engine.execute("SELECT name, sql FROM sqlite_schema")
            parents = engine.execute(f"SELECT \"table\" FROM pragma_foreign_key_list('c{n - 1}')")
            if parents != [("q",)]:
                print(f"rename_parent on {engine.name}: c{n - 1} references {parents}")
                ok = False
            engine.close()
        if schemas["rowandb"] != schemas["sqlite"]:
            print(f"rename_parent with {n} children: the schemas differ")
            ok = False
    for n in (small, children):
        rowan, sqlite = times["rowandb", n], times["sqlite", n]
        print(f"{'rename_parent':<14}{n:>9}{_seconds(rowan):>11}{_seconds(sqlite):>11}"
              f"{rowan / max(sqlite, 1e-9):>8.1f}x   (children, {views} views)")
    growth = times["rowandb", children] / max(times["rowandb", small], 1e-9)
    limit = MAX_RENAME_GROWTH * children / small
    print(f"{'':<14}RowanDB growth {small} -> {children} children: {growth:.1f}x "
          f"(limit {limit:.0f}x)")
    return ok and growth <= limit


def drop_column(n: int) -> bool:
    times, ok = {}, True
    for engine in (RowanEngine(), SqliteEngine()):
        engine.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT, y INT, z TEXT)")
        engine.execute("CREATE INDEX tz ON t(z)")
        engine.execute("BEGIN")
        engine.executemany("INSERT INTO t VALUES (?, ?, ?, ?)",
                           [(i, f"x{i}", i * 7, f"z{i % 1000}") for i in range(n)])
        engine.execute("COMMIT")
        times[engine.name] = _timed(engine, "ALTER TABLE t DROP COLUMN y")
        found = (engine.execute("SELECT count(*), max(x) FROM t"),
                 engine.execute("SELECT count(*) FROM t WHERE z = 'z7'"))
        expected = ([(n, max(f"x{i}" for i in range(n)))], [(len(range(7, n, 1000)),)])
        if found != expected:
            print(f"drop_column on {engine.name}: {found}")
            ok = False
        engine.close()
    rowan, sqlite = times["rowandb"], times["sqlite"]
    print(f"{'drop_column':<14}{n:>9}{_seconds(rowan):>11}{_seconds(sqlite):>11}"
          f"{rowan / max(sqlite, 1e-9):>8.1f}x")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.alter",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--children", type=int, default=1_000)
    parser.add_argument("--views", type=int, default=100)
    parser.add_argument("--drop-rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    ok = add_column(args.sizes, args.repeat)
    ok = rename_parent(args.children, 0) and ok
    if args.views:
        ok = rename_parent(args.children, args.views) and ok
    ok = drop_column(args.drop_rows) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
