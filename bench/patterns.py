"""LIKE and GLOB, RowanDB beside SQLite (apsw): pathological patterns and the common shapes.

Issue 8, point 8: a pattern such as ``'%a%a%b'`` against a long run of ``a`` made the old
regex translation backtrack for seconds to minutes where SQLite answers at once. This suite
times, on both engines with the same SQL and the same data:

- **pathological** — ``SELECT ? LIKE ?`` (or GLOB) of one pattern against one text of N
  characters (``--sizes``, default 1,000, 5,000 and 20,000):

  | case              | pattern                         | text            | why it is hard        |
  |-------------------|---------------------------------|-----------------|-----------------------|
  | like_stars        | ``%a%a%b``                      | ``a`` * N       | the issue's shape     |
  | like_many_stars   | ``%a`` * 100 + ``%b%``          | ``a`` * N       | 101 stars, no anchors |
  | glob_wild_segment | ``*`` + ``a?`` * 20 + ``b*``    | ``a`` * N       | a 41-character segment |
  |                   |                                 |                 | with wildcards, tried |
  |                   |                                 |                 | at every position     |

- **common** — ``SELECT count(*) FROM t WHERE s LIKE ?`` (or GLOB) over ``--rows`` rows
  (default 100,000) of random mixed-case words of 8–32 letters: prefix ``abc%``, infix
  ``%abc%``, suffix ``%abc``, one-character wildcards ``_b_d%``, an exact text, and GLOB's
  prefix ``abc*``, infix ``*abc*`` and class ``[a-c]*[x-z]``.

Each case is run ``--repeat`` times (default 5) per engine, the two engines alternating
(RowanDB, SQLite, RowanDB, ...) so that a change in machine load hits both alike; the
**median** CPU time of each engine (``time.process_time``: the machines here are shared,
and wall time counts other processes' turns) is reported with the ratio RowanDB / SQLite.
Both engines must compute the same value, else the exit status is 1.

Run: ``python -m bench.patterns [--sizes 1000 5000 20000] [--rows 100000] [--repeat 5]
[--only pathological|common] [CASE ...]``, or ``python -m bench --only-suites --patterns``.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from typing import Callable

from .harness import Engine, RowanEngine, SqliteEngine, _seconds

SEED = 20240808

#: name -> (operator, pattern), each matched against ``"a" * N``.
PATHOLOGICAL = {
    "like_stars": ("LIKE", "%a%a%b"),
    "like_many_stars": ("LIKE", "%a" * 100 + "%b%"),
    "glob_wild_segment": ("GLOB", "*" + "a?" * 20 + "b*"),
}

#: name -> (operator, pattern) over the table of random words.
COMMON = {
    "like_prefix": ("LIKE", "abc%"),
    "like_infix": ("LIKE", "%abc%"),
    "like_suffix": ("LIKE", "%abc"),
    "like_one_char": ("LIKE", "_b_d%"),
    "like_exact": ("LIKE", None),          # the text of row 500, whatever it is
    "glob_prefix": ("GLOB", "abc*"),
    "glob_infix": ("GLOB", "*abc*"),
    "glob_class": ("GLOB", "[a-c]*[x-z]"),
}


def _words(rows: int) -> list[tuple[int, str]]:
    rnd = random.Random(SEED)
    letters = "abcdefghijklmnopqrstuvwxyz"
    alphabet = letters[:10] + letters[:10].upper() + letters[20:]
    return [(i, "".join(rnd.choice(alphabet) for _ in range(rnd.randint(8, 32))))
            for i in range(1, rows + 1)]


def _interleaved(runs: dict[str, Callable[[], object]],
                 repeat: int) -> dict[str, tuple[float, object]]:
    """Median CPU seconds and last result of each runner, the runners taking turns."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    results: dict[str, object] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            started = time.process_time()
            results[name] = run()
            times[name].append(time.process_time() - started)
    return {name: (statistics.median(times[name]), results[name]) for name in runs}


def _line(case: str, rowan: float, sqlite: float, same: bool) -> str:
    ratio = rowan / sqlite if sqlite > 0 else float("inf")
    note = "" if same else "  RESULTS DIFFER"
    return f"{case:<30} {_seconds(rowan):>11} {_seconds(sqlite):>11} {ratio:>9.1f}x{note}"


def pathological(engines: dict[str, Engine], sizes: list[int], repeat: int,
                 chosen: set[str] | None) -> bool:
    ok = True
    for case, (op, pattern) in PATHOLOGICAL.items():
        if chosen and case not in chosen:
            continue
        for n in sizes:
            text = "a" * n
            sql = f"SELECT ? {op} ?"
            runs = {name: (lambda e=engine: e.execute(sql, (text, pattern)))
                    for name, engine in engines.items()}
            for run in runs.values():
                run()                       # prepare once, untimed
            figures = _interleaved(runs, repeat)
            same = figures["rowandb"][1] == figures["sqlite"][1]
            ok &= same
            print(_line(f"{case} N={n}", figures["rowandb"][0], figures["sqlite"][0], same),
                  flush=True)
    return ok


def common(engines: dict[str, Engine], rows: int, repeat: int, chosen: set[str] | None) -> bool:
    data = _words(rows)
    for engine in engines.values():
        engine.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT)")
        engine.execute("BEGIN")
        engine.executemany("INSERT INTO t VALUES (?, ?)", data)
        engine.execute("COMMIT")
    ok = True
    for case, (op, pattern) in COMMON.items():
        if chosen and case not in chosen:
            continue
        pattern = data[min(499, rows - 1)][1] if pattern is None else pattern
        sql = f"SELECT count(*) FROM t WHERE s {op} ?"
        runs = {name: (lambda e=engine: e.execute(sql, (pattern,)))
                for name, engine in engines.items()}
        figures = _interleaved(runs, repeat)
        same = figures["rowandb"][1] == figures["sqlite"][1]
        ok &= same
        print(_line(f"{case} ({figures['sqlite'][1][0][0]} rows)", figures["rowandb"][0],
                    figures["sqlite"][0], same), flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.patterns",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*", metavar="CASE",
                        help=f"cases to run (default all): {', '.join([*PATHOLOGICAL, *COMMON])}")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["pathological", "common"])
    args = parser.parse_args(argv)
    unknown = set(args.cases) - set(PATHOLOGICAL) - set(COMMON)
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    chosen = set(args.cases) or None
    print(f"{'case':<30} {'RowanDB':>11} {'SQLite':>11} {'ratio':>10}")
    engines = {"rowandb": RowanEngine(), "sqlite": SqliteEngine()}
    ok = True
    try:
        if args.only != "common" and (chosen is None or chosen & set(PATHOLOGICAL)):
            ok &= pathological(engines, args.sizes, args.repeat, chosen)
        if args.only != "pathological" and (chosen is None or chosen & set(COMMON)):
            ok &= common(engines, args.rows, args.repeat, chosen)
    finally:
        for engine in engines.values():
            engine.close()
    print(f"(median CPU time of {args.repeat} interleaved runs; ratio = RowanDB / SQLite)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
