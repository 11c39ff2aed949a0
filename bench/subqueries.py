"""Uncorrelated views and FROM subqueries inside correlated subqueries, RowanDB beside SQLite.

A correlated subquery runs again for every outer row. The view inside it reads nothing of
the outer row, so SQLite computes it once per statement (a materialization or an automatic
index behind OP_Once) and RowanDB keeps its rows at the first read and replays them
(``rowandb/planner/exec/cte_scan.py``). ``python -m bench view_in_exists view_in_scalar``
runs these beside SQLite; before the replay RowanDB computed the view once per outer row
(issue 8's fuzzer case: 2.8 s against SQLite's 1.5 ms).

``volatile_view_in_exists``: the view calls randomblob() (a volatile function) and is
read twice through a FULL JOIN inside an EXISTS that depends on the outer table only,
under a join whose inner loop turns while the outer row stays. SQLite materializes such
a view once per statement, volatile functions and all, and runs the EXISTS again for each
row; RowanDB keeps its rows (``CteScan.once``, plan/materialized_once.py) and the
EXISTS's result while the outer values repeat (exec/subquery_memo.py). Before, it
computed both again every time (fuzz seed 89000043: 5.7 s against SQLite's 0.05 s).
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


def _volatile_setup(engine: Engine) -> None:
    engine.script("CREATE TABLE t1(a INTEGER, b TEXT); CREATE TABLE t2(x INTEGER, y TEXT);"
                  "CREATE TABLE t3(k INTEGER);"
                  "CREATE VIEW w AS SELECT x, y FROM (SELECT x, y FROM t2 "
                  "WHERE length(randomblob(2)) = 2 UNION ALL SELECT -1, 'none');")
    engine.executemany("INSERT INTO t1 VALUES (?, ?)", [(i % 60, f"b{i}") for i in range(100)])
    engine.executemany("INSERT INTO t2 VALUES (?, ?)", [(i % 50, f"y{i}") for i in range(100)])
    engine.executemany("INSERT INTO t3 VALUES (?)", [(i,) for i in range(20)])


def _volatile_exists(engine: Engine, context):
    return engine.execute("SELECT count(*) FROM t1 JOIN t3 ON EXISTS (SELECT 1 FROM w AS p "
                          "FULL JOIN w AS q ON p.x = q.x WHERE p.x = t1.a) AND t3.k < t1.a")


register(Workload("view_in_exists", f"grouped view in a correlated EXISTS, {OUTER} outer rows",
                  setup=_setup, run=_exists, repeat=3, group="subquery"))
register(Workload("view_in_scalar", f"grouped view in a correlated scalar subquery, "
                  f"{OUTER} outer rows", setup=_setup, run=_scalar, repeat=3, group="subquery"))
register(Workload("volatile_view_in_exists", "a view calling randomblob(), twice in a FULL "
                  "JOIN inside a correlated EXISTS under a join, 100 x 20 rows",
                  setup=_volatile_setup, run=_volatile_exists, repeat=3, group="subquery"))
