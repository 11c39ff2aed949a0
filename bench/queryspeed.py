"""Issue 12's three read workloads (group_by, order_limit, join_filter), RowanDB beside SQLite.

``python -m bench.queryspeed [--runs N] [--children N ...] [--clock wall|cpu]``: for each
size, N runs; each run starts a fresh process per engine (RowanDB, SQLite, RowanDB, ...:
interleaved), loads issue 12's schema and data in ``:memory:`` (parents = children / 10,
random.Random(12)), times each statement once (fetched whole) and the garbage collector's
share of it (``gc.callbacks``). Prints the medians, the ratio RowanDB / SQLite, RowanDB's time per
child row (compare sizes for the per-row growth) and whether both engines returned the
same rows (an md5 of the sorted rows). The fuller table of every workload, on disk too,
is bench/targets (``make bench``); this module is the quick check of the query operators.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import statistics
import subprocess
import sys
import time

from bench.targets.workloads import SCHEMA, make_data

WORKLOADS = {
    "group_by": "SELECT parent_id, count(*), sum(amount), max(qty) FROM child GROUP BY parent_id",
    "order_limit": "SELECT * FROM child ORDER BY label LIMIT 10",
    "join_filter": "SELECT c.id, c.amount, p.name FROM child c JOIN parent p "
                   "ON p.id = c.parent_id WHERE p.region = 7"}
#: ``--clock cpu`` (the worker's process time) steadies figures on a shared machine.
CLOCK = time.perf_counter
TARGETS = {"group_by": 4, "order_limit": 4, "join_filter": 6}


def data(children: int):
    """The shared workload's parents and children (bench/targets/workloads.py)."""
    rows = make_data(children)
    return rows.parents, rows.children


def _connect(engine: str):
    if engine == "rowandb":
        import rowandb
        return rowandb.connect(":memory:", isolation_level=None).cursor()
    import apsw
    return apsw.Connection(":memory:").cursor()


def worker(engine: str, children: int) -> dict:
    """One engine's figures: {workload: (seconds, gc seconds, rows digest)}."""
    parents, kids = data(children)
    cur = _connect(engine)
    cur.execute("PRAGMA foreign_keys=ON")
    for sql in SCHEMA:
        cur.execute(sql)
    cur.execute("BEGIN")
    cur.executemany("INSERT INTO parent VALUES (?,?,?)", parents)
    cur.executemany("INSERT INTO child VALUES (?,?,?,?,?)", kids)
    cur.execute("COMMIT")
    del parents, kids
    collecting = [0.0]
    started = []

    def watch(phase, _info):
        if phase == "start":
            started.append(time.perf_counter())
        else:
            collecting[0] += time.perf_counter() - started.pop()
    gc.callbacks.append(watch)
    out = {}
    for name, sql in WORKLOADS.items():
        collecting[0] = 0.0
        t = CLOCK()
        rows = cur.execute(sql).fetchall()
        t = CLOCK() - t
        digest = hashlib.md5(repr(sorted(map(repr, rows))).encode()).hexdigest()[:8]
        out[name] = (t, collecting[0], digest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.queryspeed")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--children", type=int, nargs="+", default=[100_000])
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        global CLOCK
        CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
        print(json.dumps(worker(args.worker[0], int(args.worker[1]))))
        return 0
    for children in args.children:
        runs = {"rowandb": [], "sqlite": []}
        for _ in range(args.runs):
            for engine in runs:
                command = [sys.executable, "-m", "bench.queryspeed", "--worker", engine,
                           str(children), "--clock", args.clock]
                done = subprocess.run(command, capture_output=True, text=True)
                if done.returncode:
                    print(done.stderr, file=sys.stderr)
                    return 1
                runs[engine].append(json.loads(done.stdout))
        for name in WORKLOADS:
            mine = statistics.median(r[name][0] for r in runs["rowandb"])
            theirs = statistics.median(r[name][0] for r in runs["sqlite"])
            collect = statistics.median(r[name][1] for r in runs["rowandb"])
            same = runs["rowandb"][0][name][2] == runs["sqlite"][0][name][2]
            print(f"{children:>9} {name:12} rowandb {mine * 1e3:9.2f} ms (gc {collect * 1e3:6.2f})"
                  f"  sqlite {theirs * 1e3:8.2f} ms  ratio {mine / theirs:6.2f}"
                  f" (target {TARGETS[name]})  {mine / children * 1e9:7.0f} ns/row"
                  f"  same rows: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
