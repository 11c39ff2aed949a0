"""Issue 12's shared workload: the schema, the data and one function per timed statement.

Every performance figure of issue 12 is measured on this one workload, so that everybody's
numbers agree. It runs unchanged on RowanDB (``rowandb.connect``) and on SQLite
(``apsw.Connection``), both with ``PRAGMA foreign_keys=ON`` and, on disk, ``PRAGMA
synchronous=NORMAL`` (RowanDB: the commit writes its log without fsync; SQLite: its
default rollback journal, synced at NORMAL's points).

The data comes from ``random.Random(12)``: ``children // 10`` parents (``'parent-<i>'``,
region ``i % 50``) and ``children`` rows of ``child`` (a random parent, a random 12-letter
label, an amount in 0..1000, a qty in 0..99), then the ids the point reads look up.

Each workload function takes the open database and the data, times only its statement(s)
with a ``Stopwatch`` and returns ``(seconds, result)``; the result (row counts and an MD5 of
the rows, or of the table after a change) is what the runner compares between the engines.
``run_sequence`` runs them in ``SEQUENCE`` order on one fresh database: ``bulk_insert``
loads the children the later ones read, ``update_half`` and ``cascade_delete`` change
them last.
"""

from __future__ import annotations

import gc
import hashlib
import os
import random
import string
import time
from dataclasses import dataclass

import apsw

import rowandb

SCHEMA = [
    "CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT NOT NULL, region INTEGER NOT NULL)",
    "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES "
    "parent(id) ON DELETE CASCADE, label TEXT NOT NULL, amount REAL NOT NULL, "
    "qty INTEGER NOT NULL)",
    "CREATE INDEX child_parent ON child(parent_id)",
]
POINT_LOOKUPS = 100_000     # point_pk's SELECTs (fewer when the table is smaller)
COMMITS = 1_000             # commit_latency's one-row transactions


# -- the data -----------------------------------------------------------------------------
@dataclass
class Data:
    parents: list[tuple]
    children: list[tuple]
    point_ids: list[int]


def parent_rows(count: int) -> list[tuple]:
    return [(i, f"parent-{i}", i % 50) for i in range(1, count + 1)]


def child_rows(rng: random.Random, count: int, parents: int):
    """The children, one tuple at a time (the memory job loads them without a list)."""
    letters = string.ascii_lowercase
    for i in range(1, count + 1):
        yield (i, rng.randint(1, parents), "".join(rng.choices(letters, k=12)),
               rng.uniform(0, 1000), rng.randint(0, 99))


def make_data(children: int) -> Data:
    rng = random.Random(12)
    parents = max(1, children // 10)
    rows = list(child_rows(rng, children, parents))
    ids = [rng.randint(1, children) for _ in range(min(POINT_LOOKUPS, children))]
    return Data(parent_rows(parents), rows, ids)


# -- the two engines ------------------------------------------------------------------------
class Database:
    """One engine's connection with the few calls the workloads make."""

    def __init__(self, engine: str, path: str):
        self.engine, self.path = engine, path
        if engine == "rowandb":
            self.conn = rowandb.connect(path, isolation_level=None)
        else:
            self.conn = apsw.Connection(path)
        self.query("PRAGMA foreign_keys=ON")
        if path != ":memory:":
            self.query("PRAGMA synchronous=NORMAL")

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        cursor = self.conn.execute(sql, params)
        if self.engine == "rowandb":
            return cursor.fetchall() if cursor.description is not None else []
        return [tuple(row) for row in cursor]

    def cursor(self):
        return self.conn.cursor()

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)

    def close(self) -> None:
        self.conn.close()


def database_path(engine: str, mode: str, directory: str) -> str:
    """``:memory:``, or a new database in ``directory`` (RowanDB's is a directory)."""
    if mode == "memory":
        return ":memory:"
    return os.path.join(directory, "rowan.db" if engine == "rowandb" else "sqlite.db")


class Stopwatch:
    """Wall-clock and CPU seconds since it was made. ``observer``, when set (by
    ``profiles.py``), is started and stopped with every stopwatch, so that a profile sees
    exactly the timed statements."""

    observer = None

    def __init__(self):
        if Stopwatch.observer is not None:
            Stopwatch.observer.start()
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> dict:
        seconds = {"wall": time.perf_counter() - self.wall,
                   "cpu": time.process_time() - self.cpu}
        if Stopwatch.observer is not None:
            Stopwatch.observer.stop()
        return seconds


