"""The whole sqllogictest corpus measured script by script: each script run by
``rowandb compat run --quiet`` in a process of its own, for RowanDB and for SQLite, and
the CPU time (user + system) of each process -- the figure issue 12's corpus target
(<= 5x) is about, each process's fixed cost (imports, the first DDL) in it, as a user
running one script pays it.

    python -m bench.corpus_scripts [--tree DIR] [PATH ...]

PATH: scripts or directories (default: the shared corpus where ``rowandb compat run``
finds it: $ROWANDB_COMPAT_DIR, or ../shared/compat/sqllogictest beside the checkout); ``--tree``: the source tree RowanDB is imported from
(the runs' PYTHONPATH; default: this checkout). The runs are one after another, SQLite's
then RowanDB's for each script; a process's CPU time is what the parent's children's
usage grew by. Prints a markdown table: records run, skipped, each engine's CPU seconds
and their ratio, then the whole corpus's totals.

Before the runs the tree's modules are compiled to bytecode (``compileall``), as an
installed copy's are: without that, an environment with ``PYTHONDONTWRITEBYTECODE=1``
(this project's development machines have it) makes every process compile every module
it imports -- about 0.65 s of CPU per RowanDB process, and part of each SQLite run's too
(its runner imports the ``rowandb`` package), which no user pays twice.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

from rowandb.compat.corpus import find_corpus
from rowandb.compat.runner import collect_scripts

_COUNTS = re.compile(r"(\d+) passed, (\d+) failed, (\d+) skipped")
_ROOT = str(Path(__file__).resolve().parents[1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_one(tree: str, engine: str, path: Path) -> tuple[float, tuple[int, ...]]:
    """CPU seconds of one ``compat run`` process and its passed/failed/skipped counts."""
    # -P: the working directory is not put before PYTHONPATH, so a run from a checkout
    # imports ``tree``'s rowandb, not the checkout's
    command = [sys.executable, "-P", "-m", "rowandb", "compat", "run", "--quiet", "--engine",
               engine, str(path)]
    before = _children_cpu()
    done = subprocess.run(command, env=dict(os.environ, PYTHONPATH=tree),
                          capture_output=True, text=True)
    found = _COUNTS.search(done.stdout)
    return _children_cpu() - before, tuple(map(int, found.groups())) if found else (0, 0, 0)


def table(rows: list[tuple[str, float, float, tuple[int, ...]]]) -> list[str]:
    """The markdown lines: one row per script, then the totals."""
    lines = ["| script | records run (passed / failed) | skipped | RowanDB s | SQLite s | ratio |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    total = [0.0, 0.0, 0, 0, 0]
    for name, ours, theirs, (passed, failed, skipped) in rows:
        lines.append(f"| {name} | {passed + failed:,} ({passed:,} / {failed}) | {skipped:,} "
                     f"| {ours:.2f} | {theirs:.2f} | {ours / theirs:.1f}x |")
        for i, value in enumerate((ours, theirs, passed, failed, skipped)):
            total[i] += value
    ours, theirs, passed, failed, skipped = total
    lines.append(f"| **whole corpus ({len(rows)} scripts)** | {passed + failed:,} "
                 f"({passed:,} / {failed}) | {skipped:,} | {ours:.2f} | {theirs:.2f} "
                 f"| **{ours / theirs:.1f}x** |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus_scripts")
    parser.add_argument("--tree", default=_ROOT)
    parser.add_argument("paths", nargs="*", default=None)
    args = parser.parse_args(argv)
    args.paths = args.paths or [str(find_corpus())]
    base = Path(args.paths[0]) if len(args.paths) == 1 and Path(args.paths[0]).is_dir() \
        else None
    compileall.compile_dir(str(Path(args.tree) / "rowandb"), quiet=1)
    rows = []
    for path in collect_scripts(args.paths):
        theirs, expected = run_one(args.tree, "sqlite", path)
        ours, counts = run_one(args.tree, "rowandb", path)
        if counts != expected:
            print(f"{path}: RowanDB {counts}, SQLite {expected}", file=sys.stderr)
        name = str(path.relative_to(base)) if base else str(path)
        rows.append((name, ours, theirs, counts))
        print(f"{name}: {ours:.2f} s / {theirs:.2f} s", file=sys.stderr, flush=True)
    print("\n".join(table(rows)))


if __name__ == "__main__":
    main()
