"""VIRTUAL columns that ALTER TABLE ADD COLUMN adds, RowanDB beside SQLite (apsw): what
computing them where they are read (sql/bind/virtual_read.py) costs and saves.

Each workload loads ``t(id INTEGER PRIMARY KEY, x INT)`` with ``--rows`` rows (default
100,000) and times, in CPU seconds (the best of ``--repeat``):

* ``add_virtual``: ``ALTER TABLE t ADD COLUMN c AS (x * 2)`` (a new column each time);
* ``scan_added``: ``SELECT sum(c) FROM t`` after that ALTER, every row older than c;
* ``scan_created``: the same scan of a table created with ``c AS (x * 2)``;
* ``scan_plain``: ``SELECT sum(x) FROM t`` of a table with no generated column;
* ``scan_added_plain``: ``SELECT sum(c) FROM t`` after ``ADD COLUMN c DEFAULT 1``;
* ``update_plain``: ``UPDATE t SET x = x + 1`` of a table with no generated column;
* ``update_trigger``: the same UPDATE of every tenth row with an AFTER UPDATE trigger
  that logs OLD.x (the row-at-a-time writer and a trigger firing per row).

It prints one line per workload and engine (name, seconds); every engine must give the
same sums, else the exit status is 1.

Run: ``python -m bench.virtual_read [--rows 100000] [--repeat 3] [--engines rowandb sqlite]``.
"""

from __future__ import annotations

import argparse
import sys
import time

from .harness import RowanEngine, SqliteEngine

ENGINES = {"rowandb": RowanEngine, "sqlite": SqliteEngine}


def _load(engine, rows: int, created: str = "") -> None:
    engine.execute(f"CREATE TABLE t(id INTEGER PRIMARY KEY, x INT{created})")
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO t(id, x) VALUES (?, ?)", [(i, i % 1000) for i in range(rows)])
    engine.execute("COMMIT")


def _timed(engine, sql: str):
    started = time.process_time()
    result = engine.execute(sql)
    return time.process_time() - started, result


def workloads(factory, rows: int, repeat: int) -> dict:
    """Workload name -> (best CPU seconds, the result it read)."""
    out = {}
    engine = factory()
    _load(engine, rows)
    adds = [_timed(engine, f"ALTER TABLE t ADD COLUMN c{k} AS (x * 2)") for k in range(repeat)]
    out["add_virtual"] = (min(t for t, _ in adds), None)
    scans = [_timed(engine, "SELECT sum(c0) FROM t") for _ in range(repeat)]
    out["scan_added"] = (min(t for t, _ in scans), scans[0][1])
    engine.close()
    for name, created, column in (("scan_created", ", c AS (x * 2)", "c"),
                                  ("scan_plain", "", "x")):
        engine = factory()
        _load(engine, rows, created)
        scans = [_timed(engine, f"SELECT sum({column}) FROM t") for _ in range(repeat)]
        out[name] = (min(t for t, _ in scans), scans[0][1])
        engine.close()
    engine = factory()
    _load(engine, rows)
    engine.execute("ALTER TABLE t ADD COLUMN c DEFAULT 1")
    scans = [_timed(engine, "SELECT sum(c) FROM t") for _ in range(repeat)]
    out["scan_added_plain"] = (min(t for t, _ in scans), scans[0][1])
    engine.close()
    engine = factory()
    _load(engine, rows)
    updates = [_timed(engine, "UPDATE t SET x = x + 1") for _ in range(repeat)]
    out["update_plain"] = (min(t for t, _ in updates), engine.execute("SELECT sum(x) FROM t"))
    engine.execute("CREATE TABLE log(v)")
    engine.execute("CREATE TRIGGER tr AFTER UPDATE ON t BEGIN INSERT INTO log VALUES (OLD.x); END")
    updates = [_timed(engine, "UPDATE t SET x = x + 1 WHERE id % 10 = 0") for _ in range(repeat)]
    out["update_trigger"] = (min(t for t, _ in updates), engine.execute("SELECT sum(v) FROM log"))
    engine.close()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    args = parser.parse_args(argv)
    found = {name: workloads(ENGINES[name], args.rows, args.repeat) for name in args.engines}
    for name, results in found.items():
        for workload, (seconds, _) in results.items():
            print(f"{workload} {name} {seconds:.4f}")
    answers = {name: {w: r for w, (_, r) in results.items()} for name, results in found.items()}
    return 0 if len({repr(a) for a in answers.values()}) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
