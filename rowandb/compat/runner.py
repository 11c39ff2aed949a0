"""Running sqllogictest scripts against an engine and counting what passed.

Rules follow SQLite's own runner: records are run in order on a fresh database; the
engine runs as database name ``sqlite`` for ``skipif``/``onlyif``; ``halt`` stops the
script; results are rendered by column type, arranged by sort mode and compared with
the expected lines, either value by value or as ``N values hashing to H``; results with
more values than the hash threshold (8 unless a ``hash-threshold`` record says otherwise)
are reported in hash form; queries sharing a label must produce the same results.
A ``plan`` prefix line (RowanDB's extension, ``records.PlanCheck``) checks the record's
EXPLAIN QUERY PLAN before the record runs.

Every record is run under its own ``try``: an engine that raises any Python exception
fails that record only, and the run goes on with the next one.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import render
from .engines import Engine, RecordTimeout, make_engine
from .records import (
    Halt,
    HashThreshold,
    Query,
    Record,
    Script,
    ScriptSyntaxError,
    Statement,
    is_skipped,
    read_script,
)

DEFAULT_HASH_THRESHOLD = 8
#: Called as ``progress(records_done, records_total)`` while a script runs.
ProgressFn = Callable[[int, int], None]


@dataclass
class Failure:
    """One failing record: where it is, its SQL, what was expected and what happened."""

    path: str
    line: int
    sql: str
    message: str
    expected: list[str] = field(default_factory=list)
    actual: list[str] | None = None
    error: str | None = None


@dataclass
class FileResult:
    """Counts for one script; statements and queries count, control records do not."""

    path: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    halted_at: int | None = None
    error: str | None = None  # the script could not be read, or the engine not opened

    @property
    def ran(self) -> int:
        return self.passed + self.failed


def describe_error(exc: BaseException) -> str:
    """``ClassName: message`` for failure reports."""
    return f"{type(exc).__name__}: {exc}"


def expected_digest(query: Query) -> str:
    """The label digest a query's expected results stand for (``N values hashing to H``)."""
    given = query.expected_hash
    if given is not None:
        return f"{given[0]} values hashing to {given[1]}"
    return render.hash_line(list(query.expected))


def results_match(query: Query, rows: list[tuple[str, ...]], values: list[str]) -> bool:
    """Compare rendered results with the expected lines.

    A ``N values hashing to H`` line is compared with the hash of the values; a list of
    lines is compared one value per line, or else one row per line with the row's values
    separated by single spaces (the layout some scripts use for several columns).
    """
    given = query.expected_hash
    if given is not None:
        return given == (len(values), render.md5_of_values(values))
    expected = list(query.expected)
    if expected == values:
        return True
    columns = len(query.types)
    if columns > 1 and query.sort_mode != "valuesort" and len(expected) * columns == len(values):
        return expected == [" ".join(row) for row in render.sorted_rows(rows, query.sort_mode)]
    return False


