"""The window-function scripts: compat/window/*.test run on SQLite and on RowanDB.

Each script is in sqllogictest format (the built-in window functions and aggregates over
the default frame; ROWS, RANGE and GROUPS frames with EXCLUDE and FILTER; named windows,
grouped rows, subqueries and the errors of bad window syntax) and its expected results
came from SQLite. Every script must pass completely on SQLite, which proves the script,
and on RowanDB; every ``statement error`` record must fail on RowanDB with SQLite's class
and message; the scripts hold at least 150 records.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cte_compat import assert_errors_match
from test_fk_compat import record_count, rowandb_engine, run_completely

SUITE = Path(__file__).resolve().parents[1] / "compat" / "window"
SCRIPTS = sorted(SUITE.glob("*.test"))
MIN_RECORDS = 150


def test_the_scripts_hold_enough_records():
    assert sum(record_count(p) for p in SCRIPTS) >= MIN_RECORDS


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_passes_on_sqlite_and_rowandb_with_sqlites_errors(path):
    run_completely(path, "sqlite")              # proves the script
    run_completely(path, rowandb_engine())
    assert_errors_match(path)
