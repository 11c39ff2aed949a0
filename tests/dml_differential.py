"""A differential runner for write scripts: the same steps on RowanDB and SQLite (apsw).

A step is an SQL text (run with ``execute``) or ``(sql, [params, ...])`` (run with
``executemany``, each parameter set a statement of its own). Both engines run in
autocommit mode (RowanDB with ``isolation_level=None``), so BEGIN/COMMIT in the steps
decide the transactions. After every step the outcome is compared: the rows it returned
(RETURNING), or the error's PEP 249 class and message, with changes() and
total_changes(); at the end, every row of every table with each value's storage class.
Used by the tests of the DML fast paths (test_dml_fastpaths.py), which also prove with a
counter that the fast path ran.
"""

from __future__ import annotations

import apsw

import rowandb
from apsw_session import _ERROR_CLASSES
from oracle import error_class, exact


def _rowan_step(conn, step):
    if isinstance(step, str):
        cursor = conn.execute(step)
        return [] if cursor.description is None else cursor.fetchall()
    conn.executemany(*step)
    return []


def _apsw_step(conn, step):
    if isinstance(step, str):
        return list(conn.execute(step))
    conn.executemany(*step)
    return []


def _outcome(run, conn, step, changes):
    try:
        rows = run(conn, step)
    except rowandb.Error as error:
        return ("error", error_class(error), str(error)) + changes()
    except apsw.Error as error:
        name = next(mine.__name__ for theirs, mine in _ERROR_CLASSES
                    if isinstance(error, theirs))
        return ("error", name, str(error)) + changes()
    return ("ok", [tuple(exact(v) for v in row) for row in rows]) + changes()


def _dump(execute) -> dict:
    tables = [r[0] for r in execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
    dump = {}
    for name in tables:
        columns = [r[1] for r in execute(f'PRAGMA table_info("{name}")')]
        without_rowid = name == "sqlite_sequence" or any(
            "WITHOUT ROWID" in (r[0] or "").upper() for r in execute(
                f"SELECT sql FROM sqlite_schema WHERE name = '{name}'"))
        rowid = "" if without_rowid else "rowid, "
        dump[name] = [tuple(exact(v) for v in row) for row in execute(
            f'SELECT {rowid}{", ".join(columns)} FROM "{name}" ORDER BY 1, 2')]
    return dump


def run_rowandb(steps: list) -> tuple[list, dict]:
    conn = rowandb.connect(":memory:", isolation_level=None)

    def changes():
        return tuple(conn.execute("SELECT changes(), total_changes()").fetchall()[0])
    outcomes = [_outcome(_rowan_step, conn, step, changes) for step in steps]
    return outcomes, _dump(lambda sql: conn.execute(sql).fetchall())


def run_sqlite(steps: list) -> tuple[list, dict]:
    conn = apsw.Connection(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")          # RowanDB's default

    def changes():
        return tuple(next(conn.execute("SELECT changes(), total_changes()")))
    outcomes = [_outcome(_apsw_step, conn, step, changes) for step in steps]
    return outcomes, _dump(lambda sql: list(conn.execute(sql)))


def assert_same(steps: list) -> None:
    """Both engines give the same outcome at every step and leave the same rows."""
    mine, theirs = run_rowandb(steps), run_sqlite(steps)
    for step, a, b in zip(steps, mine[0], theirs[0]):
        assert a == b, f"{str(step)[:200]}\n  rowandb: {a}\n  sqlite:  {b}"
    assert mine[1] == theirs[1]


def assert_same_after_reopening(directory, steps: list, queries: list) -> None:
    """Run ``steps`` on a RowanDB and a SQLite database on disk in ``directory``, close
    and reopen RowanDB's (its redo log replayed), and compare the rows of ``queries``."""
    conn = rowandb.connect(str(directory / "db"), isolation_level=None)
    lite = apsw.Connection(str(directory / "lite.db"))
    lite.execute("PRAGMA foreign_keys = ON")
    for step in steps:
        _rowan_step(conn, step)
        _apsw_step(lite, step)
    conn.close()
    conn = rowandb.connect(str(directory / "db"), isolation_level=None)
    try:
        for sql in queries:
            assert conn.execute(sql).fetchall() == [tuple(r) for r in lite.execute(sql)], sql
    finally:
        conn.close()
