"""What dominates a workload: cProfile's top functions and the garbage collector's share.

    python -m bench.targets.profiles WORKLOAD [WORKLOAD ...] [--engine rowandb|sqlite]
                                     [--mode memory|disk] [--children N] [--top N] [--no-cprofile]
    python -m bench.targets.profiles seed --n N [--engine ...] [--top N] [--no-cprofile]

Builds the shared database as ``workloads.run_sequence`` does and runs the workloads in
their order; the timed statements of each one named run under cProfile (unless
``--no-cprofile``) with a ``gc.callbacks`` hook timing every collection. ``seed`` runs the
failure-3 seed on disk (``seed.failure3``) the same way: its three timed parts (create
schema, warm DELETE, cold DELETE) each get their own profile. It prints each part's time,
the time spent in collections (per generation, with their count) and the top functions by
their own time, so that docs/PERFORMANCE.md can say, for a missed target, where the time
goes; with ``--no-cprofile`` the times are undistorted (for the growth figures, where the
collector's share is the question).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import tempfile
import time

from . import seed
from .workloads import (DISK_ONLY, SEQUENCE, Database, Stopwatch, database_path, make_data,
                        setup)


SEED_PARTS = ("create_schema", "warm_delete", "cold_delete")    # seed.failure3's stopwatches


class Segment:
    """One stopwatch's profile and the collections that ran while it was running."""

    def __init__(self, use_cprofile: bool):
        self.profiler = cProfile.Profile() if use_cprofile else None
        self.seconds, self.counts = [0.0, 0.0, 0.0], [0, 0, 0]


class Observer:
    """Started and stopped by every ``Stopwatch`` (``Stopwatch.observer``): each stopwatch
    gets a ``Segment`` -- cProfile, when asked for, and the wall seconds spent in garbage
    collections per generation -- so a workload's checking queries are left out."""

    def __init__(self, use_cprofile: bool):
        self.use_cprofile, self.segments, self.active, self._started = use_cprofile, [], None, 0.0

    def start(self) -> None:
        self.active = Segment(self.use_cprofile)
        self.segments.append(self.active)
        if self.active.profiler:
            self.active.profiler.enable()

    def stop(self) -> None:
        if self.active.profiler:
            self.active.profiler.disable()
        self.active = None

    def __call__(self, phase: str, info: dict) -> None:        # a gc.callbacks entry
        if phase == "start":
            self._started = time.perf_counter()
        elif self.active is not None:
            self.active.seconds[info["generation"]] += time.perf_counter() - self._started
            self.active.counts[info["generation"]] += 1

    def __enter__(self):
        gc.callbacks.append(self)
        Stopwatch.observer = self
        return self

    def __exit__(self, *exc) -> None:
        Stopwatch.observer = None
        gc.callbacks.remove(self)


def report(title: str, seconds: dict, segment: Segment, top: int) -> list[str]:
    wall, spent = seconds["wall"], sum(segment.seconds)
    out = [f"== {title}: {wall:.3f} s wall{' under cProfile' if segment.profiler else ''}; "
           f"gc {spent:.3f} s ({spent / wall:.0%}), collections per generation "
           f"{segment.counts}, seconds {[round(x, 3) for x in segment.seconds]}"]
    return out + (top_functions(segment.profiler, top) if segment.profiler else [])


def top_functions(profile: cProfile.Profile, count: int) -> list[str]:
    stats = pstats.Stats(profile).stats
    rows = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:count]
    lines = [f"{'own s':>8} {'total s':>8} {'calls':>9}  function"]
    for (path, line, function), (_, calls, own, total, _) in rows:
        where = f"{os.path.relpath(path) if path != '~' else ''}:{line}".lstrip(":0")
        lines.append(f"{own:8.3f} {total:8.3f} {calls:9d}  {function} {where}".rstrip())
    return lines


def profile(engine: str, mode: str, children: int, names: list[str], top: int,
            use_cprofile: bool = True) -> list[str]:
    out = []
    data = make_data(children)
    with tempfile.TemporaryDirectory(prefix="rowandb-profile-") as directory:
        db = Database(engine, database_path(engine, mode, directory))
        setup(db, data)
        for workload in SEQUENCE:
            name = workload.__name__
            if name in DISK_ONLY and mode != "disk":
                continue
            gc.collect()
            if name not in names:
                workload(db, data)
                continue
            with Observer(use_cprofile) as observer:
                seconds, _ = workload(db, data)
            out += report(f"{name} on {engine}, {mode}, {children:,} children", seconds,
                          observer.segments[0], top)
        db.close()
    return out


def profile_seed(engine: str, n: int, top: int, use_cprofile: bool = True) -> list[str]:
    out = []
    with tempfile.TemporaryDirectory(prefix="rowandb-profile-") as directory:
        with Observer(use_cprofile) as observer:
            figures = seed.failure3(engine, n, directory)
    for key, segment in zip(SEED_PARTS, observer.segments):
        out += report(f"seed {key} on {engine}, disk, N={n:,}", figures[key], segment, top)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.targets.profiles",
                                     description=__doc__.split("\n\n")[1].split("\n")[0])
    parser.add_argument("names", nargs="+", metavar="WORKLOAD",
                        choices=[w.__name__ for w in SEQUENCE] + ["seed"])
    parser.add_argument("--n", type=int, default=10_000, help="seed: child tables")
    parser.add_argument("--engine", choices=["rowandb", "sqlite"], default="rowandb")
    parser.add_argument("--mode", choices=["memory", "disk"], default="memory")
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--no-cprofile", action="store_true")
    args = parser.parse_args(argv)
    if args.names == ["seed"]:
        lines = profile_seed(args.engine, args.n, args.top, not args.no_cprofile)
    else:
        lines = profile(args.engine, args.mode, args.children, args.names, args.top,
                        not args.no_cprofile)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
