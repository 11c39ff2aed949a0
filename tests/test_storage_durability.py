"""Durable storage through the DB-API: what commits survives, what does not commit vanishes,
checkpoints trim the log, tables load lazily and leave the cache, synchronous levels and
group commit behave as documented. States are compared with SQLite's (apsw) after the same
transactions.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

import rowandb
from rowandb.sql.database import abandon_database
from rowandb.storage.faults import FaultyVFS
from test_storage_support import CHECKPOINT, WORKLOAD, close, oracle_states, rowan_dump


def _stats(conn) -> dict:
    cur = conn.execute("PRAGMA storage_stats")
    return dict(zip([d[0] for d in cur.description], cur.fetchall()[0]))


def test_every_transaction_survives_restarts_and_crashes(tmp_path):
    states = oracle_states()
    path = str(tmp_path / "app.rowan")
    done = 0
    for number, statements in enumerate(WORKLOAD):
        conn = rowandb.connect(path, isolation_level=None)
        assert rowan_dump(conn) == states[done]
        if statements != [CHECKPOINT]:
            conn.execute("BEGIN")
            for sql in statements:
                conn.execute(sql)
            conn.execute("COMMIT")
            done += 1
        else:
            conn.execute(CHECKPOINT)
        if number % 2:
            abandon_database(path)          # a crash: nothing written at close
        else:
            close(conn)                     # a clean close: checkpoint
    conn = rowandb.connect(path)
    assert rowan_dump(conn) == states[-1]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)


def test_uncommitted_and_rolled_back_work_is_not_recovered(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(x INTEGER PRIMARY KEY, y)")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (1, 'kept')")
    conn.execute("SAVEPOINT s")
    conn.execute("INSERT INTO t VALUES (2, 'undone')")
    conn.execute("CREATE TABLE gone(z)")
    conn.execute("ROLLBACK TO s")
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (3, 'never committed')")
    conn.execute("CREATE TABLE never(z)")
    abandon_database(path)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT * FROM t").fetchall() == [(1, "kept")]
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_schema").fetchall()] == ["t"]
    assert _stats(conn)["recovered_transactions"] == 2
    close(conn)


def test_checkpoint_writes_files_trims_the_log_and_removes_old_ones(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)")
    conn.execute("CREATE INDEX ty ON t(y)")
    conn.executemany("INSERT INTO t(y) VALUES (?)", [(f"v{i}",) for i in range(100)])
    assert _stats(conn)["log_bytes"] > 0
    busy, log_pages, done = conn.execute(CHECKPOINT).fetchall()[0]
    assert busy == 0 and log_pages == done > 0
    assert _stats(conn)["log_bytes"] == 0
    names = sorted(os.listdir(path))
    assert "redo-2.log" in names and "redo-1.log" not in names
    assert sum(n.endswith(".rowan") for n in names) >= 3       # t, ty and dictionary files
    conn.execute("DELETE FROM t WHERE x <= 50")
    conn.execute(CHECKPOINT)
    after = sorted(os.listdir(path))
    assert "redo-3.log" in after and "redo-2.log" not in after
    assert len([n for n in after if n.startswith("tbl-15-")]) == 1   # the old version is gone
    abandon_database(path)
    conn = rowandb.connect(path)
    assert _stats(conn)["recovered_transactions"] == 0
    assert conn.execute("SELECT count(*), min(x) FROM t").fetchall() == [(50, 51)]
    assert conn.execute("SELECT x FROM t WHERE y = 'v77'").fetchall() == [(78,)]
    close(conn)


def test_autocheckpoint_runs_when_the_log_passes_its_size(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchall() == [(1000,)]
    conn.execute("PRAGMA wal_autocheckpoint = 2")
    conn.execute("CREATE TABLE t(x)")
    for i in range(60):
        conn.execute("INSERT INTO t VALUES (?)", ("x" * 200,))
    stats = _stats(conn)
    assert stats["checkpoints"] >= 1 and stats["log_bytes"] < 2 * 4096 + 1024
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    before = _stats(conn)["checkpoints"]
    for i in range(60):
        conn.execute("INSERT INTO t VALUES (?)", ("x" * 200,))
    assert _stats(conn)["checkpoints"] == before
    close(conn)


def test_autocheckpoint_waits_for_a_log_as_long_as_the_files_it_rewrites(tmp_path):
    """A checkpoint writes a changed table's file whole, so the automatic one also waits
    until the log is as long as the data files it would rewrite: small changes to a large
    table do not rewrite it after every wal_autocheckpoint pages (work per changed row
    growing with the table). The answers never depend on when it runs."""
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE big(k INTEGER PRIMARY KEY, v)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO big VALUES (?, ?)", [(i, "v" * 100) for i in range(2000)])
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint")
    table_bytes = sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path)
                      if name.startswith("tbl-"))
    conn.execute("PRAGMA wal_autocheckpoint = 2")       # 8 KB, far below the table
    before = _stats(conn)["checkpoints"]
    k = 0
    while _stats(conn)["log_bytes"] < table_bytes - 4096:
        conn.execute("UPDATE big SET v = v || 'x' WHERE k BETWEEN ? AND ?", (k, k + 9))
        k += 10
        assert _stats(conn)["checkpoints"] == before     # the log is shorter than the file
    for _ in range(40):
        conn.execute("UPDATE big SET v = v || 'y' WHERE k BETWEEN ? AND ?", (k, k + 9))
        k += 10
    assert _stats(conn)["checkpoints"] > before
    expected = conn.execute("SELECT sum(length(v)), count(*) FROM big").fetchall()
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute("SELECT sum(length(v)), count(*) FROM big").fetchall() == expected
    close(conn)


def test_tables_load_when_first_used_and_leave_the_cache(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for t in range(40):
        conn.execute(f"CREATE TABLE t{t}(a INTEGER PRIMARY KEY, b)")
        conn.execute(f"INSERT INTO t{t}(b) VALUES ({t}), ({t * 2})")
    conn.execute("COMMIT")
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    loaded_at_open = _stats(conn)["loaded_files"]
    assert loaded_at_open <= 14                     # the dictionary at most, no user table
    assert conn.execute("SELECT sum(b) FROM t7").fetchall() == [(21,)]
    assert _stats(conn)["loaded_files"] <= loaded_at_open + 1 + 14
    conn.execute("PRAGMA file_cache_size = 5")
    for t in range(40):
        assert conn.execute(f"SELECT sum(b) FROM t{t}").fetchall() == [(3 * t,)]
        conn.execute("SELECT 1")                    # a statement boundary
    stats = _stats(conn)
    assert stats["evictions"] > 0 and stats["loaded_files"] <= 5 + 14 + 1
    assert conn.execute("SELECT b FROM t3 ORDER BY a").fetchall() == [(3,), (6,)]
    conn.execute("UPDATE t3 SET b = b + 1")         # a reloaded table can change again
    close(conn)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT b FROM t3 ORDER BY a").fetchall() == [(4,), (7,)]
    close(conn)


@pytest.mark.parametrize("level, per_commit", [("FULL", 1), ("NORMAL", 0), ("OFF", 0)])
def test_synchronous_levels_decide_the_fsyncs(tmp_path, level, per_commit):
    path = str(tmp_path / "db")
    vfs = FaultyVFS()
    conn = rowandb.connect(path, isolation_level=None, vfs=vfs)
    conn.execute(f"PRAGMA synchronous = {level}")
    assert conn.execute("PRAGMA synchronous").fetchall() == [({"FULL": 2, "NORMAL": 1,
                                                                "OFF": 0}[level],)]
    conn.execute("CREATE TABLE t(x)")
    before = sum(op == "fsync" for op, _ in vfs.log)
    for i in range(10):
        conn.execute("INSERT INTO t VALUES (?)", (i,))
    assert sum(op == "fsync" for op, _ in vfs.log) - before == 10 * per_commit
    before = sum(op == "fsync" for op, _ in vfs.log)
    conn.execute(CHECKPOINT)
    checkpoint_fsyncs = sum(op == "fsync" for op, _ in vfs.log) - before
    assert (checkpoint_fsyncs == 0) == (level == "OFF")
    close(conn)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT count(*) FROM t").fetchall() == [(10,)]
    close(conn)


class SlowSyncVFS(FaultyVFS):
    """fsync takes a while, as on a real disk, so concurrent committers pile up."""

    def __init__(self):
        super().__init__()
        self.commits_synced = 0

    def open(self, path, mode):
        file = super().open(path, mode)
        original = file.fsync

        def slow_fsync():
            time.sleep(0.01)
            original()
        file.fsync = file.datasync = slow_fsync
        return file


def test_concurrent_commits_share_fsyncs(tmp_path):
    path = str(tmp_path / "db")
    vfs = SlowSyncVFS()
    setup = rowandb.connect(path, isolation_level=None, vfs=vfs, check_same_thread=False)
    setup.execute("CREATE TABLE t(thread, n)")
    before = setup.execute("PRAGMA storage_stats").fetchall()[0][5]
    errors = []

    def work(number):
        try:
            conn = rowandb.connect(path, isolation_level=None, vfs=vfs)
            for i in range(15):
                conn.execute("INSERT INTO t VALUES (?, ?)", (number, i))
            close(conn)
        except Exception as error:                 # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    fsyncs = setup.execute("PRAGMA storage_stats").fetchall()[0][5] - before
    assert setup.execute("SELECT count(*) FROM t").fetchall() == [(90,)]
    assert fsyncs < 90 * 0.8, fsyncs               # grouped: fewer fsyncs than commits
    close(setup)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT thread, count(*) FROM t GROUP BY thread").fetchall() == \
        [(n, 15) for n in range(6)]
    close(conn)
