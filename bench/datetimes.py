"""Date and time functions over 100,000 rows, RowanDB beside SQLite (issue 10, Speed).

Registers three workloads (group ``datetime``) over a table of 100,000 events whose
moments (``at``, ISO-8601 text with seconds, 2000..2030) and unix times (``secs``) come
from a fixed seed:

- ``datetime_strftime`` — strftime with seven conversions and a modifier on every row;
- ``datetime_date_modifiers`` — date() with a chain of modifiers (month overflow, start
  of month, weekday) and time() on every row;
- ``datetime_unixepoch`` — datetime(secs, 'unixepoch') and julianday() of a number.

Each query aggregates (count DISTINCT, max) so the rows are computed but not fetched, and
both engines must give the same answer. Run: ``python -m bench datetime``.
"""

from __future__ import annotations

import random

from .harness import Engine, Workload, register

ROWS = 100_000
SEED = 20261203


def _events() -> list[tuple]:
    rnd = random.Random(SEED)
    start, span = 946684800, 30 * 365 * 86400       # 2000-01-01 and thirty years on
    rows = []
    for i in range(1, ROWS + 1):
        secs = start + rnd.randrange(span)
        rows.append((i, secs))
    return rows


def _setup(engine: Engine):
    engine.execute("CREATE TABLE ev(id INTEGER PRIMARY KEY, at TEXT, secs INTEGER)")
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO ev(id, secs) VALUES (?, ?)", _events())
    engine.execute("COMMIT")
    # each engine writes the ISO text itself: a difference shows in the results compared
    engine.execute("UPDATE ev SET at = datetime(secs, 'unixepoch')")
    return None


QUERIES = {
    "datetime_strftime": (
        "strftime('%Y-%m-%d %H:%M:%S %j %W', at, '+1 day') over 100k rows",
        "SELECT count(DISTINCT strftime('%Y-%m-%d %H:%M:%S %j %W', at, '+1 day')), "
        "max(strftime('%s %u', at)) FROM ev"),
    "datetime_date_modifiers": (
        "date(at, '+1 month', 'start of month', 'weekday 1') and time(at) over 100k rows",
        "SELECT count(DISTINCT date(at, '+1 month', 'start of month', 'weekday 1')), "
        "max(time(at, '+30 minutes')) FROM ev"),
    "datetime_unixepoch": (
        "datetime(secs, 'unixepoch') and julianday(secs, 'unixepoch') over 100k rows",
        "SELECT count(DISTINCT datetime(secs, 'unixepoch')), "
        "max(julianday(secs, 'unixepoch')) FROM ev"),
}


def _runner(sql: str):
    return lambda engine, context: engine.execute(sql)


for _name, (_what, _sql) in QUERIES.items():
    register(Workload(_name, _what, setup=_setup, run=_runner(_sql), repeat=3,
                      group="datetime"))
