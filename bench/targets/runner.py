"""The runner: fresh worker processes, engines interleaved, medians and the comparison.

``run_job`` starts ``python -m bench.targets.worker`` for one job and reads its JSON line.
``interleaved`` runs a job ``runs`` times per engine, taking turns (RowanDB, SQLite,
RowanDB, ...) so that a slow spell of the shared machine hits both engines alike; the
``*_figures`` functions collect those raw figures (``{engine: [run, ...]}``, as saved in
the JSON). ``workload_lines``, ``memory_line``, ``seed_lines``, ``scale_lines`` and
``corpus_line`` turn raw figures into the table's lines (``report.Line``): the median of
the runs per engine, the ratio or the growth, the target and whether it is met. Every line
also says whether the two engines computed the same result, in every run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Callable

from bench.fk import MAX_GROWTH

from .report import Line, size_label

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("rowandb", "sqlite")

#: Issue 12's targets, RowanDB / SQLite: one figure, or one per mode.
TARGETS = {"point_pk": {"memory": 2.5, "disk": 1.0}, "bulk_insert": 4.0, "group_by": 4.0,
           "order_limit": 4.0, "join_filter": 6.0, "update_half": 5.0,
           "cascade_delete": 5.0, "commit_latency": 2.0}
GROWTH_TARGET = 1.3         # per-row time, largest size / 10k
MEMORY_TARGET = 5.0         # bytes per row, RowanDB / SQLite
CORPUS_TARGET = 5.0         # the sqllogictest corpus, RowanDB / SQLite
SEED_TARGET = MAX_GROWTH    # failure 3 on disk, N=10,000 / N=1,000


class WorkerFailed(RuntimeError):
    pass


def _progress(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def run_job(job: dict) -> dict:
    """Run one job in a fresh Python process and return its figures."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    done = subprocess.run([sys.executable, "-m", "bench.targets.worker", json.dumps(job)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise WorkerFailed(f"worker {job} failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def interleaved(job: Callable[[str], dict], runs: int, label: str) -> dict[str, list[dict]]:
    """``{engine: [figures of run 1, run 2, ...]}``, the engines taking turns."""
    figures: dict[str, list[dict]] = {engine: [] for engine in ENGINES}
    for run in range(runs):
        for engine in ENGINES:
            _progress(f"{label}: {engine} run {run + 1}/{runs}")
            figures[engine].append(run_job(job(engine)))
    return figures


def _median(runs: list[dict], name: str, clock: str) -> float:
    return statistics.median(run[name][clock] for run in runs)


def _differences(figures: dict[str, list[dict]], name: str, key: str = "result") -> str:
    """Empty when every run of both engines computed the same result, else a note."""
    expected = figures["sqlite"][0][name][key]
    for engine in ENGINES:
        for number, run in enumerate(figures[engine], 1):
            if run[name][key] != expected:
                return (f"RESULTS DIFFER: {engine} run {number} {_brief(run[name][key])} "
                        f"vs sqlite {_brief(expected)}")
    return ""


def _brief(value) -> str:
    text = json.dumps(value)
    return text if len(text) <= 70 else text[:67] + "..."


def _target(name: str, mode: str) -> float:
    target = TARGETS[name]
    return target[mode] if isinstance(target, dict) else target


# -- the main table: every workload in one mode --------------------------------------------
def workload_figures(mode: str, children: int, runs: int,
                     only: list | None = None) -> dict[str, list[dict]]:
    return interleaved(lambda engine: {"kind": "workloads", "engine": engine, "mode": mode,
                                       "children": children, "only": only},
                       runs, f"{mode} {children:,}")


def workload_lines(mode: str, figures: dict[str, list[dict]], clock: str) -> list[Line]:
    lines = []
    for name in figures["sqlite"][0]:
        rowan, sqlite = _median(figures["rowandb"], name, clock), _median(
            figures["sqlite"], name, clock)
        lines.append(Line(name, mode, rowan, sqlite, rowan / sqlite, _target(name, mode),
                          note=_differences(figures, name)))
    return lines


