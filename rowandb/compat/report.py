"""Reporting a compatibility run: progress on stderr, the per-file summary table with a
total line and pass rate, the JSON form of the same numbers, and failure details."""

from __future__ import annotations

import sys
import time
from typing import Sequence, TextIO

from .runner import Failure, FileResult


def pass_rate(passed: int, failed: int) -> float:
    """Passed records over records run (skipped ones do not count), in percent."""
    ran = passed + failed
    return 100.0 * passed / ran if ran else 100.0


def totals(results: Sequence[FileResult]) -> dict[str, float]:
    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    return {
        "passed": passed,
        "failed": failed,
        "skipped": sum(r.skipped for r in results),
        "seconds": round(sum(r.seconds for r in results), 3),
        "pass_rate": round(pass_rate(passed, failed), 3),
    }


def summary_table(results: Sequence[FileResult]) -> str:
    """One row per file (file, passed, failed, skipped, seconds) and a TOTAL row."""
    width = max([len(r.path) for r in results] + [len("TOTAL"), len("file")])
    header = f"{'file':<{width}}  {'passed':>8}  {'failed':>8}  {'skipped':>8}  {'seconds':>8}"
    lines = [header, "-" * len(header)]
    for r in results:
        note = f"  ({r.error})" if r.error else ""
        lines.append(f"{r.path:<{width}}  {r.passed:>8}  {r.failed:>8}  {r.skipped:>8}  "
                     f"{r.seconds:>8.2f}{note}")
    t = totals(results)
    lines.append("-" * len(header))
    lines.append(f"{'TOTAL':<{width}}  {t['passed']:>8}  {t['failed']:>8}  {t['skipped']:>8}  "
                 f"{t['seconds']:>8.2f}")
    lines.append(total_line(results))
    return "\n".join(lines)


def total_line(results: Sequence[FileResult]) -> str:
    t = totals(results)
    return (f"{len(results)} files: {t['passed']} passed, {t['failed']} failed, "
            f"{t['skipped']} skipped in {t['seconds']:.2f}s; pass rate {t['pass_rate']:.2f}%")


def to_json(results: Sequence[FileResult], engine: str) -> dict:
    """The per-file numbers and totals as a JSON-ready dict."""
    return {
        "engine": engine,
        "files": {
            r.path: {"passed": r.passed, "failed": r.failed, "skipped": r.skipped,
                     "seconds": round(r.seconds, 3), **({"error": r.error} if r.error else {})}
            for r in results
        },
        "total": totals(results),
    }


def _block(title: str, lines: Sequence[str], limit: int = 40) -> list[str]:
    shown = list(lines[:limit])
    if len(lines) > limit:
        shown.append(f"... ({len(lines) - limit} more lines)")
    return [f"  {title}:"] + [f"    {line}" for line in shown or ["(nothing)"]]


def format_failure(failure: Failure) -> str:
    """``file:line: message`` followed by the SQL, expected and actual results or error."""
    lines = [f"{failure.path}:{failure.line}: {failure.message}"]
    lines += _block("sql", failure.sql.splitlines())
    lines += _block("expected", failure.expected)
    if failure.actual is not None:
        lines += _block("actual", failure.actual)
    if failure.error is not None:
        lines.append(f"  error: {failure.error}")
    return "\n".join(lines)


def first_failures(results: Sequence[FileResult], count: int) -> list[Failure]:
    found: list[Failure] = []
    for result in results:
        for failure in result.failures:
            if len(found) >= count:
                return found
            found.append(failure)
    return found


class Progress:
    """Progress on stderr: a redrawn bar on a terminal, a line per file otherwise,
    nothing when quiet."""

    def __init__(self, total_files: int, stream: TextIO | None = None,
                 quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.total_files = total_files
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._file_index = 0
        self._name = ""
        self._last_draw = 0.0

    def start_file(self, index: int, name: str) -> None:
        self._file_index, self._name = index, name
        if self.quiet:
            return
        if self.tty:
            self._draw(0, 1, force=True)
        else:
            print(f"compat: [{index + 1}/{self.total_files}] {name}", file=self.stream,
                  flush=True)

    def update(self, done: int, total: int) -> None:
        if self.tty and not self.quiet:
            self._draw(done, total)

    def _draw(self, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1 and done < total:
            return
        self._last_draw = now
        fraction = (self._file_index + (done / total if total else 1)) / max(self.total_files, 1)
        width = 30
        filled = int(width * fraction)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r[{bar}] {fraction * 100:5.1f}% "
                          f"{self._file_index + 1}/{self.total_files} {self._name[-40:]:<40}")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and not self.quiet:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
