"""The trigger scripts: compat/trigger/*.test run on SQLite and on RowanDB.

Each script is in sqllogictest format -- CREATE/DROP TRIGGER and their errors (basics),
when triggers fire and what they see (firing), triggers set off by foreign-key actions,
REPLACE and upserts, under the firing statement's conflict clause (actions) -- and its
expected results came from SQLite. Every script must pass completely on SQLite, which
proves the script, and on RowanDB; every ``statement error`` record must fail on RowanDB
with SQLite's class and message; the scripts hold at least 150 records.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cte_compat import test_rowandb_errors_match_sqlite as errors_match
from test_fk_compat import record_count, rowandb_engine, run_completely

SUITE = Path(__file__).resolve().parents[1] / "compat" / "trigger"
SCRIPTS = sorted(SUITE.glob("*.test"))
MIN_RECORDS = 150


def test_the_scripts_hold_enough_records():
    assert sum(record_count(p) for p in SCRIPTS) >= MIN_RECORDS


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_sqlite_passes_every_record(path):
    run_completely(path, "sqlite")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_rowandb_passes_every_record(path):
    run_completely(path, rowandb_engine())


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_rowandb_errors_match_sqlite(path):
    """Every expected error is SQLite's class and message (see test_cte_compat)."""
    errors_match(path)
