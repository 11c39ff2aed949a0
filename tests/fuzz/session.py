"""A fuzzing session: many cases, failures reduced and written as SQL reproductions.

``fuzz(...)`` runs cases ``seed, seed+1, ...`` until a number of cases or a time budget is
used up. Each failing case is reduced (reduce.py) and written to ``out/`` as
``<kind>-<check>-<case seed>.sql``: a header of ``--`` comment lines saying what differed
(the statement, RowanDB's answer, SQLite's answer, how to rerun the unreduced case) and
then the reduced script, which runs as it stands in RowanDB's shell or sqlite3. Reduction
costs time, so each signature (compare.KINDS) is reduced a few times only
(``max_repros``); later failures with the same signature are counted, not written.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from .case import gen_case
from .compare import KINDS
from .features import DEFAULT_FEATURES, KNOWN_BUGS, Config
from .reduce import reduce_case
from .runner import Failure, Tally, run_case


@dataclass
class Report:
    cases: int = 0
    seconds: float = 0.0
    tally: Tally = field(default_factory=Tally)
    failures: Counter = field(default_factory=Counter)   # signature -> count
    written: list = field(default_factory=list)          # paths of repro files
    first: list = field(default_factory=list)            # (case seed, reduced text)

    def summary(self) -> str:
        lines = [f"cases: {self.cases} in {self.seconds:.0f} s"]
        for key in sorted(self.tally):
            lines.append(f"  {key}: {self.tally[key]}")
        lines.append(f"failures: {sum(self.failures.values())}")
        for signature, count in self.failures.most_common():
            lines.append(f"  {count} x {' / '.join(s for s in signature if s)}")
        lines += [f"  wrote {path}" for path in self.written]
        return "\n".join(lines)


def fuzz(config: Config, seed: int = 0, cases: int | None = None,
         minutes: float | None = None, out: str | None = None, timeout: float = 30.0,
         reduce_seconds: float = 60.0, max_repros: int = 3, log=None,
         generate=None) -> Report:
    """Run cases from ``seed`` on; stop after ``cases`` cases or ``minutes`` minutes.
    ``generate(case_seed)`` gives a case (default: ``gen_case(case_seed, config)``; the
    tests pass one that remembers the cases, which other tests read again)."""
    report = Report()
    start = time.monotonic()
    deadline = start + minutes * 60 if minutes is not None else None
    seen_texts = set()
    index = 0
    while (cases is None or index < cases) and \
            (deadline is None or time.monotonic() < deadline):
        case_seed = seed + index
        index += 1
        case = generate(case_seed) if generate else gen_case(case_seed, config)
        failure = run_case(case, config, timeout, report.tally)
        report.cases += 1
        if failure is not None:
            _handle(report, case, failure, config, out, timeout, reduce_seconds,
                    max_repros, seen_texts, log)
        if log and report.cases % 200 == 0:
            log(f"{report.cases} cases, {sum(report.failures.values())} failures, "
                f"{time.monotonic() - start:.0f} s")
    report.seconds = time.monotonic() - start
    return report


def _handle(report, case, failure, config, out, timeout, reduce_seconds, max_repros,
            seen_texts, log) -> None:
    report.failures[failure.signature] += 1
    if report.failures[failure.signature] > max_repros:
        return
    small, reduced, trials = reduce_case(case, failure, config, reduce_seconds, timeout)
    text = repro_text(small, reduced, config)
    report.first.append((case.seed, text))
    if log:
        log(f"case {case.seed}: {reduced.describe()} (reduced in {trials} trials)")
    digest = hashlib.sha1(small.script().encode()).hexdigest()
    if out is None or digest in seen_texts:
        return
    seen_texts.add(digest)
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"{_slug(reduced.kind)}-{reduced.check}-{case.seed}.sql")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    report.written.append(path)


def repro_text(case, failure: Failure, config: Config) -> str:
    """The reduced case as a commented SQL script."""
    def comment(label, text):
        text = text.replace("\n", "\n--   ")
        return f"-- {label}{text}\n"

    header = (
        comment("RowanDB differs from SQLite: ", failure.describe())
        + comment("kind: ", f"{failure.kind}: {KINDS.get(failure.kind, '')}")
        + comment("statement: ", failure.sql)
        + comment("RowanDB: ", failure.rowandb)
        + comment("SQLite:  ", failure.sqlite)
        + comment("unreduced: ", f"python -m tests.fuzz --case {case.seed}"
                  + "".join(f" --enable {f}" for f in sorted(config.features - DEFAULT_FEATURES))
                  + "".join(f" --disable {f}" for f in sorted(DEFAULT_FEATURES - config.features))
                  + no_steer_option(config))
    )
    return header + "\n" + case.script() + "\n"


def no_steer_option(config: Config) -> str:
    """The --no-steer option that reruns a case generated under ``config``."""
    unsteered = [name for name in KNOWN_BUGS if not config.steer(name)]
    if not config.steered:
        return " --no-steer"
    return "".join(f" --no-steer {name}" for name in unsteered)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
