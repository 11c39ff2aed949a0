"""Point reads by INTEGER PRIMARY KEY and one-row commits, RowanDB beside SQLite (issue 12).

The two workloads of issue 12 that the ``fastread`` branch works on, with exactly the
issue's schema, data (random.Random(12)) and statements:

* ``point_pk``: 100,000 ``SELECT * FROM child WHERE id = ?`` through the DB-API
  (``cur.execute(sql, (id,))`` + ``fetchone()``; apsw: ``cursor.execute(...).fetchone()``);
* ``commit_latency``: 1,000 x (``BEGIN``; ``INSERT INTO parent VALUES (?, ?, ?)``;
  ``COMMIT``) on disk.

Each measurement runs in a fresh process (``--one``); the driver interleaves the engines
(RowanDB, SQLite, RowanDB, ...) and prints medians and ratios::

    python -m bench.fastread --runs 5 [--workload point_pk] [--mode memory|disk]

On disk both engines use ``PRAGMA synchronous=NORMAL``; SQLite keeps its default journal
mode (DELETE), as the issue does, unless ``--journal wal`` asks for WAL (which syncs
nothing at commit under NORMAL, as RowanDB's log). Both run with ``PRAGMA foreign_keys=ON``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench.targets.workloads import SCHEMA, child_rows, parent_rows

PARENTS, CHILDREN, READS, COMMITS = 10_000, 100_000, 100_000, 1_000
POINT_SQL = "SELECT * FROM child WHERE id = ?"


def data(parents: int = PARENTS, children: int = CHILDREN):
    """The shared workload's parents and children (bench/targets/workloads.py)."""
    return parent_rows(parents), list(child_rows(random.Random(12), children, parents))


def _open(engine: str, path: str):
    if engine == "sqlite":
        import apsw
        conn = apsw.Connection(path)
        cur = conn.cursor()
        run = lambda sql, p=(): cur.execute(sql, p)  # noqa: E731
        if path != ":memory:" and os.environ.get("FASTREAD_JOURNAL"):
            run(f"PRAGMA journal_mode={os.environ['FASTREAD_JOURNAL']}")
    else:
        import rowandb
        conn = rowandb.connect(path)
        cur = conn.cursor()
        run = lambda sql, p=(): cur.execute(sql, p)  # noqa: E731
    run("PRAGMA foreign_keys=ON")
    if path != ":memory:":
        run("PRAGMA synchronous=NORMAL")
    return conn, cur, run


def _load(engine, conn, cur, run, with_children=True):
    parent_rows, child_rows = data()
    run("BEGIN")
    for sql in SCHEMA:
        run(sql)
    cur.executemany("INSERT INTO parent VALUES (?,?,?)", parent_rows)
    if with_children:
        cur.executemany("INSERT INTO child VALUES (?,?,?,?,?)", child_rows)
    run("COMMIT")
    return child_rows


def point_pk(engine: str, path: str) -> tuple[float, object]:
    conn, cur, run = _open(engine, path)
    child_rows = _load(engine, conn, cur, run)
    rng = random.Random(7)
    ids = [rng.randint(1, CHILDREN) for _ in range(READS)]
    execute = cur.execute
    start = time.perf_counter()
    if engine == "sqlite":
        for i in ids:
            execute(POINT_SQL, (i,)).fetchone()
        elapsed = time.perf_counter() - start
    else:
        fetchone = cur.fetchone
        for i in ids:
            execute(POINT_SQL, (i,))
            fetchone()
        elapsed = time.perf_counter() - start
    check = execute(POINT_SQL, (ids[-1],)).fetchone()
    assert tuple(check) == child_rows[ids[-1] - 1], (check, child_rows[ids[-1] - 1])
    conn.close()
    return elapsed, tuple(check)


def commit_latency(engine: str, path: str) -> tuple[float, object]:
    conn, cur, run = _open(engine, path)
    _load(engine, conn, cur, run, with_children=False)
    start = time.perf_counter()
    for i in range(PARENTS + 1, PARENTS + COMMITS + 1):
        run("BEGIN")
        run("INSERT INTO parent VALUES (?, ?, ?)", (i, f"parent-{i}", i % 50))
        run("COMMIT")
    elapsed = time.perf_counter() - start
    count = run("SELECT count(*) FROM parent").fetchone()[0]
    conn.close()
    return elapsed, count


WORKLOADS = {"point_pk": point_pk, "commit_latency": commit_latency}


def one(engine: str, workload: str, mode: str) -> None:
    """Run one measurement in this process and print it as JSON."""
    tmp = None
    if mode == "disk":
        tmp = tempfile.mkdtemp(prefix="fastread-")
        path = os.path.join(tmp, "db")
    else:
        path = ":memory:"
    try:
        elapsed, check = WORKLOADS[workload](engine, path)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps({"seconds": elapsed, "check": repr(check)}))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workload", choices=sorted(WORKLOADS), action="append")
    ap.add_argument("--mode", choices=["memory", "disk"], action="append")
    ap.add_argument("--journal", choices=["delete", "wal"], default="delete",
                    help="SQLite's journal mode on disk (default: its default, DELETE)")
    ap.add_argument("--one", nargs=3, metavar=("ENGINE", "WORKLOAD", "MODE"))
    args = ap.parse_args(argv)
    os.environ["FASTREAD_JOURNAL"] = args.journal
    if args.one:
        one(*args.one)
        return
    for workload in args.workload or ["point_pk", "commit_latency"]:
        modes = args.mode or (["disk"] if workload == "commit_latency" else ["memory", "disk"])
        for mode in modes:
            times = {"rowandb": [], "sqlite": []}
            checks = {}
            for _ in range(args.runs):
                for engine in ("rowandb", "sqlite"):
                    out = subprocess.run(
                        [sys.executable, "-m", "bench.fastread", "--one", engine, workload, mode],
                        check=True, capture_output=True, text=True).stdout
                    result = json.loads(out.strip().splitlines()[-1])
                    times[engine].append(result["seconds"])
                    checks[engine] = result["check"]
            if checks["rowandb"] != checks["sqlite"]:
                print(f"  !! results differ: {checks}")
            r, s = (statistics.median(times[e]) for e in ("rowandb", "sqlite"))
            print(f"{workload:15} {mode:6} rowandb {r:8.3f}s  sqlite {s:8.3f}s  ratio {r / s:5.2f}"
                  f"  (runs: {' '.join(f'{t:.3f}' for t in times['rowandb'])} | "
                  f"{' '.join(f'{t:.3f}' for t in times['sqlite'])})", flush=True)


if __name__ == "__main__":
    main()
