"""Several connections to one database in one process, from several threads.

A reader sees only committed data, with one snapshot per statement (per transaction after
BEGIN); one writer at a time, the others wait up to their ``timeout`` and then get
"database is locked"; a transaction whose snapshot went stale cannot start writing (SQLite's
BUSY_SNAPSHOT). Where SQLite has the same situation, the test runs it on SQLite too (two
apsw connections to one WAL database) and expects the same outcome. A stress test runs 8
threads of transfers, FK inserts/deletes, counters and readers and checks the invariants.
"""

from __future__ import annotations

import random
import threading
import time

import apsw
import pytest

import rowandb
from rowandb.sql.database import abandon_database
from rowandb.storage.faults import FaultyVFS
from test_storage_support import close


@pytest.fixture
def pair(tmp_path):
    """Two RowanDB connections and two SQLite (WAL) connections to fresh databases."""
    path = str(tmp_path / "db.rowan")
    a = rowandb.connect(path, isolation_level=None, timeout=0.2, check_same_thread=False)
    b = rowandb.connect(path, isolation_level=None, timeout=0.2, check_same_thread=False)
    sa = apsw.Connection(str(tmp_path / "db.sqlite"))
    sa.execute("PRAGMA journal_mode=WAL")
    sb = apsw.Connection(str(tmp_path / "db.sqlite"))
    for s in (sa, sb):
        s.execute("PRAGMA foreign_keys=ON")
        s.set_busy_timeout(200)
    yield (a, b), (sa, sb)
    for conn in (a, b):
        close(conn)
    sa.close()
    sb.close()


def _both(pair, who: int, sql: str, params=()):
    """Run ``sql`` on connection ``who`` of both engines; (rows or error class name) each."""
    (a, b), (sa, sb) = pair
    out = []
    for conn in ((a, b)[who], (sa, sb)[who]):
        try:
            cursor = conn.execute(sql, params)
            if isinstance(conn, apsw.Connection):
                out.append([tuple(r) for r in cursor])
            else:
                out.append(cursor.fetchall() if cursor.description else [])
        except (rowandb.OperationalError, apsw.BusyError) as error:
            out.append("locked" if "locked" in str(error) or isinstance(error, apsw.BusyError)
                       else repr(error))
    return out


def _same(pair, who, sql, params=()):
    rowan, sqlite = _both(pair, who, sql, params)
    assert rowan == sqlite, (sql, rowan, sqlite)
    return rowan