class ScriptRun:
    """The state of one script's run: engine, hash threshold, labels, counters."""

    def __init__(self, engine: Engine, path: str, *, timeout: float | None = None,
                 keep_failures: int | None = None, open_error: str | None = None) -> None:
        self.engine = engine
        self.open_error = open_error  # set when the engine could not open a database
        self.result = FileResult(path=path)
        self.threshold = DEFAULT_HASH_THRESHOLD
        self.labels: dict[str, tuple[str, int]] = {}
        self.timeout = timeout
        self.keep_failures = keep_failures

    # -- bookkeeping --------------------------------------------------------------------

    def _fail(self, failure: Failure) -> None:
        self.result.failed += 1
        if self.keep_failures is None or len(self.result.failures) < self.keep_failures:
            self.result.failures.append(failure)

    def _failure(self, record: Statement | Query, message: str, **extra: object) -> Failure:
        return Failure(path=self.result.path, line=record.line, sql=record.sql,
                       message=message, **extra)

    def _check_label(self, query: Query, digest: str) -> str | None:
        """Remember a label's digest, or return a message when it differs."""
        if query.label is None:
            return None
        prior = self.labels.setdefault(query.label, (digest, query.line))
        if prior[0] == digest:
            return None
        return (f"label {query.label}: results ({digest}) differ from the query at line "
                f"{prior[1]} ({prior[0]})")

    # -- records ------------------------------------------------------------------------

    def run(self, records: list[Record], progress: ProgressFn | None = None) -> FileResult:
        total = len(records)
        for index, record in enumerate(records):
            if progress is not None and index % 64 == 0:
                progress(index, total)
            if not self.step(record):
                break
        if progress is not None:
            progress(total, total)
        return self.result

    def step(self, record: Record) -> bool:
        """Run one record; False when a ``halt`` stops the script."""
        skipped = is_skipped(record, self.engine.slt_name)
        if isinstance(record, Halt):
            if not skipped:
                self.result.halted_at = record.line
            return skipped
        if isinstance(record, HashThreshold):
            if not skipped:
                self.threshold = record.value
            return True
        if skipped:
            self._skip(record)
            return True
        if self.open_error is not None:  # nothing can run, not even an expected error
            self._fail(self._failure(record, "engine not available", error=self.open_error))
            return True
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        self.engine.set_deadline(deadline)
        try:
            failure = self._plans(record)
            if failure is None:
                failure = (self._statement(record) if isinstance(record, Statement)
                           else self._query(record))
        finally:
            self.engine.set_deadline(None)
        if failure is None:
            self.result.passed += 1
        else:
            self._fail(failure)
        return True

    def _skip(self, record: Statement | Query) -> None:
        """A skipped labelled query still has its expected results checked (about.wiki)."""
        if isinstance(record, Query) and record.label is not None:
            problem = self._check_label(record, expected_digest(record))
            if problem is not None:
                self._fail(self._failure(record, problem, expected=list(record.expected)))
                return
        self.result.skipped += 1

    def _plans(self, record: Statement | Query) -> Failure | None:
        """The record's ``plan`` checks, on the plan of its SQL before it runs."""
        checks = [check for check in record.plans if check.applies(self.engine.name)]
        if not checks:
            return None
        try:
            lines = self.engine.plan(record.sql)
        except Exception as exc:  # noqa: BLE001 - any engine error fails the check
            return self._failure(record, "EXPLAIN QUERY PLAN raised an error",
                                 expected=[str(c) for c in checks], error=describe_error(exc))
        for check in checks:
            if not check.holds(lines):
                return self._failure(record, f"plan check failed: {check}",
                                     expected=[str(check)], actual=lines)
        return None

    def _statement(self, record: Statement) -> Failure | None:
        expected = ["error" if record.expect_error else "ok"]
        try:
            self.engine.statement(record.sql)
        except RecordTimeout as exc:
            return self._failure(record, "statement timed out", expected=expected,
                                 error=describe_error(exc))
        except Exception as exc:  # any engine error, including crashes
            if record.expect_error and isinstance(exc, self.engine.error_types):
                return None
            if record.expect_error:
                return self._failure(record, "statement crashed instead of raising an SQL error",
                                     expected=expected, actual=["crash"], error=describe_error(exc))
            return self._failure(record, "statement failed", expected=expected,
                                 actual=["error"], error=describe_error(exc))
        if record.expect_error:
            return self._failure(record, "statement succeeded but an error was expected",
                                 expected=expected, actual=["ok"])
        return None

    def _query(self, record: Query) -> Failure | None:
        expected = list(record.expected)
        try:
            raw_rows = self.engine.query(record.sql)
        except Exception as exc:  # any engine error, including crashes and timeouts
            return self._failure(record, "query raised an error", expected=expected,
                                 error=describe_error(exc))
        columns = len(record.types)
        for raw in raw_rows:
            if len(raw) != columns:
                return self._failure(
                    record, f"query returned {len(raw)} columns, the record expects {columns}",
                    expected=expected, actual=[repr(tuple(raw))])
        try:
            rows = render.render_rows(raw_rows, record.types)
        except Exception as exc:  # an engine returned a value no SQLite type maps to
            return self._failure(record, "result value could not be rendered",
                                 expected=expected, error=describe_error(exc))
        values = render.arrange(rows, record.sort_mode)
        if not results_match(record, rows, values):
            return self._failure(record, "wrong result", expected=expected,
                                 actual=render.displayed_result(values, self.threshold))
        problem = self._check_label(record, render.hash_line(values))
        if problem is not None:
            return self._failure(record, problem, expected=expected,
                                 actual=render.displayed_result(values, self.threshold))
        return None


