"""Crash testing, as SQLite does it: stop the workload at every I/O operation and recover.

For each N from 1 to the number of disk-changing operations the workload makes (writes,
fsyncs, renames, truncates, removes -- counted by ``FaultyVFS``), the workload runs until
operation N "crashes the process", the directory is reopened, and the state must equal
SQLite's state after some prefix of the transactions that includes every COMMIT that
returned. Variants: a torn last write with loss of everything not fsynced (power loss); a
second crash during recovery; I/O errors (disk full, EIO) instead of crashes; and real
SIGKILLs of a child process at random moments.

The process-crash and power-loss sweeps cover every N: the workload runs once and the
directory is copied, as the crash would leave it, before each operation (equivalent to
stopping there, since a crashed process does nothing more). Sweeps that really stop the
engine (cross-check, crash during recovery, I/O errors) take every few N unless
ROWANDB_SLOW_TESTS=1 makes them cover every N too.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import rowandb
from rowandb.sql.database import abandon_database
from rowandb.storage.faults import FaultyVFS, SimulatedCrash
from test_storage_support import (WORKLOAD, close, oracle_states, reopen_and_check,
                                  rowan_dump, run_workload)

SLOW = os.environ.get("ROWANDB_SLOW_TESTS") == "1"


@pytest.fixture(scope="module")
def states():
    return oracle_states()


@pytest.fixture(scope="module")
def operation_count(tmp_path_factory):
    vfs = FaultyVFS()
    returned, failure = run_workload(str(tmp_path_factory.mktemp("count") / "db"), vfs)
    assert failure is None
    return vfs.count


def _crash_at(path: str, n: int, **faults) -> tuple[int, BaseException | None]:
    vfs = FaultyVFS(at=n, mode="crash", **faults)
    returned, failure = run_workload(path, vfs)
    abandon_database(path)
    return returned, failure


def check_crash_images(root, power_loss: bool, workload) -> int:
    """Every crash image of ``workload`` reopens to a prefix of its transactions holding
    every COMMIT that returned, and passes integrity_check. Returns the number of images."""
    states = oracle_states(workload)
    images = crash_images(root, power_loss=power_loss, workload=workload)
    for image, returned in images:
        conn = rowandb.connect(image, isolation_level=None)
        try:
            found = rowan_dump(conn)
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            abandon_database(image)
        matches = [k for k, expected in enumerate(states) if expected == found]
        assert matches and max(matches) >= returned, (image, found, returned)
    return len(images)


def crash_images(root, power_loss: bool, workload=WORKLOAD) -> list[tuple[str, int]]:
    """Run the workload once; before every I/O operation N, copy the directory as a crash
    at N would leave it (the write at N half done). Returns (image, commits returned)."""
    path = str(root / "db")
    images = []
    progress: dict = {}
    vfs = FaultyVFS(power_loss=power_loss)

    def before(count, operation, target, data):
        if not os.path.isdir(path):
            return                       # nothing on disk yet: the image is "no database"
        image = str(root / f"image{count}")
        torn = None
        if operation == "write":
            payload, offset = data if isinstance(data, tuple) else (data, None)
            torn = (target, payload, offset)
        vfs.image(path, image, torn)
        images.append((image, progress["returned"]))

    vfs.before_operation = before
    returned, failure = run_workload(path, vfs, workload=workload, progress=progress)
    assert failure is None
    images.append((path, returned))
    return images


def assert_crash_sweep(root, power_loss: bool, workload, state) -> None:
    """A crash at every I/O operation of ``workload`` leaves a database that passes
    integrity_check and whose ``state(execute)`` is SQLite's after a prefix of the
    transactions, at least those that had returned; every prefix is seen."""
    states = oracle_states(workload, state)
    reached = set()
    for image, returned in crash_images(root, power_loss=power_loss, workload=workload):
        conn = rowandb.connect(image, isolation_level=None)
        try:
            found = state(lambda sql: conn.execute(sql).fetchall())
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            abandon_database(image)
        matches = [k for k, expected in enumerate(states) if expected == found]
        assert matches and max(matches) >= returned, (image, found, returned)
        reached.add(max(matches))
    assert reached == set(range(len(states)))


def test_stopping_at_every_io_operation_recovers_a_committed_prefix(tmp_path, states,
                                                                   operation_count):
    images = crash_images(tmp_path, power_loss=False)
    assert len(images) >= operation_count > 100     # the checkpoints' operations included
    reached = [reopen_and_check(image, states, returned) for image, returned in images]
    assert set(reached) == set(range(len(states)))  # crashes before and after every commit


def test_power_loss_at_every_io_operation_loses_only_unreturned_commits(tmp_path, states):
    images = crash_images(tmp_path, power_loss=True)
    reached = [reopen_and_check(image, states, returned) for image, returned in images]
    assert set(reached) == set(range(len(states)))


def test_really_stopping_the_engine_also_recovers_a_committed_prefix(tmp_path, states,
                                                                     operation_count):
    """Real stops (the engine really gets SimulatedCrash mid-write) next to the images."""
    step = 1 if SLOW else 9
    for n in range(1, operation_count + 1, step):
        path = str(tmp_path / f"db{n}")
        returned, failure = _crash_at(path, n, torn=True)
        assert isinstance(failure, SimulatedCrash), (n, failure)
        reopen_and_check(path, states, returned)


def test_a_crash_during_recovery_is_recovered_from(tmp_path, states, operation_count):
    crashes_in_recovery = 0
    step = 1 if SLOW else 7
    for n in range(1, operation_count + 1, step):
        path = str(tmp_path / f"db{n}")
        returned, _ = _crash_at(path, n, torn=True)
        vfs = FaultyVFS(at=1, mode="crash")
        try:
            close(rowandb.connect(path, vfs=vfs))
        except SimulatedCrash:
            crashes_in_recovery += 1
        abandon_database(path)
        reopen_and_check(path, states, returned)
    assert crashes_in_recovery > 0          # some recoveries really had work to crash in


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_io_errors_surface_as_database_errors_and_lose_nothing(tmp_path, states,
                                                              operation_count, code):
    step = 1 if SLOW else 8
    for n in range(1, operation_count + 1, step):
        path = str(tmp_path / f"db{n}")
        vfs = FaultyVFS(at=n, mode="error", errno=code)
        returned, failure = run_workload(path, vfs)
        assert failure is None or isinstance(failure, rowandb.DatabaseError), (n, failure)
        if failure is not None:
            assert os.strerror(code) in str(failure)
            assert "database or disk is full" in str(failure) or "disk I/O error" in str(failure)
        abandon_database(path)
        reopen_and_check(path, states, returned)


def test_persistent_disk_full_keeps_the_connection_usable_for_reads(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(x)")
    conn.execute("INSERT INTO t VALUES (1)")
    close(conn)
    vfs = FaultyVFS(at=1, mode="error", errno=errno.ENOSPC, persistent=True)
    conn = rowandb.connect(path, isolation_level=None, vfs=vfs)
    with pytest.raises(rowandb.OperationalError, match="database or disk is full"):
        conn.execute("INSERT INTO t VALUES (2)")
    assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]
    with pytest.raises(rowandb.OperationalError, match="database or disk is full"):
        conn.execute("INSERT INTO t VALUES (3)")
    abandon_database(path)
    conn = rowandb.connect(path)
    assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]
    close(conn)


# ---------------------------------------------------------------------------------------
# SIGKILL of a real process
# ---------------------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import sys
    sys.path[:0] = [{root!r}, {tests!r}]
    import rowandb
    conn = rowandb.connect({path!r}, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS k(id INTEGER PRIMARY KEY, v TEXT)")
    conn.execute("CREATE INDEX IF NOT EXISTS kv ON k(v)")
    start = conn.execute("SELECT count(*) FROM k").fetchall()[0][0]
    for i in range(start, start + 100000):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO k(id, v) VALUES (?, ?)", (i, "v%d" % i))
        if i % 7 == 0:
            conn.execute("UPDATE k SET v = v || '+' WHERE id = ?", (i - 3,))
        conn.execute("COMMIT")
        print(i, flush=True)
        if i % 50 == 0:
            conn.execute("PRAGMA wal_checkpoint")
""")


def test_sigkill_at_random_moments_keeps_every_returned_commit(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = str(tmp_path / "db")
    script = CHILD.format(root=root, tests=os.path.join(root, "tests"), path=path)
    rng = random.Random(4)
    last_returned = -1
    killed_after = []
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                 text=True)
        seen = [int(child.stdout.readline())]          # wait until it is committing
        deadline = time.monotonic() + rng.uniform(0.05, 0.6)
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            seen.append(int(line))
        child.send_signal(signal.SIGKILL)
        child.wait()
        seen += [int(line) for line in child.stdout.read().split()]
        assert child.returncode == -signal.SIGKILL
        last_returned = max(seen)
        conn = rowandb.connect(path, isolation_level=None)
        rows = conn.execute("SELECT id, v FROM k ORDER BY id").fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        close(conn)
        ids = [r[0] for r in rows]
        assert ids == list(range(len(ids))) and len(ids) - 1 >= last_returned
        killed_after.append(len(ids))
        for i, v in rows:
            bumps = 1 if (i + 3) % 7 == 0 and i + 3 < len(ids) else 0
            assert v == f"v{i}" + "+" * bumps
    assert killed_after == sorted(set(killed_after))     # every run committed more
