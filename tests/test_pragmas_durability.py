"""user_version, application_id and schema_version are kept in the database: through close
and reopen, checkpoints, a crash at every I/O operation, and other connections' snapshots.

They live in the dictionary table SYS_HEADER (docs/FORMATS.md), so a PRAGMA that sets one
writes in its statement's transaction like an INSERT: ROLLBACK undoes it, COMMIT logs it,
recovery replays it. The crash sweep uses the storage tests' machinery
(test_storage_crash.assert_crash_sweep): a workload of transactions that set the values, stopped
before every disk operation; each image, reopened, must show SQLite's values after a prefix
of the transactions that includes every COMMIT that returned.
"""

from __future__ import annotations

import threading
import time

import apsw
import pytest

import rowandb
from rowandb.sql.database import abandon_database
from test_storage_crash import assert_crash_sweep
from test_storage_support import CHECKPOINT, close

HEADER = ("user_version", "application_id", "schema_version")

WORKLOAD = [
    ["PRAGMA user_version = 1", "CREATE TABLE t(a)"],
    ["INSERT INTO t VALUES (1)", "PRAGMA application_id = 77", "PRAGMA user_version = 2"],
    [CHECKPOINT],
    ["PRAGMA user_version = '-3'"],
    ["CREATE INDEX ti ON t(a)", "PRAGMA user_version = 2147483647", "INSERT INTO t VALUES (2)"],
    [CHECKPOINT],
    ["DROP INDEX ti", "PRAGMA application_id = 0"],
    ["PRAGMA schema_version = 40", "PRAGMA user_version = 5"],
]