def run_script(script: Script, engine: Engine | str, *, path: str | None = None,
               timeout: float | None = None, keep_failures: int | None = None,
               progress: ProgressFn | None = None,
               opened: Callable[[], None] | None = None) -> FileResult:
    """Run a parsed script on a fresh database of ``engine`` (an adapter or its name);
    ``opened`` is called once the engine has opened it (or failed to)."""
    if isinstance(engine, str):
        engine = make_engine(engine)
    started = time.perf_counter()
    try:
        engine.open()
        open_error = None
    except Exception as exc:  # the engine under test may not even start yet
        open_error = describe_error(exc)
    if opened is not None:
        opened()
    run = ScriptRun(engine, path or script.source, timeout=timeout,
                    keep_failures=keep_failures, open_error=open_error)
    if open_error is not None:
        run.result.error = f"engine {engine.name!r} failed to open: {open_error}"
    try:
        run.run(script.records, progress)
    finally:
        if open_error is None:
            try:
                engine.close()
            except Exception:  # closing must not turn a finished run into a crash
                pass
    run.result.seconds = time.perf_counter() - started
    return run.result


def run_file(path: str | Path, engine: Engine | str = "sqlite", *, name: str | None = None,
             timeout: float | None = None, keep_failures: int | None = None,
             progress: ProgressFn | None = None, freeze: bool = False) -> FileResult:
    """Read and run one script file. A script that cannot be parsed gives a FileResult
    with ``error`` set and one failure, so a run over many files goes on.

    ``freeze`` (the ``rowandb compat`` command's choice; the process is its own): once
    the script is read and the engine has opened its database, every object alive -- the
    records, the modules, the interpreter's own -- is put out of the cyclic collector's
    sight (``gc.freeze``) while the script runs, then given back (``gc.unfreeze``), so that
    anything of them that became garbage is collected later. Those objects live through
    the script anyway; without this every full collection of the run walks them all
    (about 70,000 on a 10,000-record script). Until then the collector is off: reading
    the script and a first engine's opening (RowanDB imports some 300 modules at its
    first connection) make objects that live on, which the young collections would only
    walk and keep (a small script's RowanDB collections 36-40 ms before, 24-27 after)."""
    label = name or str(path)
    started = time.perf_counter()
    # a caller that froze objects itself keeps them frozen: the unfreeze below would
    # give back its objects too, so such a run freezes nothing
    freeze = freeze and gc.get_freeze_count() == 0
    collecting = freeze and gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _read_and_run(path, engine, label, started, timeout=timeout,
                             keep_failures=keep_failures, progress=progress,
                             opened=_hide_what_lives(collecting) if freeze else None)
    finally:
        if freeze:
            gc.unfreeze()
        if collecting:
            gc.enable()


def _hide_what_lives(collecting: bool) -> Callable[[], None]:
    def opened() -> None:
        gc.freeze()
        if collecting:
            gc.enable()
    return opened


def _read_and_run(path: str | Path, engine: Engine | str, label: str, started: float,
                  **options) -> FileResult:
    try:
        script = read_script(path)
    except (OSError, ScriptSyntaxError, UnicodeError) as exc:
        result = FileResult(path=label, failed=1, error=f"cannot read script: {exc}")
        result.failures.append(Failure(path=label, line=getattr(exc, "line", 0), sql="",
                                       message=result.error))
        result.seconds = time.perf_counter() - started
        return result
    result = run_script(script, engine, path=label, **options)
    result.seconds = time.perf_counter() - started
    return result


def collect_scripts(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, directories searched recursively for ``*.test`` (sorted)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.test") if p.is_file()))
        else:
            found.append(path)
    return found
