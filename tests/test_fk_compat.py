"""The foreign-key compatibility suite: compat/foreign_keys/*.test run on SQLite and RowanDB.

Each script is a sqllogictest-format file of foreign-key scenarios (see
docs/FOREIGN_KEYS_SUITE.md). Four kinds of test here:

* every script passes completely on SQLite (apsw, foreign keys on): proves the script itself
  is right, since SQLite's behaviour is the contract;
* every script passes completely on RowanDB (``rowandb.connect(':memory:')``);
* every ``statement error`` record fails on RowanDB with SQLite's error class and message
  (sqllogictest only records *that* an error happened; FOREIGN_KEYS.md rule 13 needs more:
  IntegrityError "FOREIGN KEY constraint failed" for violations, OperationalError for
  "foreign key mismatch" and "no such table");
* the suite is as large as the docs say, file by file.

Scripts listed in ``NOT_REQUIRED_ON_ROWANDB`` exercise SQL RowanDB does not offer by
design; they are still verified on SQLite.

RowanDB is opened with ``autocommit=True`` (as the compat runner's ``rowandb`` engine does):
the scripts rely on transactions spanning records (deferred constraints, savepoints), and in
that mode nothing is committed behind the script's back.
"""

from __future__ import annotations

import re
from pathlib import Path

import apsw
import pytest

import rowandb
from rowandb import errors
from rowandb.compat import Query, RowandbEngine, SqliteEngine, Statement, read_script, run_file
from rowandb.compat.report import format_failure

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "compat" / "foreign_keys"
DOC = REPO / "docs" / "FOREIGN_KEYS_SUITE.md"
SCRIPTS = sorted(SUITE.glob("*.test"))
#: A record running longer than this fails instead of stalling the test run.
RECORD_TIME_LIMIT = 60.0
#: The least number of scenarios the suite must hold (the brief asks for 150 or more).
MIN_SCENARIOS = 150
SCENARIO_MARK = "# scenario:"
#: Scripts RowanDB is not asked to pass, with the reason (they still must pass on SQLite).
NOT_REQUIRED_ON_ROWANDB = {
    # Artefacts of SQLite's violation *counter* (a new orphan slipping past when an old one
    # is repaired in the same statement; a child counted under one parent key and looked
    # up under another). RowanDB records violations themselves, so it rejects these;
    # docs/FOREIGN_KEYS.md lists the differences. (The file's affinity scenarios pass.)
    "quirks.test": "SQLite counter artefacts; RowanDB differs on purpose (docs/FOREIGN_KEYS.md)",
}
ROWANDB_SCRIPTS = [p for p in SCRIPTS if p.name not in NOT_REQUIRED_ON_ROWANDB]

#: apsw exception class -> the DB-API class RowanDB must raise for the same error.
ERROR_CLASSES = {
    apsw.ConstraintError: errors.IntegrityError,
    apsw.SQLError: errors.OperationalError,
    apsw.ReadOnlyError: errors.OperationalError,     # query_only (sqlite3 maps it so)
}
#: SQLite's message for the trigger-depth limit changed between versions; both are accepted.
EQUIVALENT_MESSAGES = {
    "triggers nested too deep": {"triggers nested too deep",
                                 "too many levels of trigger recursion"},
}


def connect_autocommit(database: str, **_options):
    """RowanDB in true autocommit mode: explicit BEGIN ... COMMIT spans records."""
    return rowandb.connect(database, autocommit=True)


def rowandb_engine() -> RowandbEngine:
    return RowandbEngine(connect=connect_autocommit)


def scenario_count(path: Path) -> int:
    return sum(line.startswith(SCENARIO_MARK) for line in path.read_text().splitlines())


def record_count(path: Path) -> int:
    """Statements and queries in a script (the records the runner counts)."""
    return sum(isinstance(r, (Statement, Query)) for r in read_script(path).records)


def failure_report(result) -> str:
    head = f"{result.path}: {result.passed} passed, {result.failed} failed"
    if result.error:
        head += f" ({result.error})"
    return head + "\n\n" + "\n\n".join(format_failure(f) for f in result.failures)


