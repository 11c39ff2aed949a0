"""``make bench``: issue 12's performance targets, RowanDB beside SQLite, in one table.

    python -m bench.targets [--runs N] [--quick] [--modes memory disk] [--children N]
                            [--scale [memory|disk ...]] [--sizes N ...] [--memory] [--corpus]
                            [--seed-runs N] [--no-seed] [--clock wall|cpu] [--json FILE]
                            [--replay FILE] [--workloads NAME ...]

(``python -m bench`` with no workload names runs the same; ``python -m bench --all`` the
older registered workloads.) Every figure comes from fresh worker processes
(``worker.py``), one per engine and run, the engines taking turns, and is the median of
the runs. Both engines' results are compared for every workload; a difference is printed
in the line's note and makes the exit status 1. Where each part lives:

- ``workloads.py``: the shared schema, data and the timed statements (``SEQUENCE``);
- ``footprint.py``: ``--memory``, resident bytes per child row after 1M children;
- ``seed.py``: the BRIEF's failure 3 on disk (N = 1,000 and 10,000 child tables);
- ``corpus.py``: ``--corpus``, the sqllogictest corpus (minutes, hence an option);
- ``runner.py``: processes, interleaving, medians, the targets; ``report.py``: the table.

docs/BENCHMARKS.md describes the table, docs/PERFORMANCE.md records today's figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

FULL = {"children": 100_000, "sizes": [1_000, 10_000, 100_000, 1_000_000],
        "memory": 1_000_000, "seed": [1_000, 10_000]}
QUICK = {"children": 5_000, "sizes": [1_000, 10_000], "memory": 20_000, "seed": [100, 1_000]}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.targets",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5,
                        help="fresh processes per engine; the median is kept (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes for a smoke run (5k children, seed N=100/1k)")
    parser.add_argument("--modes", nargs="*", choices=["memory", "disk"],
                        default=["memory", "disk"],
                        help="database modes of the main table (none: only the options' parts)")
    parser.add_argument("--children", type=int, help="child rows (default 100,000)")
    parser.add_argument("--scale", nargs="*", choices=["memory", "disk"], metavar="MODE",
                        help="per-row time at several sizes and its growth, in these modes "
                             "(none named: memory)")
    parser.add_argument("--sizes", type=int, nargs="+",
                        help="--scale's child counts (default 1k 10k 100k 1M)")
    parser.add_argument("--memory", action="store_true",
                        help="RSS growth per row after loading 1M children")
    parser.add_argument("--corpus", action="store_true",
                        help="the shared sqllogictest corpus on both engines (minutes)")
    parser.add_argument("--seed-runs", type=int, default=1,
                        help="runs of the failure-3 seed per engine and N (default 1: "
                             "N=10,000 takes a minute or more)")
    parser.add_argument("--no-seed", action="store_true", help="leave out the seed")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="wall-clock (default) or CPU seconds of the worker")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    parser.add_argument("--workloads", nargs="+", metavar="NAME",
                        help="only these workloads of the main table and --scale (bulk_insert "
                             "always runs: it loads the data)")
    parser.add_argument("--replay", metavar="FILE",
                        help="measure nothing: print the table of a JSON file written by "
                             "--json (e.g. with the other --clock)")
    return parser


def _meta(args: argparse.Namespace) -> dict:
    def git(*words: str) -> str:
        try:
            return subprocess.run(["git", *words], capture_output=True, text=True,
                                  cwd=os.path.dirname(__file__)).stdout.strip()
        except OSError:
            return ""
    import apsw
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes"),
            "commit": git("rev-parse", "--short", "HEAD"), "python": platform.python_version(),
            "sqlite": apsw.sqlite_lib_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "load": os.getloadavg(), "args": vars(args)}


def _scale_modes(named: list | None) -> list[str]:
    """``--scale``'s modes: none without the option, memory when it names none."""
    if named is None:
        return []
    return list(dict.fromkeys(named)) or ["memory"]


def _scale_key(mode: str) -> str:
    """The JSON's key of ``--scale``'s figures in a mode ("scale" alone is memory, as in
    the files written before the option took modes)."""
    return "scale" if mode == "memory" else f"scale {mode}"


def measure(args: argparse.Namespace) -> dict:
    """The raw figures of every part the options ask for, keyed as in the JSON's "runs"."""
    from . import runner
    sizes = QUICK if args.quick else FULL
    children = args.children or sizes["children"]
    raw = {}
    for mode in args.modes:
        raw[f"workloads {mode}"] = runner.workload_figures(mode, children, args.runs,
                                                           args.workloads)
    if not args.no_seed:
        raw["seed"] = runner.seed_figures(sizes["seed"], args.seed_runs)
    for mode in _scale_modes(args.scale):
        raw[_scale_key(mode)] = {str(size): runner.workload_figures(mode, size, args.runs,
                                                                    args.workloads)
                                 for size in sorted(args.sizes or sizes["sizes"])}
    if args.memory:
        raw["memory"] = runner.memory_figures(sizes["memory"], min(args.runs, 3))
    if args.corpus:
        raw["corpus"] = runner.corpus_figures(1)
    return raw


def table_lines(raw: dict, clock: str) -> list:
    """The table's lines for raw figures (a fresh measurement or a replayed JSON)."""
    from . import runner
    lines = []
    for key, figures in raw.items():
        if key.startswith("workloads "):
            lines += runner.workload_lines(key.split()[1], figures, clock)
    if "seed" in raw:
        lines += runner.seed_lines(raw["seed"], clock)
    for mode in ("memory", "disk"):
        if _scale_key(mode) in raw:
            lines += runner.scale_lines(mode, raw[_scale_key(mode)], clock)
    if "memory" in raw:
        lines.append(runner.memory_line(raw["memory"]))
    if "corpus" in raw:
        lines.append(runner.corpus_line(raw["corpus"], clock))
    return lines


def main(argv: list[str] | None = None) -> int:
    from .report import format_table, summary, write_json
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    if args.replay:
        with open(args.replay) as f:
            saved = json.load(f)
        raw, runs = saved["runs"], saved["meta"]["args"]["runs"]
    else:
        raw, runs = measure(args), args.runs
    lines = table_lines(raw, args.clock)
    print(format_table(lines))
    print(f"({summary(lines)}; median of {runs} fresh processes per engine, interleaved "
          f"(seed: {args.seed_runs}, memory: {min(runs, 3)}, corpus: 1); {args.clock} clock; "
          f"ratio = RowanDB / SQLite; {time.perf_counter() - started:.0f} s in all)")
    if args.json:
        write_json(args.json, lines, _meta(args), raw)
    differ = [line for line in lines if line.note]
    if differ:
        print(f"bench: {len(differ)} workload(s) computed different results", file=sys.stderr)
    return 1 if differ else 0
