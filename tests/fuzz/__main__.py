"""``python -m tests.fuzz``: run the differential fuzzer from the command line.

    python -m tests.fuzz --minutes 20 --out fuzz-failures     # what `make fuzz` runs
    python -m tests.fuzz --cases 500 --seed 0                 # what `make test` checks
    python -m tests.fuzz --case 1234                          # one case, reduced if failing
    python -m tests.fuzz --minutes 5 --disable right_join     # leave a feature out
    python -m tests.fuzz --minutes 5 --no-steer               # see which known bugs remain
    python -m tests.fuzz --minutes 5 --no-steer sqlite_not_null_in   # that one only

Without ``--seed`` a run starts from a seed taken from the clock and prints it, so every run
explores new cases and any of them can be rerun. The exit status is 1 when a case failed.
"""

from __future__ import annotations

import argparse
import sys
import time

from .features import OPTIONAL_FEATURES, make_config
from .session import fuzz


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--minutes", type=float, help="run for this long")
    budget.add_argument("--cases", type=int, help="run this many cases")
    budget.add_argument("--case", type=int, help="run the one case with this seed")
    parser.add_argument("--seed", type=int, help="first case seed (default: from the clock)")
    parser.add_argument("--out", help="directory for the reduced .sql reproductions")
    parser.add_argument("--enable", action="append", default=[], metavar="FEATURE",
                        help=f"switch a feature on: {', '.join(sorted(OPTIONAL_FEATURES))}")
    parser.add_argument("--disable", action="append", default=[], metavar="FEATURE")
    parser.add_argument("--no-steer", nargs="*", action="extend", metavar="BUG",
                        help="generate the areas of known bugs too (features.KNOWN_BUGS): "
                             "of those named, or of all when none is named")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds one statement may run on RowanDB (default 30)")
    parser.add_argument("--reduce-seconds", type=float, default=60.0,
                        help="time to spend reducing one failure (default 60)")
    parser.add_argument("--max-repros", type=int, default=3,
                        help="failures reduced per kind of difference (default 3)")
    args = parser.parse_args(argv)
    try:
        config = make_config(args.enable, args.disable, steer=args.no_steer != [],
                             unsteer=args.no_steer or ())
    except ValueError as error:
        parser.error(str(error))
    seed, cases, minutes = args.seed, args.cases, args.minutes
    if args.case is not None:
        seed, cases, minutes = args.case, 1, None
    if seed is None:
        seed = int(time.time()) % 1_000_000 * 1000
    if cases is None and minutes is None:
        cases = 100
    print(f"fuzzing from seed {seed}" + (f" for {minutes} min" if minutes else
                                        f", {cases} cases"), flush=True)
    report = fuzz(config, seed=seed, cases=cases, minutes=minutes, out=args.out,
                  timeout=args.timeout, reduce_seconds=args.reduce_seconds,
                  max_repros=args.max_repros, log=lambda line: print(line, flush=True))
    if args.case is not None:
        for _, text in report.first:
            print(text)
    print(report.summary())
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