def run_completely(path: Path, engine) -> None:
    result = run_file(path, engine, name=path.name, keep_failures=10,
                      timeout=RECORD_TIME_LIMIT)
    assert result.error is None and result.failed == 0, failure_report(result)
    assert result.skipped == 0
    assert result.passed == record_count(path)


# -- the suite's shape --------------------------------------------------------------------


def test_suite_holds_enough_scenarios():
    counts = {p.name: scenario_count(p) for p in SCRIPTS}
    assert all(counts.values()), f"scripts without a '{SCENARIO_MARK}' line: {counts}"
    assert sum(counts.values()) >= MIN_SCENARIOS, counts


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_turns_foreign_keys_on_first(path):
    records = [r for r in read_script(path).records if isinstance(r, (Statement, Query))]
    assert isinstance(records[0], Statement) and not records[0].expect_error
    assert re.fullmatch(r"PRAGMA foreign_keys\s*=\s*ON", records[0].sql.strip(), re.I)


def test_docs_table_matches_the_scripts():
    """docs/FOREIGN_KEYS_SUITE.md lists every script with its scenario and record counts."""
    rows = re.findall(r"^\|\s*`([\w.]+\.test)`\s*\|[^|]*\|\s*(\d+)\s*\|\s*(\d+)\s*\|",
                      DOC.read_text(), re.M)
    documented = {name: (int(s), int(r)) for name, s, r in rows}
    actual = {p.name: (scenario_count(p), record_count(p)) for p in SCRIPTS}
    assert documented == actual


# -- SQLite: the scripts are right ----------------------------------------------------------


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_sqlite_passes_every_record(path):
    run_completely(path, "sqlite")


# -- RowanDB: the engine is right ------------------------------------------------------------


@pytest.mark.parametrize("path", ROWANDB_SCRIPTS, ids=lambda p: p.name)
def test_rowandb_passes_every_record(path):
    run_completely(path, rowandb_engine())


def _attempt(engine, record) -> BaseException | None:
    """Run one record on an engine; the exception it raised, or None."""
    try:
        if isinstance(record, Statement):
            engine.statement(record.sql)
        else:
            engine.query(record.sql)
    except Exception as exc:  # any engine error is a result to compare
        return exc
    return None


def _error_mismatch(record, expected: BaseException | None, got: BaseException | None):
    """Why RowanDB's error for an expected-error record differs from SQLite's, or None.
    RowanDB's position suffix on a syntax error (`` (line 1, column 8)``) is left out."""
    if expected is None:
        return f"line {record.line}: SQLite raised nothing (the script is wrong)"
    if got is None:
        return f"line {record.line}: RowanDB raised nothing; SQLite: {expected}"
    want_class = ERROR_CLASSES.get(type(expected))
    if want_class is None:
        return f"line {record.line}: unmapped SQLite error {type(expected).__name__}"
    allowed = EQUIVALENT_MESSAGES.get(str(expected), {str(expected)})
    message = re.sub(r" \(line \d+, column \d+\)$", "", str(got))
    if not isinstance(got, want_class) or message not in allowed:
        return (f"line {record.line}: {record.sql!r}\n    SQLite:  {want_class.__name__}: "
                f"{expected}\n    RowanDB: {type(got).__name__}: {got}")
    return None


def error_problems(path: Path) -> list[str]:
    """Replay a script on both engines in lockstep; every ``statement error`` record whose
    RowanDB error is not SQLite's (class and message), described."""
    sqlite, rowan = SqliteEngine(), rowandb_engine()
    sqlite.open()
    rowan.open()
    problems = []
    try:
        for record in read_script(path).records:
            if not isinstance(record, (Statement, Query)):
                continue
            expected, got = _attempt(sqlite, record), _attempt(rowan, record)
            if isinstance(record, Statement) and record.expect_error:
                problem = _error_mismatch(record, expected, got)
                if problem:
                    problems.append(problem)
    finally:
        sqlite.close()
        rowan.close()
    return problems


@pytest.mark.parametrize("path", ROWANDB_SCRIPTS, ids=lambda p: p.name)
def test_rowandb_errors_match_sqlite(path):
    """Replay the script on both engines in lockstep and compare every expected error."""
    problems = error_problems(path)
    assert not problems, f"{len(problems)} error records differ:\n" + "\n".join(problems[:15])
