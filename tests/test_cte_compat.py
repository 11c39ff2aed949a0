"""The common-table-expression scripts: compat/cte/*.test run on SQLite and on RowanDB.

Each script is in sqllogictest format (basics, DML, recursive tables) and its expected
results came from SQLite; ``plan contains|lacks`` lines assert what EXPLAIN QUERY PLAN
shows (inlined or materialized, an index under an inlined table, a recursive setup and
step) on both engines. Every script must pass completely on SQLite, which proves the
script, and on RowanDB; every ``statement error`` record must fail on RowanDB with SQLite's
class and message; the scripts hold at least 150 records.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_fk_compat import ERROR_CLASSES, _attempt, record_count, rowandb_engine, run_completely
from rowandb.compat import SqliteEngine, Statement, read_script

SUITE = Path(__file__).resolve().parents[1] / "compat" / "cte"
SCRIPTS = sorted(SUITE.glob("*.test"))
MIN_RECORDS = 150


def test_the_scripts_hold_enough_records_and_plan_checks():
    assert sum(record_count(p) for p in SCRIPTS) >= MIN_RECORDS
    plans = [r for p in SCRIPTS for r in read_script(p).records if getattr(r, "plans", ())]
    assert len(plans) >= 5


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_sqlite_passes_every_record(path):
    run_completely(path, "sqlite")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_rowandb_passes_every_record(path):
    run_completely(path, rowandb_engine())


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_rowandb_errors_match_sqlite(path):
    assert_errors_match(path)


def assert_errors_match(path) -> None:
    """Replay the script on both engines in lockstep; every expected error must be
    SQLite's class and message (RowanDB's position suffix of a syntax error left out)."""
    sqlite, rowan = SqliteEngine(), rowandb_engine()
    sqlite.open()
    rowan.open()
    problems = []
    try:
        for record in read_script(path).records:
            if not hasattr(record, "sql"):
                continue
            expected, got = _attempt(sqlite, record), _attempt(rowan, record)
            if isinstance(record, Statement) and record.expect_error:
                want = (ERROR_CLASSES.get(type(expected)), str(expected))
                mine = (type(got), re.sub(r" \(line \d+, column \d+\)$", "", str(got)))
                if expected is None or got is None or not issubclass(mine[0], want[0]) \
                        or mine[1] != want[1]:
                    problems.append(f"line {record.line}: SQLite {expected!r}, RowanDB {got!r}")
    finally:
        sqlite.close()
        rowan.close()
    assert not problems, "\n".join(problems)
