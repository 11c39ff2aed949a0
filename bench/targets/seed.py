"""The InnoDB seed on disk: the brief's failure 3 (see bench/fk.py) in an on-disk database.

One parent ``t1(f1 PRIMARY KEY)`` and N child tables ``fk_<i>`` whose primary key
references it with ON DELETE CASCADE (``bench.fk.CHILD``). In a fresh worker process per
engine and N, on disk at ``synchronous=NORMAL``: the schema is created in one transaction
(timed), one row goes into t1 and into every child, and ``DELETE FROM t1 WHERE f1 = ?`` is
timed right away (warm); the rows go in again, the database is closed and reopened, and the
same DELETE is timed again (cold). Each DELETE must empty every child. Issue 12's target:
each time grows at most 15x from N = 1,000 to N = 10,000 (wall clock).
"""

from __future__ import annotations

import os

from bench.fk import CHILD

from .workloads import Database, Stopwatch


def _fill(db: Database, n: int) -> None:
    db.query("BEGIN")
    db.query("INSERT INTO t1 VALUES (1)")
    for i in range(n):
        db.query(f"INSERT INTO fk_{i} VALUES (1)")
    db.query("COMMIT")


def _delete(db: Database, n: int) -> dict:
    watch = Stopwatch()
    db.query("DELETE FROM t1 WHERE f1 = ?", (1,))
    seconds = watch.stop()
    left = sum(db.query(f"SELECT count(*) FROM fk_{i}")[0][0] for i in range(0, n, 97))
    if left:
        raise AssertionError(f"the cascade left {left} child rows behind")
    return seconds


def failure3(engine: str, n: int, directory: str) -> dict:
    path = os.path.join(directory, "seed.rowan" if engine == "rowandb" else "seed.sqlite")
    db = Database(engine, path)
    watch = Stopwatch()
    db.query("BEGIN")
    db.query("CREATE TABLE t1(f1 PRIMARY KEY)")
    for i in range(n):
        db.query(CHILD.format(i=i))
    db.query("COMMIT")
    figures = {"create_schema": watch.stop()}
    _fill(db, n)
    figures["warm_delete"] = _delete(db, n)
    _fill(db, n)
    db.close()
    db = Database(engine, path)
    figures["cold_delete"] = _delete(db, n)
    figures["result"] = db.query("SELECT count(*) FROM sqlite_schema")
    db.close()
    return figures
