"""RowanDB's own feature scripts: compat/cte/*.test (common table expressions),
compat/view/*.test (views), compat/trigger/*.test (triggers), compat/window/*.test (window
functions), compat/datetime/*.test (date and time functions; no record depends on the
clock or the time zone), compat/aggregate/*.test (aggregate ORDER BY and FILTER),
compat/json/*.test (the JSON functions), compat/tvf/*.test (table-valued functions),
compat/alter/*.test (ALTER TABLE), compat/gencols/*.test (generated columns),
compat/indexes/*.test (partial indexes and indexes on expressions), compat/maint/*.test
(ANALYZE, VACUUM) and compat/without_rowid/*.test (WITHOUT ROWID tables), run on SQLite and
on RowanDB.

Each script is in sqllogictest format and its expected results came from SQLite; ``plan
contains|lacks`` lines assert what EXPLAIN QUERY PLAN shows on both engines (or on RowanDB
alone, ``plan rowandb ...``): for common tables, inlined or materialized, an index under an
inlined table, a recursive setup and step; for views, the outer query's terms searching an
index under the view, no view materialized. Every script must pass completely on SQLite,
which proves the script, and on RowanDB; every ``statement error`` record must fail on
RowanDB with SQLite's class and message; each suite holds at least the records SUITES says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_fk_compat import error_problems, record_count, rowandb_engine, run_completely
from rowandb.compat import read_script

COMPAT = Path(__file__).resolve().parents[1] / "compat"
#: suite directory -> (least number of records, least number of records with plan checks)
SUITES = {"cte": (150, 5), "view": (150, 15), "trigger": (150, 0), "window": (150, 0),
          "datetime": (150, 0), "aggregate": (120, 0), "json": (150, 0), "tvf": (100, 4),
          "alter": (150, 0), "gencols": (200, 0), "indexes": (200, 15),
          "maint": (100, 4), "rowvalues": (250, 6),
          "joins": (250, 4), "without_rowid": (200, 5)}
SCRIPTS = sorted(p for suite in SUITES for p in (COMPAT / suite).glob("*.test"))


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_the_scripts_hold_enough_records_and_plan_checks(suite):
    scripts = sorted((COMPAT / suite).glob("*.test"))
    least_records, least_plans = SUITES[suite]
    assert sum(record_count(p) for p in scripts) >= least_records
    plans = [r for p in scripts for r in read_script(p).records if getattr(r, "plans", ())]
    assert len(plans) >= least_plans


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sqlite_passes_every_record(path):
    run_completely(path, "sqlite")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rowandb_passes_every_record(path):
    run_completely(path, rowandb_engine())


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rowandb_errors_match_sqlite(path):
    """Every expected error is SQLite's class and message (test_fk_compat's lockstep)."""
    problems = error_problems(path)
    assert not problems, "\n".join(problems)
