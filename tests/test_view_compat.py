"""The view scripts: compat/view/*.test run on SQLite and on RowanDB.

Each script is in sqllogictest format (basics, plans, errors) and its expected results came
from SQLite; ``plan contains|lacks`` lines assert what EXPLAIN QUERY PLAN shows (the outer
query's terms searching an index under a view, no view materialized) on both engines, or on
RowanDB alone where its plan lines differ. Every script must pass completely on SQLite,
which proves the script, and on RowanDB; every ``statement error`` record must fail on
RowanDB with SQLite's class and message (checked as for compat/cte); the scripts hold at
least 150 records.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import test_cte_compat as cte
from test_fk_compat import record_count, rowandb_engine, run_completely
from rowandb.compat import read_script

SUITE = Path(__file__).resolve().parents[1] / "compat" / "view"
SCRIPTS = sorted(SUITE.glob("*.test"))
MIN_RECORDS = 150


def test_the_scripts_hold_enough_records_and_plan_checks():
    assert sum(record_count(p) for p in SCRIPTS) >= MIN_RECORDS
    plans = [r for p in SCRIPTS for r in read_script(p).records if getattr(r, "plans", ())]
    assert len(plans) >= 15


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_sqlite_passes_every_record(path):
    run_completely(path, "sqlite")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_rowandb_passes_every_record(path):
    run_completely(path, rowandb_engine())


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_rowandb_errors_match_sqlite(path):
    cte.test_rowandb_errors_match_sqlite(path)
