"""Shared helpers of the storage tests (workload, state dumps, SQLite oracle), and tests of
the helpers themselves: the fault-injecting VFS must really stop where it is told to.

The workload is a fixed list of transactions -- DDL, inserts, updates, deletes, a foreign-key
cascade, DROP/CREATE that frees and reuses file ids, checkpoints in between -- run on RowanDB
and, for the expected states, on SQLite through apsw.
"""

from __future__ import annotations

import errno

import apsw
import pytest

import rowandb
from rowandb.sql.database import abandon_database
from rowandb.storage.faults import FaultyVFS, SimulatedCrash

CHECKPOINT = "PRAGMA wal_checkpoint"
VACUUM = "VACUUM"
# steps of a workload that run alone, outside BEGIN ... COMMIT, and change no row
_ALONE = ([CHECKPOINT], [VACUUM])


def _blob(i: int) -> str:
    return "NULL" if i % 5 == 0 else f"x'{bytes([i, 255 - i]).hex()}'"


WORKLOAD: list[list[str]] = [
    ["CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE, note TEXT)"],
    ["CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE CASCADE,"
     " v BLOB, r REAL)", "CREATE INDEX ci ON c(pid, r)"],
    ["INSERT INTO p(id, name) VALUES " + ", ".join(f"({i}, 'name{i}')" for i in range(1, 9))],
    ["INSERT INTO c(pid, v, r) VALUES " + ", ".join(
        f"({i % 8 + 1}, {_blob(i)}, {i * 1.25 if i % 3 else 'NULL'})" for i in range(16))],
    [CHECKPOINT],
    ["UPDATE c SET r = r * 2 WHERE pid % 2 = 0", "UPDATE p SET note = upper(name)"],
    ["DELETE FROM p WHERE id IN (1, 2)"],
    ["CREATE TABLE tmp(x)", "INSERT INTO tmp VALUES (1), ('two'), (3.5)"],
    ["DROP TABLE tmp", "CREATE TABLE tmp2(a TEXT, b INTEGER)", "CREATE INDEX tmp2_b ON tmp2(b)",
     "INSERT INTO tmp2 VALUES ('x', 1), ('y', 2), (NULL, NULL)"],
    [CHECKPOINT],
    ["INSERT INTO p(id, name, note) VALUES (20, 'big', '" + "w" * 3000 + "')",
     "INSERT INTO c(pid, v, r) VALUES (20, x'00', -1.5), (20, NULL, 0.0)"],
    ["DELETE FROM c WHERE r IS NULL", "UPDATE tmp2 SET b = b + 10"],
    ["DELETE FROM tmp2", "DROP INDEX ci"],
    [CHECKPOINT],
    ["INSERT INTO tmp2 VALUES ('z', 3)", "DELETE FROM p WHERE id = 20",
     "CREATE INDEX cr ON c(r)"],
    ["UPDATE p SET name = name || '!' WHERE id > 4", "INSERT INTO p(name) VALUES ('last')"],
]


def close(conn) -> None:
    """Close a connection and its hold on the database directory."""
    db = conn._session.db if conn._session is not None else None
    conn.close()
    if db is not None:
        db.close()


