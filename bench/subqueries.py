"""Uncorrelated views and FROM subqueries inside correlated subqueries, RowanDB beside SQLite.

A correlated subquery runs again for every outer row. The view inside it reads nothing of
the outer row, so SQLite computes it once per statement (a materialization or an automatic
index behind OP_Once) and RowanDB keeps its rows at the first read and replays them
(``rowandb/planner/exec/cte_scan.py``). ``python -m bench view_in_exists view_in_scalar``
runs these beside SQLite; before the replay RowanDB computed the view once per outer row
(issue 8's fuzzer case: 2.8 s against SQLite's 1.5 ms).
"""

from __future__ import annotations

from .harness import Engine, Workload, register

OUTER = 2_000
INNER = 5_000
GROUPS = 500


def _setup(engine: Engine) -> None:
    engine.script("CREATE TABLE t1(a INTEGER, b TEXT);"
                  "CREATE TABLE t2(x INTEGER, y TEXT);"
                  "CREATE VIEW v AS SELECT x, count(*) AS n, max(y) AS m FROM t2 GROUP BY x;")
    engine.executemany("INSERT INTO t1 VALUES (?, ?)",
                       [(i % (2 * GROUPS), f"b{i}") for i in range(OUTER)])
    engine.executemany("INSERT INTO t2 VALUES (?, ?)",
                       [(i % GROUPS, f"y{i % 97}") for i in range(INNER)])


def _exists(engine: Engine, context):
    return engine.execute("SELECT count(*) FROM t1 WHERE EXISTS "
                          "(SELECT 1 FROM v WHERE v.x = t1.a AND v.n > 5)")


def _scalar(engine: Engine, context):
    return engine.execute("SELECT sum((SELECT n FROM v WHERE v.x = t1.a)) FROM t1")


register(Workload("view_in_exists", f"grouped view in a correlated EXISTS, {OUTER} outer rows",
                  setup=_setup, run=_exists, repeat=3, group="subquery"))
register(Workload("view_in_scalar", f"grouped view in a correlated scalar subquery, "
                  f"{OUTER} outer rows", setup=_setup, run=_scalar, repeat=3, group="subquery"))
