"""What the cyclic garbage collector does over a corpus run: how often, how long, what it finds.

    python -m bench.gc_census [--found] [--triggers] SCRIPT_OR_DIR ...

run from the sqllogictest corpus directory, runs the scripts as ``rowandb compat run
--quiet`` does (the same command, in this process) with a ``gc.callbacks`` hook, and
prints per generation the collections, their CPU seconds (``time.process_time``) and the
objects they collected, beside the run's own CPU seconds. ``--found`` sets
``gc.DEBUG_SAVEALL`` and counts what each generation found by type (a function by its
qualified name): the cycles the engine leaves to the collector, which reference counting
would otherwise free at once (the objects are kept, so each is counted once; the run then
holds them all). ``--triggers`` counts the Python functions that were allocating when each
young collection began: the collector runs when allocations of tracked objects outnumber
deallocations by the young threshold, so this says whose live objects set it off, cyclic
or not. docs/PERFORMANCE.md (branch gcfast) gives the figures.

Nothing here reads ``gc.get_objects`` inside the hook: on CPython 3.11 that crashed the
interpreter after a few collections.
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import sys
import time


class Census:
    """A ``gc.callbacks`` entry counting collections, their CPU time and their findings."""

    def __init__(self, found: bool, triggers: bool):
        self.counts, self.seconds, self.collected = [0] * 3, [0.0] * 3, [0] * 3
        self.found = [collections.Counter() for _ in range(3)] if found else None
        self.triggers = collections.Counter() if triggers else None
        self.kept: list = []                # what DEBUG_SAVEALL handed over, kept alive
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        generation = info["generation"]
        if phase == "start":
            if self.triggers is not None and generation == 0:
                self.triggers[_where(sys._getframe(1))] += 1
            self._started = time.process_time()
            return
        self.seconds[generation] += time.process_time() - self._started
        self.counts[generation] += 1
        self.collected[generation] += info["collected"]
        if self.found is not None and gc.garbage:
            self.found[generation].update(map(_label, gc.garbage))
            self.kept.extend(gc.garbage)
            gc.garbage.clear()

    def report(self, total: float, top: int) -> list[str]:
        spent = sum(self.seconds)
        lines = [f"gen{g}: {self.counts[g]:,} collections, {self.seconds[g]:.3f} s CPU, "
                 f"{self.collected[g]:,} objects collected" for g in range(3)]
        lines.append(f"collector: {spent:.3f} s of {total:.2f} s CPU ({spent / total:.1%})")
        for g, counter in enumerate(self.found or []):
            lines.append(f"found by gen{g}: {sum(counter.values()):,} objects")
            lines += [f"  {n:8,} {name}" for name, n in counter.most_common(top)]
        if self.triggers is not None:
            lines.append("young collections begun in:")
            lines += [f"  {n:8,} {name}" for name, n in self.triggers.most_common(top)]
        return lines


def _label(obj) -> str:
    kind = type(obj)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if kind.__name__ == "function":
        name += f" {obj.__module__}.{obj.__qualname__}"
    return name


def _where(frame) -> str:
    return f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_code.co_qualname}" \
        if frame is not None else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gc_census",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("scripts", nargs="+", metavar="SCRIPT_OR_DIR")
    parser.add_argument("--found", action="store_true", help="what each generation found")
    parser.add_argument("--triggers", action="store_true",
                        help="the functions allocating when young collections began")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    from rowandb.cli import main as rowandb_main
    census = Census(args.found, args.triggers)
    gc.callbacks.append(census)
    if args.found:
        gc.set_debug(gc.DEBUG_SAVEALL)
    started = time.process_time()
    try:
        code = rowandb_main(["compat", "run", "--quiet", *args.scripts])
    finally:
        total = time.process_time() - started
        gc.set_debug(0)
        gc.callbacks.remove(census)
    print("\n".join(census.report(total, args.top)))
    return code


if __name__ == "__main__":
    sys.exit(main())