def digest(rows: list, ordered: bool = True) -> dict:
    """A comparable summary of rows: their count and the MD5 of their reprs (sorted first
    when the statement leaves the order to the engine)."""
    texts = [repr(tuple(row)) for row in rows]
    if not ordered:
        texts.sort()
    return {"rows": len(texts), "md5": hashlib.md5("\n".join(texts).encode()).hexdigest()}


def setup(db: Database, data: Data) -> None:
    """The schema and the parents, in one transaction (not timed)."""
    db.query("BEGIN")
    for statement in SCHEMA:
        db.query(statement)
    db.executemany("INSERT INTO parent VALUES (?, ?, ?)", data.parents)
    db.query("COMMIT")


# -- the workloads, in the order they run ---------------------------------------------------
def bulk_insert(db: Database, data: Data):
    watch = Stopwatch()
    db.query("BEGIN")
    db.executemany("INSERT INTO child VALUES (?, ?, ?, ?, ?)", data.children)
    db.query("COMMIT")
    seconds = watch.stop()
    return seconds, db.query("SELECT count(*), sum(qty), sum(parent_id) FROM child")


def point_pk(db: Database, data: Data):
    cursor, rows = db.cursor(), []
    watch = Stopwatch()
    for child_id in data.point_ids:
        rows.append(cursor.execute("SELECT * FROM child WHERE id = ?", (child_id,)).fetchone())
    return watch.stop(), digest(rows)


def _select(db: Database, sql: str, ordered: bool):
    """Time one SELECT fetched whole; the digest of its rows is the result."""
    watch = Stopwatch()
    rows = db.query(sql)
    return watch.stop(), digest(rows, ordered)


def group_by(db: Database, data: Data):
    return _select(db, "SELECT parent_id, count(*), sum(amount), max(qty) FROM child "
                       "GROUP BY parent_id", ordered=False)


def order_limit(db: Database, data: Data):
    return _select(db, "SELECT * FROM child ORDER BY label LIMIT 10", ordered=True)


def join_filter(db: Database, data: Data):
    return _select(db, "SELECT c.id, c.amount, p.name FROM child c JOIN parent p "
                       "ON p.id = c.parent_id WHERE p.region = 7", ordered=False)


def update_half(db: Database, data: Data):
    watch = Stopwatch()
    db.query("UPDATE child SET amount = amount + 1 WHERE id % 2 = 0")
    seconds = watch.stop()
    return seconds, digest(db.query("SELECT id, amount FROM child ORDER BY id"))


def cascade_delete(db: Database, data: Data):
    watch = Stopwatch()
    db.query("DELETE FROM parent WHERE id % 10 = 0")
    seconds = watch.stop()
    return seconds, db.query("SELECT (SELECT count(*) FROM parent), count(*), sum(qty) "
                             "FROM child")


def commit_latency(db: Database, data: Data):
    first = len(data.parents) + 1
    watch = Stopwatch()
    for i in range(first, first + COMMITS):
        db.query("BEGIN")
        db.query("INSERT INTO parent VALUES (?, ?, ?)", (i, f"parent-{i}", i % 50))
        db.query("COMMIT")
    seconds = watch.stop()
    return seconds, db.query("SELECT count(*), sum(region) FROM parent")


SEQUENCE = [bulk_insert, point_pk, group_by, order_limit, join_filter, update_half,
            cascade_delete, commit_latency]
DISK_ONLY = {"commit_latency"}


def operations(name: str, data: Data) -> int:
    """How many rows (or statements) a workload handles: the per-row time's divisor."""
    if name == "point_pk":
        return len(data.point_ids)
    if name == "commit_latency":
        return COMMITS
    return len(data.children)


def run_sequence(engine: str, mode: str, children: int, directory: str,
                 only: list | None = None) -> dict:
    """Build the database in a fresh connection and run the workloads in order:
    ``{name: {"wall", "cpu", "result", "operations"}}``. A full collection runs before
    each workload, so that garbage of the previous one is not charged to it. ``only``
    names the workloads to run and report (``bulk_insert`` always runs: it loads the
    children the others read)."""
    data = make_data(children)
    db = Database(engine, database_path(engine, mode, directory))
    try:
        setup(db, data)
        figures = {}
        for workload in SEQUENCE:
            name = workload.__name__
            if name in DISK_ONLY and mode != "disk":
                continue
            if only and name not in only and name != "bulk_insert":
                continue
            gc.collect()
            seconds, result = workload(db, data)
            if only and name not in only:
                continue
            figures[name] = dict(seconds, result=result, operations=operations(name, data))
        return figures
    finally:
        db.close()