# -- --scale: per-row time at several sizes ----------------------------------------------
def scale_lines(mode: str, by_size: dict, clock: str) -> list[Line]:
    """Per workload: the per-row time at every size (``{size: figures}``, sizes as ints or
    strings), then the growth from 10k (or the smallest size) to the largest."""
    by_size = {int(size): figures for size, figures in by_size.items()}
    sizes = sorted(by_size)
    base = 10_000 if 10_000 in sizes and sizes[-1] > 10_000 else sizes[0]
    lines = []
    for name in by_size[sizes[0]]["sqlite"][0]:
        per_row = {}
        for size in sizes:
            figures = by_size[size]
            count = figures["sqlite"][0][name]["operations"]
            per_row[size] = {engine: _median(figures[engine], name, clock) / count
                             for engine in ENGINES}
            lines.append(Line(f"{name} per row", f"{mode} {size_label(size)}",
                              per_row[size]["rowandb"], per_row[size]["sqlite"],
                              per_row[size]["rowandb"] / per_row[size]["sqlite"],
                              note=_differences(figures, name)))
        growth = {engine: per_row[sizes[-1]][engine] / per_row[base][engine]
                  for engine in ENGINES}
        lines.append(Line(f"{name} growth {size_label(base)}->{size_label(sizes[-1])}", mode,
                          growth["rowandb"], growth["sqlite"], growth["rowandb"],
                          GROWTH_TARGET, unit="x"))
    return lines


# -- --memory: bytes per row ---------------------------------------------------------------
def memory_figures(children: int, runs: int) -> dict[str, list[dict]]:
    figures = interleaved(lambda engine: {"kind": "memory", "engine": engine,
                                          "children": children}, runs, f"memory {children:,}")
    return {engine: [{"memory": run} for run in figures[engine]] for engine in ENGINES}


def memory_line(figures: dict[str, list[dict]]) -> Line:
    per_row = {engine: statistics.median(run["memory"]["bytes_per_row"]
                                         for run in figures[engine]) for engine in ENGINES}
    children = figures["sqlite"][0]["memory"]["children"]
    return Line(f"RSS per child row after {size_label(children)}", "memory",
                per_row["rowandb"], per_row["sqlite"], per_row["rowandb"] / per_row["sqlite"],
                MEMORY_TARGET, unit="B", note=_differences(figures, "memory"))


# -- the InnoDB seed on disk ---------------------------------------------------------------
def seed_figures(sizes: list[int], runs: int) -> dict[str, dict[str, list[dict]]]:
    """``{str(n): {engine: [{"seed": figures of a run}, ...]}}``."""
    return {str(n): {engine: [{"seed": run} for run in runs_of] for engine, runs_of in
                     interleaved(lambda engine, n=n: {"kind": "seed", "engine": engine,
                                                      "n": n}, runs, f"seed N={n:,}").items()}
            for n in sizes}


def seed_lines(by_n: dict, clock: str) -> list[Line]:
    by_n = {int(n): figures for n, figures in by_n.items()}
    sizes, lines = sorted(by_n), []
    for key in ("create_schema", "warm_delete", "cold_delete"):
        times = {n: {engine: statistics.median(run["seed"][key][clock]
                                               for run in by_n[n][engine])
                     for engine in ENGINES} for n in sizes}
        for n in sizes:
            lines.append(Line(f"seed {key} N={n:,}", "disk", times[n]["rowandb"],
                              times[n]["sqlite"], times[n]["rowandb"] / times[n]["sqlite"],
                              note=_differences(by_n[n], "seed")))
        first, last = sizes[0], sizes[-1]
        growth = {e: times[last][e] / times[first][e] for e in ENGINES}
        target = None if key == "create_schema" else SEED_TARGET   # the issue bounds the DELETEs
        lines.append(Line(f"seed {key} growth {size_label(first)}->{size_label(last)}",
                          "disk", growth["rowandb"], growth["sqlite"], growth["rowandb"],
                          target, unit="x"))
    return lines


# -- --corpus: the shared sqllogictest corpus through `rowandb compat run` -----------------
def corpus_figures(runs: int) -> dict[str, list[dict]]:
    return interleaved(lambda engine: {"kind": "corpus", "engine": engine}, runs, "corpus")


def corpus_line(figures: dict[str, list[dict]], clock: str) -> Line:
    times = {engine: _median(figures[engine], "corpus", clock) for engine in ENGINES}
    return Line("sqllogictest corpus", "memory", times["rowandb"], times["sqlite"],
                times["rowandb"] / times["sqlite"], CORPUS_TARGET,
                note=_differences(figures, "corpus"))