def state(execute) -> tuple:
    header = tuple(execute(f"PRAGMA {name}")[0][0] for name in HEADER)
    tables = [r[0] for r in execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
    rows = tuple(r[0] for r in execute("SELECT a FROM t ORDER BY a")) if "t" in tables else None
    return header, rows


def rowan_state(conn) -> tuple:
    return state(lambda sql: conn.execute(sql).fetchall())


@pytest.mark.parametrize("power_loss", [False, True])
def test_a_crash_at_every_io_operation_keeps_every_committed_value(tmp_path, power_loss):
    assert_crash_sweep(tmp_path, power_loss, WORKLOAD, state)


def test_values_survive_close_reopen_and_checkpoints(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("PRAGMA user_version = 7")
    conn.execute("PRAGMA application_id = 0x4d524f57")
    conn.execute("CREATE TABLE t(a)")
    close(conn)                                  # the last close checkpoints
    conn = rowandb.connect(path, isolation_level=None)
    assert rowan_state(conn) == ((7, 0x4D524F57, 1), ())
    conn.execute("PRAGMA user_version = 8")      # only in the log ...
    abandon_database(path)                       # ... when the process dies
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA user_version").fetchall() == [(8,)]
    assert conn.execute("PRAGMA storage_stats").fetchall()[0][7] == 1   # recovered
    conn.execute("PRAGMA wal_checkpoint")
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    assert rowan_state(conn) == ((8, 0x4D524F57, 1), ())
    close(conn)


def test_a_rolled_back_value_is_never_written(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("BEGIN")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("CREATE TABLE t(a)")
    conn.execute("ROLLBACK")
    conn.execute("BEGIN")
    conn.execute("PRAGMA application_id = 3")
    abandon_database(path)                       # never committed
    conn = rowandb.connect(path, isolation_level=None)
    assert rowan_state(conn) == ((1, 0, 0), None)
    close(conn)


def test_other_connections_see_a_value_once_it_is_committed(tmp_path):
    path = str(tmp_path / "db")
    a = rowandb.connect(path, isolation_level=None)
    b = rowandb.connect(path, isolation_level=None)
    a.execute("BEGIN")
    a.execute("PRAGMA user_version = 5")
    assert b.execute("PRAGMA user_version").fetchall() == [(0,)]
    b.execute("BEGIN")                           # b's snapshot: before a's commit
    assert b.execute("PRAGMA user_version").fetchall() == [(0,)]
    a.execute("COMMIT")
    assert b.execute("PRAGMA user_version").fetchall() == [(0,)]
    b.execute("COMMIT")
    assert b.execute("PRAGMA user_version").fetchall() == [(5,)]
    close(a)
    close(b)


def test_setting_a_value_waits_for_the_write_lock_as_long_as_busy_timeout(tmp_path):
    path = str(tmp_path / "db")
    a = rowandb.connect(path, isolation_level=None)
    b = rowandb.connect(path, isolation_level=None)
    assert b.execute("PRAGMA busy_timeout").fetchall() == [(5000,)]
    assert b.execute("PRAGMA busy_timeout = 0").fetchall() == [(0,)]
    a.execute("BEGIN IMMEDIATE")
    with pytest.raises(rowandb.OperationalError, match="database is locked"):
        b.execute("PRAGMA user_version = 1")
    assert b.execute("PRAGMA user_version").fetchall() == [(0,)]      # reading needs no lock
    a.execute("COMMIT")
    b.execute("PRAGMA user_version = 1")
    assert a.execute("PRAGMA user_version").fetchall() == [(1,)]
    close(a)
    close(b)


def test_busy_timeout_starts_at_connects_timeout(tmp_path):
    conn = rowandb.connect(str(tmp_path / "db"), timeout=0.25)
    assert conn.execute("PRAGMA busy_timeout").fetchall() == [(250,)]
    close(conn)
    conn = rowandb.connect(":memory:", timeout=2)
    assert conn.execute("PRAGMA busy_timeout").fetchall() == [(2000,)]


def test_busy_timeout_is_how_long_a_writer_waits(tmp_path):
    """The wait itself: 300 ms set by the pragma, then a lock freed within a longer one."""
    path = str(tmp_path / "db")
    a = rowandb.connect(path, isolation_level=None, check_same_thread=False)
    b = rowandb.connect(path, isolation_level=None, timeout=0)
    a.execute("CREATE TABLE t(x)")
    a.execute("BEGIN IMMEDIATE")
    assert b.execute("PRAGMA busy_timeout = 300").fetchall() == [(300,)]
    started = time.monotonic()
    with pytest.raises(rowandb.OperationalError, match="^database is locked$"):
        b.execute("INSERT INTO t VALUES (1)")
    assert 0.25 <= time.monotonic() - started < 3.0
    b.execute("PRAGMA busy_timeout = 20000")
    timer = threading.Timer(0.3, lambda: a.execute("COMMIT"))
    timer.start()
    started = time.monotonic()
    b.execute("INSERT INTO t VALUES (2)")            # waits for a's COMMIT, not 20 s
    assert time.monotonic() - started < 10.0
    timer.join()
    assert a.execute("SELECT x FROM t").fetchall() == [(2,)]
    close(a)
    close(b)


# -- data_version: other connections' commits --------------------------------------------
DATA_VERSION_STEPS = [
    ("a", "CREATE TABLE t(x)"), ("b", "INSERT INTO t VALUES (1)"),
    ("b", "INSERT INTO t VALUES (2)"), ("b", "INSERT INTO t VALUES (3)"),
    ("a", "SELECT 1"), ("b", "INSERT INTO t VALUES (4)"), ("a", "SELECT count(*) FROM t"),
    ("a", "PRAGMA user_version = 3"), ("a", "PRAGMA user_version = 3"),
    ("a", "BEGIN"), ("a", "SELECT count(*) FROM t"), ("b", "INSERT INTO t VALUES (5)"),
    ("a", "SELECT count(*) FROM t"), ("a", "COMMIT"), ("b", "BEGIN IMMEDIATE"),
    ("b", "INSERT INTO t VALUES (6)"), ("a", "SELECT count(*) FROM t"), ("b", "ROLLBACK"),
    ("b", "BEGIN"), ("b", "COMMIT"), ("b", "DELETE FROM t WHERE 0"),
    ("b", "UPDATE t SET x = x WHERE 0"), ("a", "INSERT INTO t VALUES (7)"),
    ("b", "CREATE INDEX ti ON t(x)"), ("b", "PRAGMA data_version = 9"),
]


def _data_versions(connect) -> list:
    """Each connection's data_version after every step, as a change from its first."""
    conns = {"a": connect(), "b": connect()}
    first = {k: c.execute("PRAGMA data_version").fetchall()[0][0] for k, c in conns.items()}
    seen = []
    for who, sql in DATA_VERSION_STEPS:
        cursor = conns[who].execute(sql)
        if not sql.startswith(("CREATE", "INSERT", "DELETE", "UPDATE", "BEGIN", "COMMIT",
                               "ROLLBACK", "PRAGMA user_version =")):
            cursor.fetchall()               # an unfinished SELECT keeps SQLite's snapshot
        seen.append(tuple(c.execute("PRAGMA data_version").fetchall()[0][0] - first[k]
                          for k, c in conns.items()))
    return seen, conns


def test_data_version_changes_with_other_connections_commits_only(tmp_path):
    """SQLite's contract: two readings differ if another connection committed a change in
    between, never for the connection's own commits, and not inside a read transaction.
    Compared from each connection's first reading (SQLite in WAL mode starts at 2)."""
    path = str(tmp_path / "db")
    mine, rowan = _data_versions(lambda: rowandb.connect(path, isolation_level=None))
    setup = apsw.Connection(str(tmp_path / "sqlite.db"))
    setup.execute("PRAGMA journal_mode = wal")
    theirs, apsw_conns = _data_versions(lambda: apsw.Connection(str(tmp_path / "sqlite.db")))
    assert mine == theirs
    # Where RowanDB differs: rows rewritten with the values they had are a change here;
    # SQLite's b-tree leaves a cell whose bytes are the same untouched, so when no index
    # entry is rewritten either, nothing changed.
    read = "PRAGMA data_version"
    for conns, moves in ((rowan, True), (apsw_conns, False)):
        conns["a"].execute("CREATE TABLE n(x)")
        conns["a"].execute("INSERT INTO n VALUES (1), (2)")
        before = conns["a"].execute(read).fetchall()
        conns["b"].execute("UPDATE n SET x = x")
        assert (conns["a"].execute(read).fetchall() != before) is moves
    for conn in rowan.values():
        close(conn)
    assert rowandb.connect(":memory:").execute(read).fetchall() == [(1,)]
