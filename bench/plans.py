"""The planner's choices that SQLite makes too (``optimizer/covering_scan.py``,
``optimizer/join_costs.py``), beside SQLite.

| workload               | what is timed                                                     |
|------------------------|-------------------------------------------------------------------|
| plans_covering_scan    | ``SELECT k FROM wide`` over 50,000 rows of wide text, read through |
|                        | the covering index on ``k`` (entries only, no row fetched)         |
| plans_covering_limit   | ``SELECT k, id FROM wide LIMIT 10``: the first index entries       |
| plans_nulls_last_limit | ``ORDER BY k NULLS LAST LIMIT 10``: the index read with its NULL  |
|                        | entries last instead of a sort of every row                       |
| plans_group_desc       | ``GROUP BY`` of 50,000 rows read from a DESC index (groups in its |
|                        | order)                                                            |
| plans_join3_analyzed   | after ANALYZE, a 3-way join written big table first; SQLite's     |
|                        | order scans the 20-row table and searches the others by index     |

Group ``plans``: ``python -m bench plans``.
"""

from __future__ import annotations

import random

from .harness import Engine, Workload, query, register

ROWS = 50_000
SEED = 20261204


def _wide(engine: Engine) -> None:
    rnd = random.Random(SEED)
    engine.execute("CREATE TABLE wide(id INTEGER PRIMARY KEY, k INT, body TEXT, note TEXT)")
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO wide VALUES (?, ?, ?, ?)",
                       [(i, rnd.randrange(1000), "body " * 20, f"note {i}")
                        for i in range(1, ROWS + 1)])
    engine.execute("COMMIT")
    engine.execute("CREATE INDEX wide_k ON wide(k)")


def _joined(engine: Engine) -> None:
    rnd = random.Random(SEED)
    engine.execute("CREATE TABLE big(id INTEGER PRIMARY KEY, x INT, y INT)")
    engine.execute("CREATE TABLE mid(id INTEGER PRIMARY KEY, x INT, y INT)")
    engine.execute("CREATE TABLE small(id INTEGER PRIMARY KEY, x INT, y INT)")
    engine.execute("CREATE INDEX big_y ON big(y)")
    engine.execute("CREATE INDEX mid_x ON mid(x)")
    engine.execute("BEGIN")
    for name, count, spread in (("big", 20_000, 2_000), ("mid", 2_000, 200), ("small", 20, 200)):
        engine.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)",
                           [(i, rnd.randrange(spread), rnd.randrange(spread))
                            for i in range(1, count + 1)])
    engine.execute("COMMIT")
    engine.execute("ANALYZE")


register(Workload("plans_covering_scan", "full scan through a covering index, 50k rows",
                  setup=_wide, run=query("SELECT k FROM wide"), group="plans"))
register(Workload("plans_covering_limit", "covering index scan, LIMIT 10 without ORDER BY",
                  setup=_wide, run=query("SELECT k, id FROM wide LIMIT 10"), group="plans"))
register(Workload("plans_nulls_last_limit", "ORDER BY indexed column NULLS LAST LIMIT 10",
                  setup=_wide, run=query("SELECT k, id, note FROM wide ORDER BY k NULLS LAST "
                                          "LIMIT 10"), group="plans"))
register(Workload("plans_group_desc", "GROUP BY over a DESC index, 50k rows",
                  setup=lambda engine: (_wide(engine),
                                        engine.execute("CREATE INDEX wide_kd ON wide(k DESC, id)")),
                  run=query("SELECT k, count(*), max(id) FROM wide GROUP BY k"), group="plans"))
register(Workload("plans_join3_analyzed", "3-way join after ANALYZE, big table written first",
                  setup=_joined,
                  run=query("SELECT count(*), sum(big.id) FROM big, mid, small "
                             "WHERE small.x = mid.x AND mid.y = big.y"),
                  group="plans"))
