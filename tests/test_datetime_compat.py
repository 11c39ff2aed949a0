"""The date and time scripts: compat/datetime/*.test run on SQLite and on RowanDB.

Each script is in sqllogictest format (time values, modifiers, strftime and timediff,
the functions over a table's columns) and its expected results came from SQLite; no
record depends on the clock or the time zone. Every script must pass completely on
SQLite, which proves the script, and on RowanDB; the scripts hold at least 150 records.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_fk_compat import record_count, rowandb_engine, run_completely

SUITE = Path(__file__).resolve().parents[1] / "compat" / "datetime"
SCRIPTS = sorted(SUITE.glob("*.test"))
MIN_RECORDS = 150


def test_the_scripts_hold_enough_records():
    assert len(SCRIPTS) >= 3
    assert sum(record_count(p) for p in SCRIPTS) >= MIN_RECORDS


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_sqlite_passes_every_record(path):
    run_completely(path, "sqlite")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_rowandb_passes_every_record(path):
    run_completely(path, rowandb_engine())