def test_readers_see_only_committed_data_like_sqlite(pair):
    _same(pair, 0, "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
    _same(pair, 0, "INSERT INTO t VALUES (1, 'one')")
    _same(pair, 0, "BEGIN")
    _same(pair, 0, "INSERT INTO t VALUES (2, 'two')")
    _same(pair, 0, "UPDATE t SET b = 'ONE' WHERE a = 1")
    assert _same(pair, 1, "SELECT * FROM t ORDER BY a") == [(1, "one")]
    assert _same(pair, 0, "SELECT * FROM t ORDER BY a") == [(1, "ONE"), (2, "two")]
    _same(pair, 0, "DELETE FROM t WHERE a = 1")
    assert _same(pair, 1, "SELECT b FROM t WHERE a = 1") == [("one",)]
    _same(pair, 0, "COMMIT")
    assert _same(pair, 1, "SELECT * FROM t ORDER BY a") == [(2, "two")]


def test_uncommitted_ddl_is_invisible_to_other_connections(pair):
    _same(pair, 0, "CREATE TABLE t(x)")
    _same(pair, 0, "INSERT INTO t VALUES (1)")
    _same(pair, 0, "BEGIN")
    _same(pair, 0, "CREATE TABLE fresh(y)")
    _same(pair, 0, "DROP TABLE t")
    (a, b), _ = pair
    with pytest.raises(rowandb.OperationalError, match="no such table: fresh"):
        b.execute("SELECT * FROM fresh")
    assert b.execute("SELECT * FROM t").fetchall() == [(1,)]
    _same(pair, 0, "COMMIT")
    assert b.execute("SELECT count(*) FROM fresh").fetchall() == [(0,)]
    with pytest.raises(rowandb.OperationalError, match="no such table: t"):
        b.execute("SELECT * FROM t")


def test_a_transaction_keeps_its_snapshot_like_sqlite(pair):
    _same(pair, 0, "CREATE TABLE t(x)")
    _same(pair, 0, "INSERT INTO t VALUES (1)")
    _same(pair, 1, "BEGIN")
    assert _same(pair, 1, "SELECT count(*) FROM t") == [(1,)]
    _same(pair, 0, "INSERT INTO t VALUES (2)")
    _same(pair, 0, "DELETE FROM t WHERE x = 1")
    assert _same(pair, 1, "SELECT x FROM t") == [(1,)]
    assert _same(pair, 1, "INSERT INTO t VALUES (3)") == "locked"     # BUSY_SNAPSHOT
    _same(pair, 1, "COMMIT")
    assert _same(pair, 1, "SELECT x FROM t ORDER BY x") == [(2,)]


def test_a_snapshot_survives_drop_and_id_reuse(tmp_path):
    path = str(tmp_path / "db")
    a = rowandb.connect(path, isolation_level=None, file_id_bits=6)   # 63 ids, 31 reserved
    b = rowandb.connect(path, isolation_level=None, file_id_bits=6)
    a.execute("CREATE TABLE old(x)")
    a.execute("INSERT INTO old VALUES ('old row')")
    b.execute("BEGIN")
    assert b.execute("SELECT x FROM old").fetchall() == [("old row",)]
    a.execute("DROP TABLE old")
    for n in range(40):                          # 32 free ids: the old one comes back
        a.execute(f"CREATE TABLE n{n}(x)")
        a.execute(f"INSERT INTO n{n} VALUES ('new {n}')")
        a.execute(f"DROP TABLE n{n}")
    assert b.execute("SELECT x FROM old").fetchall() == [("old row",)]
    b.execute("COMMIT")
    with pytest.raises(rowandb.OperationalError, match="no such table: old"):
        b.execute("SELECT x FROM old")
    close(a)
    close(b)


def test_a_snapshot_reads_a_dropped_table_that_was_never_loaded(tmp_path):
    path = str(tmp_path / "db")
    setup = rowandb.connect(path, isolation_level=None)
    setup.execute("CREATE TABLE big(x)")
    setup.execute("CREATE TABLE other(y)")
    setup.executemany("INSERT INTO big VALUES (?)", [(i,) for i in range(100)])
    close(setup)                                     # checkpointed: big is on disk only
    a = rowandb.connect(path, isolation_level=None)
    b = rowandb.connect(path, isolation_level=None)
    b.execute("BEGIN")
    b.execute("SELECT * FROM other").fetchall()      # pins the snapshot, big stays unloaded
    a.execute("DROP TABLE big")
    a.execute("PRAGMA wal_checkpoint")               # the data file goes away
    assert b.execute("SELECT count(*), sum(x) FROM big").fetchall() == [(100, 4950)]
    b.execute("COMMIT")
    close(a)
    close(b)


def test_a_second_writer_waits_for_the_timeout_then_gets_locked(pair):
    (a, b), _ = pair
    a.execute("CREATE TABLE t(x)")
    a.execute("BEGIN")
    a.execute("INSERT INTO t VALUES (1)")
    started = time.monotonic()
    with pytest.raises(rowandb.OperationalError, match="^database is locked$"):
        b.execute("INSERT INTO t VALUES (2)")
    assert 0.15 <= time.monotonic() - started < 2.0
    assert b.execute("SELECT count(*) FROM t").fetchall() == [(0,)]
    a.execute("COMMIT")
    b.execute("INSERT INTO t VALUES (2)")
    assert a.execute("SELECT x FROM t ORDER BY x").fetchall() == [(1,), (2,)]


def test_a_waiting_writer_proceeds_when_the_writer_commits(tmp_path):
    path = str(tmp_path / "db")
    a = rowandb.connect(path, isolation_level=None)
    b = rowandb.connect(path, isolation_level=None, timeout=10.0, check_same_thread=False)
    a.execute("CREATE TABLE t(x)")
    a.execute("BEGIN")
    a.execute("INSERT INTO t VALUES (1)")
    done = []
    waiter = threading.Thread(target=lambda: done.append(
        b.execute("INSERT INTO t SELECT count(*) + 10 FROM t").rowcount))
    waiter.start()
    time.sleep(0.2)
    assert not done                               # still waiting for the write lock
    a.execute("COMMIT")
    waiter.join(5)
    assert done == [1]
    assert a.execute("SELECT x FROM t ORDER BY x").fetchall() == [(1,), (11,)]   # saw the commit
    close(a)
    close(b)


class SlowSyncVFS(FaultyVFS):
    """Every fsync takes 50 ms: long enough for another thread to act in the middle."""

    def open(self, path, mode):
        file = super().open(path, mode)
        original = file.fsync

        def slow():
            time.sleep(0.05)
            original()
        file.fsync = file.datasync = slow
        return file

    def fsync_dir(self, path):
        time.sleep(0.05)
        super().fsync_dir(path)


def test_a_checkpoint_never_writes_out_uncommitted_changes(tmp_path):
    path = str(tmp_path / "db")
    vfs = SlowSyncVFS()
    a = rowandb.connect(path, isolation_level=None, vfs=vfs, check_same_thread=False)
    b = rowandb.connect(path, isolation_level=None, vfs=vfs, timeout=10.0)
    a.execute("PRAGMA synchronous = NORMAL")     # the checkpoint's first step syncs the log,
    a.execute("CREATE TABLE t(x)")               # letting other connections run meanwhile
    a.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(5)])
    checkpointing = threading.Thread(target=lambda: a.execute("PRAGMA wal_checkpoint"))
    checkpointing.start()
    time.sleep(0.02)                                # the checkpoint is inside an fsync
    b.execute("BEGIN")
    b.execute("INSERT INTO t VALUES ('uncommitted')")   # waits for the checkpoint
    checkpointing.join()
    a.execute("PRAGMA wal_checkpoint")              # busy: b's transaction is open
    abandon_database(path)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT x FROM t ORDER BY rowid").fetchall() == [(i,) for i in range(5)]
    close(conn)


