"""Foreign-key benchmarks: the brief's failures 1 and 3, RowanDB beside SQLite.

Failure 3 (InnoDB bug 18806829): one parent ``t1(f1 PRIMARY KEY)`` and N children
``fk_i(f1 PRIMARY KEY, FOREIGN KEY (f1) REFERENCES t1(f1) ON DELETE CASCADE ON UPDATE
CASCADE)``. For N = 1,000 and 10,000 it reports creating the schema, loading the parent's
definition into a cold cache (every incoming constraint), the longest dictionary-lock hold,
and a cascading ``DELETE FROM t1 WHERE f1 = ?``; going from 1,000 to 10,000 must cost at
most 15x for each figure (linear or n log n, never quadratic). SQLite runs the same work;
its "cold load" is the first prepare of the DELETE on a freshly opened connection.

Failure 1 (Tarantool #10476): 10,000 failing REPLACEs of a parent holding 512 KiB; the
traced memory and RSS growth over the loop are reported (limit 4 MiB).

With ``--disk`` failure 3 runs on disk instead (issue 12's point 2): the schema, two
parent rows and a row per parent in every child are created in one transaction, then
``DELETE FROM t1 WHERE f1 = 1`` runs right after (warm) and ``DELETE FROM t1 WHERE f1 = 2``
after closing and reopening (cold, best of ``--repeats`` reopenings of copies of the closed
directory); each must grow at most 15x from the first size to the last.

Run: ``python -m bench.fk [--sizes 1000 10000] [--attempts 10000] [--disk]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import tempfile
import time
import tracemalloc

import apsw

import rowandb

CHILD = ("CREATE TABLE fk_{i}(f1 PRIMARY KEY, FOREIGN KEY (f1) REFERENCES t1(f1) "
         "ON DELETE CASCADE ON UPDATE CASCADE)")
MAX_GROWTH = 15.0


def _timed(fn) -> float:
    """CPU seconds ``fn`` takes (the machines here are shared: wall time is too noisy)."""
    started = time.process_time()
    fn()
    return time.process_time() - started


def _best(fn, repeats: int) -> float:
    return min(_timed(fn) for _ in range(repeats))


class _RowanSchema:
    """One RowanDB database with the failure-3 schema of ``n`` children."""

    def __init__(self, n: int):
        self.n = n
        self.con = rowandb.connect(":memory:", isolation_level=None)
        self.dictionary = self.con._session.db.dictionary

        def create():
            self.con.execute("CREATE TABLE t1(f1 PRIMARY KEY)")
            for i in range(n):
                self.con.execute(CHILD.format(i=i))
        self.create_time = _timed(create)

    def cold_load(self) -> tuple[float, float]:
        """(CPU seconds to load t1 into a cold cache, longest dictionary-lock hold)."""
        self.dictionary.cache.clear()
        self.dictionary.stats.reset()
        seconds = _timed(lambda: self.dictionary.table("t1"))
        assert len(self.dictionary.table("t1").fk_in) == self.n
        return seconds, self.dictionary.stats.longest_hold_ms / 1000.0

    def cascading_delete(self) -> float:
        self.con.execute("INSERT INTO t1 VALUES (1)")
        self.con.execute("BEGIN")
        for i in range(self.n):
            self.con.execute(f"INSERT INTO fk_{i} VALUES (1)")
        self.con.execute("COMMIT")
        seconds = _timed(lambda: self.con.execute("DELETE FROM t1 WHERE f1 = ?", (1,)))
        left = sum(self.con.execute(f"SELECT count(*) FROM fk_{i}").fetchone()[0]
                   for i in range(0, self.n, 97))
        assert left == 0, "the cascade left child rows behind"
        return seconds


def _rowandb_failure3(sizes: list[int], repeats: int) -> dict:
    schemas = {n: _RowanSchema(n) for n in sizes}
    figures = {n: {"create schema": schemas[n].create_time, "cold load of parent": [],
                   "longest lock hold": [], "cascading delete": []} for n in sizes}
    for _ in range(repeats):               # alternate sizes so load drifts hit both alike
        for n in sizes:
            load, hold = schemas[n].cold_load()
            figures[n]["cold load of parent"].append(load)
            figures[n]["longest lock hold"].append(hold)
            figures[n]["cascading delete"].append(schemas[n].cascading_delete())
    for n in sizes:
        for key in ("cold load of parent", "longest lock hold", "cascading delete"):
            figures[n][key] = min(figures[n][key])
        figures[n]["incoming constraints"] = len(schemas[n].dictionary.table("t1").fk_in)
        schemas[n].con.close()
    return figures


def _sqlite_failure3(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fk.db")
        db = apsw.Connection(path)
        db.execute("PRAGMA foreign_keys=ON")

        def create():
            with db:
                db.execute("CREATE TABLE t1(f1 PRIMARY KEY)")
                for i in range(n):
                    db.execute(CHILD.format(i=i))
        figures = {"create schema": _timed(create)}
        with db:
            db.execute("INSERT INTO t1 VALUES (1)")
            for i in range(n):
                db.execute(f"INSERT INTO fk_{i} VALUES (1)")
        db.close()
        db = apsw.Connection(path)
        db.execute("PRAGMA foreign_keys=ON")
        figures["cold load of parent"] = _timed(
            lambda: db.cursor().execute("EXPLAIN DELETE FROM t1 WHERE f1 = 1").fetchall())
        figures["cascading delete"] = _timed(lambda: db.execute("DELETE FROM t1 WHERE f1 = ?", (1,)))
        db.close()
    return figures


def failure3(sizes: list[int], repeats: int = 3) -> bool:
    print("Failure 3 — parent referenced by N child tables (InnoDB bug 18806829)")
    mine = _rowandb_failure3(sizes, repeats)
    theirs = {n: _sqlite_failure3(n) for n in sizes}
    keys = ["create schema", "cold load of parent", "longest lock hold", "cascading delete"]
    header = f"{'figure (CPU)':<22}" + "".join(f"{'N=' + str(n):>22}" for n in sizes)
    print(header + f"{'growth':>10}")
    ok = True
    for key in keys:
        row = f"{key:<22}"
        for n in sizes:
            other = theirs[n].get(key)
            row += f"{mine[n][key] * 1000:>10.1f} ms" + (f" ({other * 1000:6.1f})"
                                                          if other is not None else " " * 9)
        first, last = mine[sizes[0]][key], mine[sizes[-1]][key]
        growth = last / first if first > 0 else float("inf")
        verdict = "ok" if growth <= MAX_GROWTH else "QUADRATIC?"
        ok &= growth <= MAX_GROWTH
        print(row + f"{growth:>8.1f}x {verdict}")
    print(f"(RowanDB, SQLite in parentheses; loads and deletes best of {repeats}; growth is "
          f"RowanDB's N={sizes[-1]} / N={sizes[0]}, limit {MAX_GROWTH:.0f}x; the lock hold "
          "is wall time)")
    for n in sizes:
        print(f"  N={n}: parent loaded {mine[n]['incoming constraints']} incoming constraints")
    return ok


def _disk_failure3(n: int, repeats: int, tmp: str) -> dict:
    """Create, warm DELETE, then cold DELETEs of reopened copies, RowanDB on disk."""
    path = os.path.join(tmp, f"fk{n}.rowan")
    con = rowandb.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")

    def create():
        con.execute("BEGIN")
        con.execute("CREATE TABLE t1(f1 PRIMARY KEY)")
        for i in range(n):
            con.execute(CHILD.format(i=i))
        con.execute("INSERT INTO t1 VALUES (1), (2)")
        for i in range(n):
            con.execute(f"INSERT INTO fk_{i} VALUES (1), (2)")
        con.execute("COMMIT")
    figures = {"create schema": _timed(create),
               "warm delete": _timed(lambda: con.execute("DELETE FROM t1 WHERE f1 = ?", (1,)))}
    con.close()
    cold = []
    for attempt in range(repeats):
        copy = f"{path}.{attempt}"
        shutil.copytree(path, copy)
        con = rowandb.connect(copy, isolation_level=None)
        con.execute("PRAGMA foreign_keys=ON")
        cold.append(_timed(lambda: con.execute("DELETE FROM t1 WHERE f1 = ?", (2,))))
        left = sum(con.execute(f"SELECT count(*) FROM fk_{i}").fetchone()[0]
                   for i in range(0, n, 97))
        assert left == 0, "the cascade left child rows behind"
        con.close()
        shutil.rmtree(copy)
    figures["cold delete"] = min(cold)
    return figures


def failure3_disk(sizes: list[int], repeats: int = 3) -> bool:
    print("Failure 3 on disk — parent referenced by N child tables, warm and cold DELETE")
    with tempfile.TemporaryDirectory() as tmp:
        mine = {n: _disk_failure3(n, repeats, tmp) for n in sizes}
    ok = True
    print(f"{'figure (CPU)':<22}" + "".join(f"{'N=' + str(n):>14}" for n in sizes)
          + f"{'growth':>10}")
    for key in ("create schema", "warm delete", "cold delete"):
        first, last = mine[sizes[0]][key], mine[sizes[-1]][key]
        growth = last / first if first > 0 else float("inf")
        ok &= growth <= MAX_GROWTH or key == "create schema"
        verdict = "ok" if growth <= MAX_GROWTH else "QUADRATIC?"
        print(f"{key:<22}" + "".join(f"{mine[n][key] * 1000:>11.1f} ms" for n in sizes)
              + f"{growth:>8.1f}x {verdict}")
    print(f"(RowanDB on disk, synchronous=NORMAL; cold is the best of {repeats} reopenings; "
          f"growth limit {MAX_GROWTH:.0f}x for the DELETEs)")
    return ok


def failure1(attempts: int) -> bool:
    print(f"Failure 1 — {attempts:,} failing REPLACEs of a 512 KiB parent (Tarantool #10476)")
    big = 512 * 1024
    con = rowandb.connect(":memory:", isolation_level=None)
    con.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY, v TEXT)")
    con.execute("CREATE TABLE child(pid REFERENCES parent(id) ON DELETE RESTRICT)")
    con.execute("INSERT INTO parent VALUES (1, ?)", ("a" * big,))
    con.execute("INSERT INTO child VALUES (1)")
    lite = apsw.Connection(":memory:")
    lite.execute("PRAGMA foreign_keys=ON")
    lite.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY, v TEXT)")
    lite.execute("CREATE TABLE child(pid REFERENCES parent(id) ON DELETE RESTRICT)")
    lite.execute("INSERT INTO parent VALUES (1, ?)", ("a" * big,))
    lite.execute("INSERT INTO child VALUES (1)")

    def loop(execute, error):
        for _ in range(attempts):
            try:
                execute("REPLACE INTO parent VALUES (1, ?)", ("b" * big,))
            except error:
                pass
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    mine = _timed(lambda: loop(con.execute, rowandb.IntegrityError))
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    theirs = _timed(lambda: loop(lite.execute, apsw.ConstraintError))
    unchanged = con.execute("SELECT substr(v, 1, 1) FROM parent").fetchall() == [("a",)]
    print(f"  RowanDB {mine:.2f} s, SQLite {theirs:.2f} s, ratio {mine / theirs:.1f}x; "
          f"traced memory growth {grown / 1024:.1f} KiB (limit 4096 KiB); "
          f"database unchanged: {unchanged}")
    return grown < 4 * 1024 * 1024 and unchanged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fk", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--disk", action="store_true",
                        help="failure 3 on disk: warm and cold cascading DELETE")
    args = parser.parse_args(argv)
    if args.disk:
        return 0 if failure3_disk(args.sizes, args.repeats) else 1
    ok = failure3(args.sizes, args.repeats)
    print()
    ok &= failure1(args.attempts)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
