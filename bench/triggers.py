"""Trigger recursion and an ordinary trigger, RowanDB beside SQLite (issues 8 and 12).

Three statements, each timed once on a fresh ``:memory:`` database whose schema (and data)
is built first, untimed -- so the time includes preparing the statement and the trigger
programs it fires, as the fuzzer's cases pay it (what a process does once, for its first
statements of any kind, is done first on another connection: ``WARM_UP``):

- ``recursive_1000``: ``PRAGMA recursive_triggers = ON`` and an AFTER INSERT trigger on
  ``t`` that inserts into ``t`` again, with no end: the INSERT fails at SQLite's limit of
  1000 levels ('triggers nested too deep') and is undone (``t`` is empty after it);
- ``chain_100``: the same trigger with ``WHEN new.x < 100``: a chain of 100 levels that
  succeeds (``t`` holds 1..100);
- ``one_level_10k``: an AFTER INSERT trigger that writes one row of ``log`` per row of
  ``t``, fired by ``INSERT INTO t SELECT x FROM src`` of 10,000 rows.

Each result -- the error of the statement, if any, then what the database holds after
it -- must be the same on both engines. ``--runs N`` runs each case N times, the engines
interleaved (RowanDB, SQLite, RowanDB, ...), each run in a fresh process; the table gives
the medians and the ratio RowanDB / SQLite. ``--clock cpu`` times the worker's process
time (steadier on a shared machine), ``--clock wall`` its wall clock. ``--base TREE`` adds
a column timed with the RowanDB of another source tree (e.g. one made by ``git archive``),
run in the same interleaved rounds, and its ratio to the current one.

Run: ``python -m bench.triggers [--runs 7] [--clock cpu|wall] [--base TREE]
[--cases NAME ...]``, or ``python -m bench --only-suites --triggers``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

from .harness import _seconds

_RECURSIVE = ["PRAGMA recursive_triggers = ON", "CREATE TABLE t(x INTEGER)"]

#: name -> (setup statements, timed statement, statements whose rows are the result)
CASES = {
    "recursive_1000": (
        _RECURSIVE + ["CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                      "INSERT INTO t VALUES (new.x + 1); END"],
        "INSERT INTO t VALUES (1)",
        ["SELECT count(*), sum(x) FROM t"]),
    "chain_100": (
        _RECURSIVE + ["CREATE TRIGGER tr AFTER INSERT ON t WHEN new.x < 100 BEGIN "
                      "INSERT INTO t VALUES (new.x + 1); END"],
        "INSERT INTO t VALUES (1)",
        ["SELECT count(*), sum(x), max(x) FROM t"]),
    "one_level_10k": (
        ["CREATE TABLE src(x INTEGER)", "CREATE TABLE t(x INTEGER)", "CREATE TABLE log(y)",
         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
         "INSERT INTO src SELECT i FROM n",
         "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x * 2); END"],
        "INSERT INTO t SELECT x FROM src",
        ["SELECT count(*), sum(x) FROM t", "SELECT count(*), sum(y) FROM log"]),
}

#: Run first on another connection of the worker, so that what a process does once (its
#: first parse, plan and compilation of each kind) is not charged to the case: other texts
#: (nothing of the case is parsed or compiled ahead), the same kinds of statement.
WARM_UP = ["CREATE TABLE w(a INTEGER)", "CREATE TABLE w2(b)",
           "CREATE TRIGGER wt AFTER INSERT ON w WHEN new.a < 3 BEGIN "
           "INSERT INTO w2 VALUES (new.a * 3); INSERT INTO w SELECT new.a + 1; END",
           "INSERT INTO w VALUES (1)", "SELECT count(*), sum(b) FROM w2"]

#: One timed run in a fresh process: argv engine, case (JSON), clock.
_WORKER = r"""
import gc, json, sys, time
engine, (setup, timed, checks), clock = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
WARM_UP = json.loads(sys.argv[4])
if engine == "sqlite":
    import apsw
    conn = apsw.Connection(":memory:")
    run = lambda sql: [tuple(r) for r in conn.execute(sql)]
else:
    import rowandb
    conn = rowandb.connect(":memory:", isolation_level=None)
    def run(sql):
        cursor = conn.execute(sql)
        return [tuple(r) for r in cursor.fetchall()] if cursor.description else []
warm = apsw.Connection(":memory:") if engine == "sqlite" else \
    rowandb.connect(":memory:", isolation_level=None)
for sql in WARM_UP:
    warm.execute(sql)
for sql in setup:
    run(sql)
now = time.process_time if clock == "cpu" else time.perf_counter
gc.collect()
started = now()
try:
    run(timed)
    error = None
except Exception as exc:
    error = str(exc)
seconds = now() - started
print(json.dumps({"seconds": seconds, "result": [error] + [run(sql) for sql in checks]}))
"""


def _time(engine: str, case: str, clock: str, tree: str | None) -> dict:
    """One run in a fresh process whose ``rowandb`` is ``tree``'s (its working directory,
    which ``python -c`` puts first on the path)."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = tree
    out = subprocess.run([sys.executable, "-c", _WORKER, engine, json.dumps(CASES[case]),
                          clock, json.dumps(WARM_UP)], env=env, check=True, capture_output=True, text=True,
                         cwd=tree)
    return json.loads(out.stdout)


def measure(case: str, runs: int, clock: str, base: str | None) -> tuple[dict, bool]:
    """Median seconds per column (rowandb, sqlite and, with ``base``, base) and whether
    every run of every column gave SQLite's result."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    columns = {"rowandb": ("rowandb", here), "sqlite": ("sqlite", here)}
    if base is not None:
        columns["base"] = ("rowandb", base)
    times: dict = {name: [] for name in columns}
    results: dict = {}
    for _ in range(runs):
        for name, (engine, tree) in columns.items():
            found = _time(engine, case, clock, tree)
            times[name].append(found["seconds"])
            results.setdefault(name, found["result"])
            if found["result"] != results[name]:
                results[name] = None            # not the same from run to run
    same = all(results[name] == results["sqlite"] for name in columns)
    if not same:
        print(f"{case}: results differ: {results}")
    return {name: statistics.median(values) for name, values in times.items()}, same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.triggers",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    parser.add_argument("--base", metavar="TREE", help="also time the RowanDB of TREE")
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    args = parser.parse_args(argv)
    head = f"{'case':<16}{'RowanDB':>11}{'SQLite':>11}{'ratio':>9}"
    print(head + (f"{'base':>11}{'base ratio':>12}{'base/now':>10}" if args.base else "")
          + "  same result")
    ok = True
    for case in args.cases:
        median, same = measure(case, args.runs, args.clock, args.base)
        ok = ok and same
        now, sqlite = median["rowandb"], median["sqlite"]
        line = f"{case:<16}{_seconds(now):>11}{_seconds(sqlite):>11}{now / sqlite:>8.1f}x"
        if args.base:
            base = median["base"]
            line += f"{_seconds(base):>11}{base / sqlite:>11.1f}x{base / now:>9.1f}x"
        print(f"{line}  {'yes' if same else 'NO'}")
    print(f"(medians of {args.runs} interleaved runs, {args.clock} clock, one fresh process "
          f"per run; ratio = RowanDB / SQLite)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
