"""Window functions, RowanDB beside SQLite (apsw), at two sizes to show how they scale.

Issue 10: a sliding frame must cost O(1) amortised per row for sum/count/avg/total and
min/max -- never O(frame) -- so the time must grow linearly with the rows. Each case runs
over a table ``w(id INTEGER PRIMARY KEY, g INT, x INT)`` of N rows (``--sizes``, default
10,000 and 100,000; ``g`` one of 100 partitions, ``x`` pseudo-random) and reads the
window's values through one aggregate, so that fetching rows costs nothing:

| case          | window                                                                   |
|---------------|--------------------------------------------------------------------------|
| running_sum   | ``sum(x) OVER (ORDER BY id ROWS BETWEEN 100 PRECEDING AND CURRENT ROW)`` |
| sliding_avg   | ``avg(x) OVER (ORDER BY id ROWS BETWEEN 500 PRECEDING AND 500 FOLLOWING)`` |
| sliding_max   | ``max(x) OVER (ORDER BY id ROWS BETWEEN 500 PRECEDING AND 500 FOLLOWING)`` |
| range_count   | ``count(*) OVER (ORDER BY x RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING)`` |
| rank          | ``rank() OVER (PARTITION BY g ORDER BY x)``                              |

A frame of 1,001 rows recomputed per row would make ``sliding_avg`` and ``sliding_max``
hundreds of times slower than ``running_sum``. Each case is timed ``--repeat`` times per
engine (best CPU time, ``time.process_time``: the machines here are shared); the table
gives RowanDB, SQLite, their ratio and, per engine, the growth from the smallest size to
the largest. Both engines must compute the same value, and for the three sliding frames
over rows already in ``id`` order (``LINEAR``) RowanDB's growth must stay under
``MAX_GROWTH`` times the growth in rows, else the exit status is 1; ``range_count`` and
``rank`` sort random keys first (n log n, and a large sort is slower per row in Python
and in SQLite alike), so their growth is reported, not checked.

Run: ``python -m bench.windows [--sizes 10000 100000] [--repeat 3]``, or
``python -m bench --only-suites --windows``.
"""

from __future__ import annotations

import argparse
import sys
import time

from .harness import RowanEngine, SqliteEngine, _seconds

CASES = {
    "running_sum": "sum(x) OVER (ORDER BY id ROWS BETWEEN 100 PRECEDING AND CURRENT ROW)",
    "sliding_avg": "avg(x) OVER (ORDER BY id ROWS BETWEEN 500 PRECEDING AND 500 FOLLOWING)",
    "sliding_max": "max(x) OVER (ORDER BY id ROWS BETWEEN 500 PRECEDING AND 500 FOLLOWING)",
    "range_count": "count(*) OVER (ORDER BY x RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING)",
    "rank": "rank() OVER (PARTITION BY g ORDER BY x)",
}
LINEAR = ("running_sum", "sliding_avg", "sliding_max")
MAX_GROWTH = 1.5        # at most 1.5 times the growth in rows: linear, with room for noise


def _load(engine, n: int) -> None:
    engine.execute("CREATE TABLE w(id INTEGER PRIMARY KEY, g INT, x INT)")
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO w VALUES (?, ?, ?)",
                       [(i, i % 100, (i * 7919) % 100003) for i in range(1, n + 1)])
    engine.execute("COMMIT")


def _best(engine, sql: str, repeat: int) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        value = engine.execute(sql)
        best = min(best, time.process_time() - started)
    return best, value


def run(sizes: list[int], repeat: int) -> bool:
    times: dict = {}
    ok = True
    for n in sizes:
        engines = {"rowandb": RowanEngine(), "sqlite": SqliteEngine()}
        for engine in engines.values():
            _load(engine, n)
        for case, window in CASES.items():
            sql = f"SELECT count(*), sum(v) FROM (SELECT {window} AS v FROM w)"
            results = {name: _best(engine, sql, repeat) for name, engine in engines.items()}
            if results["rowandb"][1] != results["sqlite"][1]:
                print(f"{case} at {n}: RowanDB {results['rowandb'][1]} != SQLite "
                      f"{results['sqlite'][1]}")
                ok = False
            times[case, n] = (results["rowandb"][0], results["sqlite"][0])
        for engine in engines.values():
            engine.close()
    small, large = min(sizes), max(sizes)
    print(f"{'case':<13}{'rows':>9}{'RowanDB':>11}{'SQLite':>11}{'ratio':>8}")
    for case in CASES:
        for n in sizes:
            rowan, sqlite = times[case, n]
            print(f"{case:<13}{n:>9}{_seconds(rowan):>11}{_seconds(sqlite):>11}"
                  f"{rowan / max(sqlite, 1e-9):>7.1f}x")
        growth = [times[case, large][k] / max(times[case, small][k], 1e-9) for k in (0, 1)]
        limit = MAX_GROWTH * large / small
        checked = f" (limit {limit:.0f}x)" if case in LINEAR else ""
        print(f"{'':<13}growth {small} -> {large}: RowanDB {growth[0]:.1f}x, SQLite "
              f"{growth[1]:.1f}x{checked}")
        ok = ok and (case not in LINEAR or small == large or growth[0] <= limit)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.windows",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    return 0 if run(args.sizes, args.repeat) else 1


if __name__ == "__main__":
    sys.exit(main())
