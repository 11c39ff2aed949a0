"""Shrinking a failing case to a minimal SQL reproduction (delta debugging).

A candidate is kept when running it still fails with the same *signature* -- the same
check, the same kind of difference and the same detail (exception type, error classes and
messages in outline): a smaller script that fails differently is a different bug and is
not taken. Steps after the failing one are dropped first. Then, until nothing changes or
the time is up:

1. ``ddmin`` over the steps: drop chunks of statements, halving the chunk size down to
   single statements (Zeller and Hildebrandt's delta debugging, complement-only);
2. tree shrinking over every remaining step, last step first: each node of its SQL tree
   marked ``optional`` is dropped, and each expression is replaced by one of its
   sub-expressions or by NULL / 0 / 1 (sqltree.py); the first change that keeps the
   failure is taken and the step is walked again. A change whose text would show one of
   the known bugs the generators steer around (``features.BUG_PATTERNS``) is not tried:
   the reduction must stay on the bug it started from.

Each trial runs the whole candidate on fresh databases, so a reduction never depends on
state left over from an earlier one. ``Reducer`` works on any predicate over a list of
steps; ``reduce_case`` gives it "fails like this Failure".
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

from .case import Case, Step, render_step
from .features import BUG_PATTERNS, Config
from .runner import Failure, run_case
from .sqltree import EMPTY, paths, replaced


class Reducer:
    """Delta debugging of a step list against ``still_fails(steps) -> bool``."""

    def __init__(self, still_fails, seconds: float = 60.0, patterns=()):
        self.still_fails = still_fails
        self.deadline = time.monotonic() + seconds
        self.patterns = [re.compile(p, re.M) for p in patterns]
        self.trials = 0

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline

    def fails(self, steps: list) -> bool:
        self.trials += 1
        return self.still_fails(steps)

    def shows_known_bug(self, new: Step, old: Step) -> bool:
        """Would ``new`` show a steered-around bug that ``old`` does not?"""
        new_text, old_text = render_step(new), render_step(old)
        return any(p.search(new_text) and not p.search(old_text) for p in self.patterns)

    def reduce(self, steps: list) -> list:
        while not self.out_of_time():
            before = _size(steps)
            steps = self.ddmin(steps)
            steps = self.shrink_trees(steps)
            if _size(steps) >= before:
                break
        return steps

    def ddmin(self, steps: list) -> list:
        chunks = 2
        while len(steps) >= 2 and not self.out_of_time():
            size = max(1, len(steps) // chunks)
            for start in range(0, len(steps), size):
                candidate = steps[:start] + steps[start + size:]
                if candidate and self.fails(candidate):
                    steps = candidate
                    chunks = max(chunks - 1, 2)
                    break
            else:
                if size == 1:
                    return steps
                chunks = min(chunks * 2, len(steps))
        return steps

    def shrink_trees(self, steps: list) -> list:
        for index in reversed(range(len(steps))):
            steps = self._shrink_step(steps, index)
        return steps

    def _shrink_step(self, steps: list, index: int) -> list:
        progress = True
        while progress and not self.out_of_time():
            progress = False
            tree = steps[index].node
            for path, node in paths(tree):
                for candidate in _alternatives(node):
                    new_tree = replaced(tree, path, candidate)
                    if new_tree.render() == tree.render():
                        continue
                    trial = list(steps)
                    trial[index] = replace(steps[index], node=new_tree)
                    if self.shows_known_bug(trial[index], steps[index]):
                        continue
                    if self.fails(trial):
                        steps, progress = trial, True
                        break
                if progress or self.out_of_time():
                    break
        return steps


def _alternatives(node):
    if node.optional:
        yield EMPTY
    yield from node.simpler


def _size(steps: list) -> int:
    return sum(step.node.size() for step in steps) + len(steps)


def reduce_case(case: Case, failure: Failure, config: Config, seconds: float = 60.0,
                timeout: float | None = 10.0) -> tuple[Case, Failure, int]:
    """(smallest case found, its failure, trials run) within ``seconds``."""
    last = [failure]

    def still_fails(steps: list) -> bool:
        found = run_case(replace(case, steps=steps), config, timeout)
        if found is not None and found.signature == failure.signature:
            last[0] = found
            return True
        return False

    patterns = [p for name, p in BUG_PATTERNS.items() if config.steer(name)]
    reducer = Reducer(still_fails, seconds, patterns)
    steps = case.steps[:failure.step + 1]
    if not reducer.fails(steps):  # a flaky failure (a timeout near the limit): unreduced
        return replace(case, steps=steps), failure, reducer.trials
    steps = reducer.reduce(steps)
    still_fails(steps)  # leaves last[0] describing the reduced case
    return replace(case, steps=steps), last[0], reducer.trials