def test_begin_immediate_takes_the_write_lock_at_once(pair):
    _same(pair, 0, "CREATE TABLE t(x)")
    _same(pair, 0, "BEGIN IMMEDIATE")
    assert _same(pair, 1, "BEGIN IMMEDIATE") == "locked"
    assert _same(pair, 1, "SELECT count(*) FROM t") == [(0,)]
    _same(pair, 0, "COMMIT")
    _same(pair, 1, "BEGIN EXCLUSIVE")
    _same(pair, 1, "INSERT INTO t VALUES (1)")
    _same(pair, 1, "COMMIT")


def test_deeply_nested_savepoints_and_rollback_to(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    sq = apsw.Connection(":memory:")
    for engine in (conn, sq):
        engine.execute("CREATE TABLE t(depth, v)")
        engine.execute("BEGIN")
        for depth in range(60):
            engine.execute(f"SAVEPOINT s{depth}")
            engine.execute("INSERT INTO t VALUES (?, ?)", (depth, "x" * depth))
        engine.execute("ROLLBACK TO s40")
        engine.execute("UPDATE t SET v = 'changed' WHERE depth % 7 = 0")
        engine.execute("RELEASE s20")
        engine.execute("SAVEPOINT again")
        engine.execute("DELETE FROM t WHERE depth < 5")
        engine.execute("ROLLBACK TO again")
        engine.execute("COMMIT")
    expected = list(sq.execute("SELECT * FROM t ORDER BY depth"))
    close(conn)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT * FROM t ORDER BY depth").fetchall() == [tuple(r) for r in expected]
    close(conn)


# ---------------------------------------------------------------------------------------
# stress: 8 threads
# ---------------------------------------------------------------------------------------

ACCOUNTS, TOTAL, OPERATIONS = 20, 20 * 1000, 60


def _retrying(conn, work):
    for _ in range(200):
        try:
            return work()
        except rowandb.OperationalError as error:
            if "locked" not in str(error):
                raise
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            time.sleep(0.001)
    raise AssertionError("could not get the write lock in 200 tries")


def _worker(path, number, failures, counts):
    rng = random.Random(number)
    conn = rowandb.connect(path, isolation_level=None, timeout=2.0)
    try:
        for _ in range(OPERATIONS):
            kind = rng.choice(["transfer", "transfer", "child", "counter", "read"])
            if kind == "transfer":
                src, dst = rng.sample(range(ACCOUNTS), 2)
                amount = rng.randint(1, 50)

                def transfer():
                    conn.execute("BEGIN")
                    conn.execute("UPDATE account SET balance = balance - ? WHERE id = ?",
                                 (amount, src))
                    conn.execute("UPDATE account SET balance = balance + ? WHERE id = ?",
                                 (amount, dst))
                    conn.execute("COMMIT")
                _retrying(conn, transfer)
            elif kind == "child":
                owner = rng.randrange(ACCOUNTS)
                _retrying(conn, lambda: conn.execute(
                    "INSERT INTO note(account, text) VALUES (?, ?)", (owner, f"t{number}")))
                _retrying(conn, lambda: conn.execute(
                    "DELETE FROM note WHERE id IN (SELECT min(id) FROM note WHERE text = ?)",
                    (f"t{number}",)) if rng.random() < 0.3 else None)
            elif kind == "counter":
                def bump():
                    conn.execute("BEGIN IMMEDIATE")
                    value = conn.execute("SELECT n FROM counter").fetchall()[0][0]
                    conn.execute("UPDATE counter SET n = ?", (value + 1,))
                    conn.execute("COMMIT")
                _retrying(conn, bump)
                counts[number] += 1
            else:
                conn.execute("BEGIN")
                first = conn.execute("SELECT sum(balance) FROM account").fetchall()[0][0]
                orphans = conn.execute("SELECT count(*) FROM note WHERE account NOT IN "
                                       "(SELECT id FROM account)").fetchall()[0][0]
                second = conn.execute("SELECT sum(balance) FROM account").fetchall()[0][0]
                conn.execute("COMMIT")
                if (first, second, orphans) != (TOTAL, TOTAL, 0):
                    failures.append((first, second, orphans))
    except Exception as error:                              # pragma: no cover - reported
        failures.append(repr(error))
    finally:
        close(conn)


def test_eight_threads_keep_every_invariant(tmp_path):
    path = str(tmp_path / "bank.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE account(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)")
    conn.execute("CREATE TABLE note(id INTEGER PRIMARY KEY, account INTEGER NOT NULL "
                 "REFERENCES account(id), text TEXT)")
    conn.execute("CREATE INDEX note_account ON note(account)")
    conn.execute("CREATE TABLE counter(n INTEGER)")
    conn.execute("INSERT INTO counter VALUES (0)")
    conn.executemany("INSERT INTO account VALUES (?, ?)",
                     [(i, TOTAL // ACCOUNTS) for i in range(ACCOUNTS)])
    failures: list = []
    counts = [0] * 8
    threads = [threading.Thread(target=_worker, args=(path, n, failures, counts))
               for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    assert conn.execute("SELECT sum(balance) FROM account").fetchall() == [(TOTAL,)]
    assert conn.execute("SELECT n FROM counter").fetchall() == [(sum(counts),)]  # no lost update
    close(conn)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT sum(balance) FROM account").fetchall() == [(TOTAL,)]
    assert conn.execute("SELECT n FROM counter").fetchall() == [(sum(counts),)]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM note WHERE account NOT IN "
                        "(SELECT id FROM account)").fetchall() == [(0,)]
    close(conn)
