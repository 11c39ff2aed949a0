"""What the cyclic collector costs inside issue 12's changing statements, tree beside tree.

    python -m bench.gc_statements [--runs N] [--modes memory disk] [--tree DIR ...]

Builds issue 12's workload (``bench.targets.workloads``: 100,000 children) in a fresh
process per run and times ``update_half`` and ``cascade_delete`` on the CPU clock with a
``gc_census.Census`` hooked in while their statements run (the workloads' ``Stopwatch``
observer), then prints per tree the medians: the statement's CPU ms, the collector's ms
inside it and its share, and the young (gen0) collections. Several ``--tree``s (checkouts
or ``git archive`` trees; default: this one) take turns run by run, so that a slow spell
of a shared machine hits them alike. docs/PERFORMANCE.md (branch undolog) gives figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORKLOADS = ("update_half", "cascade_delete")


class _Observer:
    """Hooks a ``Census`` in for exactly the timed statements."""

    def __init__(self, census):
        self.census = census

    def start(self) -> None:
        import gc
        self.census.counts, self.census.seconds = [0] * 3, [0.0] * 3
        gc.callbacks.append(self.census)

    def stop(self) -> None:
        import gc
        gc.callbacks.remove(self.census)


def measure(mode: str) -> dict:
    """One run in this process: ``{workload: {"cpu", "gc", "gen0"}}``."""
    import gc

    from bench.gc_census import Census
    from bench.targets import workloads as W
    data = W.make_data(100_000)
    figures = {}
    with tempfile.TemporaryDirectory() as directory:
        db = W.Database("rowandb", W.database_path("rowandb", mode, directory))
        try:
            W.setup(db, data)
            W.bulk_insert(db, data)
            for name in WORKLOADS:
                census = Census(found=False, triggers=False)
                gc.collect()
                W.Stopwatch.observer = _Observer(census)
                try:
                    seconds, _ = getattr(W, name)(db, data)
                finally:
                    W.Stopwatch.observer = None
                figures[name] = {"cpu": seconds["cpu"], "gc": sum(census.seconds),
                                 "gen0": census.counts[0]}
        finally:
            db.close()
    return figures


def _run(tree: str, mode: str) -> dict:
    env = dict(os.environ, PYTHONPATH=tree)
    # this file runs in the tree's own code (a tree from before it existed too)
    done = subprocess.run([sys.executable, __file__, "--worker", mode],
                          cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gc_statements")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modes", nargs="+", choices=["memory", "disk"],
                        default=["memory", "disk"])
    parser.add_argument("--tree", action="append", help="a tree to run (repeatable)")
    parser.add_argument("--worker", choices=["memory", "disk"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.worker)))
        return 0
    trees = args.tree or [str(Path(__file__).resolve().parents[1])]
    runs: dict = {(tree, mode): [] for tree in trees for mode in args.modes}
    for number in range(args.runs):
        for mode in args.modes:
            for tree in (trees if number % 2 == 0 else trees[::-1]):
                runs[(tree, mode)].append(_run(tree, mode))
    for mode in args.modes:
        for name in WORKLOADS:
            for tree in trees:
                found = [run[name] for run in runs[(tree, mode)]]
                cpu = statistics.median(f["cpu"] for f in found) * 1000
                spent = statistics.median(f["gc"] for f in found) * 1000
                share = statistics.median(f["gc"] / f["cpu"] for f in found)
                gen0 = statistics.median(f["gen0"] for f in found)
                print(f"{mode:6} {name:14} {cpu:6.1f} ms CPU, collector {spent:5.2f} ms "
                      f"({share:5.1%}), {gen0:.0f} gen0   {tree}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