def dump(execute) -> tuple:
    """The whole visible state: schema (without file ids) and every table's rows."""
    schema = [tuple(r) for r in execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name")]
    tables = [r[1] for r in schema if r[0] == "table"]
    without_rowid = {r[1] for r in schema if r[0] == "table" and r[3].upper().endswith("WITHOUT ROWID")}
    data = tuple((t, tuple(tuple(r) for r in execute(
        f'SELECT * FROM "{t}"' if t in without_rowid else     # in PRIMARY KEY order
        f'SELECT rowid, * FROM "{t}" ORDER BY rowid'))) for t in tables)
    return tuple(schema), data


def rowan_dump(conn) -> tuple:
    return dump(lambda sql: conn.execute(sql).fetchall())


def oracle_states(workload=WORKLOAD, dump=dump) -> list:
    """SQLite's state after each prefix of the workload's transactions (states[0]: empty);
    ``dump(execute)`` says what a state is."""
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys=ON")
    run = lambda sql: list(db.execute(sql))  # noqa: E731
    states = [dump(run)]
    for statements in workload:
        if statements in _ALONE:
            continue
        db.execute("BEGIN")
        for sql in statements:
            db.execute(sql)
        db.execute("COMMIT")
        states.append(dump(run))
    return states


def run_workload(path: str, vfs=None, workload=WORKLOAD, progress: dict | None = None,
                 **options) -> tuple[int, BaseException | None]:
    """Run the workload until it ends or fails; (commits that returned, the failure).

    ``progress["returned"]`` follows the count as it grows (for ``FaultyVFS`` callbacks).
    """
    progress = {} if progress is None else progress
    progress["returned"] = 0
    try:
        conn = rowandb.connect(path, isolation_level=None, vfs=vfs, **options)
        for statements in workload:
            if statements in _ALONE:
                conn.execute(statements[0])
                continue
            conn.execute("BEGIN")
            for sql in statements:
                conn.execute(sql)
            conn.execute("COMMIT")
            progress["returned"] += 1
        close(conn)
        return progress["returned"], None
    except (SimulatedCrash, rowandb.DatabaseError) as failure:
        return progress["returned"], failure


def run_and_reopen(path: str, workload) -> list:
    """Run the whole workload, close, reopen: the state must be SQLite's after the last
    transaction. Returns SQLite's states (``oracle_states``); the database is closed."""
    returned, failure = run_workload(path, workload=workload)
    assert failure is None
    states = oracle_states(workload)
    assert reopen_and_check(path, states, returned, clean_close=True) == len(states) - 1
    return states


def reopen_and_check(path: str, states: list, returned: int, clean_close: bool = False) -> int:
    """Open after a crash; the state must be a prefix including every returned commit.

    Returns the length of that prefix. Afterwards the database is dropped without writing
    (fast), or closed normally -- with its checkpoint -- if ``clean_close``.
    """
    conn = rowandb.connect(path, isolation_level=None)
    try:
        state = rowan_dump(conn)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if any(r[1] == "c" for r in state[0]):
            orphans = conn.execute(
                "SELECT count(*) FROM c WHERE pid IS NOT NULL AND pid NOT IN (SELECT id FROM p)")
            assert orphans.fetchall() == [(0,)]
    finally:
        if clean_close:
            close(conn)
        else:
            abandon_database(path)
    matches = [k for k, expected in enumerate(states) if expected == state]
    assert matches, f"state after recovery is no prefix of the committed transactions: {state}"
    assert max(matches) >= returned, (matches, returned)
    return max(matches)


# ---------------------------------------------------------------------------------------
# tests of the helpers
# ---------------------------------------------------------------------------------------

def test_workload_without_faults_reaches_sqlites_final_state(tmp_path):
    states = oracle_states()
    path = str(tmp_path / "db")
    vfs = FaultyVFS()
    returned, failure = run_workload(path, vfs)
    assert failure is None and returned == len(states) - 1
    assert reopen_and_check(path, states, returned) == len(states) - 1
    operations = {op for op, _ in vfs.log}
    assert {"write", "fsync", "rename", "remove"} <= operations


def test_faulty_vfs_crashes_exactly_at_the_nth_operation(tmp_path):
    path = str(tmp_path / "db")
    vfs = FaultyVFS(at=7, mode="crash")
    returned, failure = run_workload(path, vfs)
    assert isinstance(failure, SimulatedCrash)
    assert vfs.count == 7 and vfs.crashed
    with pytest.raises(SimulatedCrash):
        vfs.open(str(tmp_path / "db" / "x"), "w")
    abandon_database(path)


def test_faulty_vfs_error_mode_raises_oserror_once(tmp_path):
    vfs = FaultyVFS(at=1, mode="error", errno=errno.ENOSPC)
    file = vfs.open(str(tmp_path / "f"), "w")
    with pytest.raises(OSError) as caught:
        file.write(b"abc")
    assert caught.value.errno == errno.ENOSPC
    file.write(b"def")
    file.close()
    assert (tmp_path / "f").read_bytes() == b"def"
