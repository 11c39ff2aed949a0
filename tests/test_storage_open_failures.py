"""Opening a database: a failed open gives back everything it took, and a connection
dropped without ``close()`` never makes the next open wait forever (issue 8).

The hang: a connection dropped after an error, in a reference cycle, was finalized by a
garbage collection that happened inside the next ``connect``; its finalizer waited for the
registry lock that ``connect`` held, in the same thread. ``CollectingLock`` makes that
collection happen every time. Every open runs in a worker thread with a time limit, inside a
child process, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import fcntl
import gc
import os
import subprocess
import sys
import threading
import traceback

import pytest

import rowandb
from rowandb.sql import database as dbmod
from rowandb.storage.vfs import OsVFS, VFSFile
from test_storage_support import close

HERE = os.path.dirname(os.path.abspath(__file__))
ATTEMPT_SECONDS = 30          # one open and its statements; normally well under a second
LOOP_SECONDS = 600            # a whole test, in its child process

SCHEMA = [
    "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE)",
    "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id), v TEXT NOT NULL)",
    "CREATE INDEX c_v ON c(v)",
]
# The last transaction of the "crashed" database: only in its redo log (not checkpointed),
# so opening replays it and loads the files it touches: p, c and all their indexes.
TAIL = ["INSERT INTO p VALUES (100, 'hundred')", "INSERT INTO c VALUES (100, 100, 'v100')",
        "UPDATE c SET v = 'w3' WHERE id = 3"]


def build(path: str, crashed: bool) -> None:
    """The database; ``crashed``: TAIL committed but only in the log (the process died)."""
    conn = rowandb.connect(path, isolation_level=None)
    for sql in SCHEMA:
        conn.execute(sql)
    conn.executemany("INSERT INTO p VALUES (?, ?)", [(i, f"n{i}") for i in range(20)])
    conn.executemany("INSERT INTO c VALUES (?, ?, ?)",
                     [(i, i % 20, f"v{i}") for i in range(50)])
    close(conn)                                     # checkpointed: every file on disk
    if crashed:
        conn = rowandb.connect(path, isolation_level=None)
        conn.execute("BEGIN")
        for sql in TAIL:
            conn.execute(sql)
        conn.execute("COMMIT")
        dbmod.abandon_database(path)


def read_all(path: str) -> dict:
    return {name: open(os.path.join(path, name), "rb").read() for name in os.listdir(path)}


def restore(path: str, saved: dict) -> None:
    """Put the directory back as ``saved``, file by file, in place."""
    for name in os.listdir(path):
        if name not in saved:
            os.remove(os.path.join(path, name))
    for name, data in saved.items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)


def in_thread(function, *args):
    """``function(*args)`` in a worker thread; a hang past ATTEMPT_SECONDS ends the process
    with every thread's stack on stderr (the hang is the failure; nothing else can run)."""
    box: list = []

    def run():
        try:
            box.append(("ok", function(*args)))
        except BaseException as error:                 # reported by the caller
            box.append(("raised", error, traceback.format_exc()))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(ATTEMPT_SECONDS)
    if worker.is_alive():
        import faulthandler
        print(f"HANG: {function.__name__}{args} still running after {ATTEMPT_SECONDS} s",
              file=sys.stderr, flush=True)
        faulthandler.dump_traceback(all_threads=True)
        os._exit(3)
    if box[0][0] == "raised":
        raise AssertionError(f"{function.__name__}{args} raised:\n{box[0][2]}")
    return box[0][1]


def open_fds() -> set:
    return set(os.listdir("/proc/self/fd"))


class CollectingLock:
    """The registry lock, running a garbage collection each time it is taken: the moment
    at which, by chance, the hang of issue 8 happened (a dropped connection's finalizer ran
    inside ``connect`` and waited for the lock ``connect`` held)."""

    def __init__(self, lock):
        self.lock = lock

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        taken = self.lock.acquire(blocking, timeout)
        if taken:
            gc.collect()
        return taken

    def release(self) -> None:
        self.lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def in_child(function: str, *args):
    """Run ``function(*args)`` of this module in a child process: a hang there (which
    ``in_thread`` turns into exit status 3 and every thread's stack) cannot stall the
    suite. Returns what the function printed last."""
    script = (f"import sys; sys.path[:0] = [{os.getcwd()!r}, {HERE!r}]\n"
              "import test_storage_open_failures as t\n"
              f"print(t.{function}(*{args!r}))\n")
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=LOOP_SECONDS)
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-8000:]
    return child.stdout.split()[-1]


# -- failures inside open, one at a time ----------------------------------------------


class FailAt(OsVFS):
    """Fails the Nth file-system call (of the VFS or of a file it opened) with EIO."""

    def __init__(self, at: int | None):
        self.at = at
        self.count = 0

    def tick(self, what: str) -> None:
        self.count += 1
        if self.count == self.at:
            raise OSError(5, f"Input/output error (injected at {what})")

    def __getattribute__(self, name):
        attribute = object.__getattribute__(self, name)
        if name in ("open", "read_file", "rename", "remove", "listdir", "mkdir", "fsync_dir",
                    "exists", "is_dir"):
            def call(*args, **kwargs):
                self.tick(name)
                result = attribute(*args, **kwargs)
                return FailingFile(result, self) if name == "open" else result
            return call
        return attribute


class FailingFile:
    def __init__(self, file: VFSFile, vfs: FailAt):
        self._file = file
        self._vfs = vfs

    def __getattr__(self, name):
        attribute = getattr(self._file, name)
        if callable(attribute) and name != "close":
            def call(*args, **kwargs):
                self._vfs.tick(f"file.{name}")
                return attribute(*args, **kwargs)
            return call
        return attribute

    def close(self):
        self._file.close()


def lock_is_free(path: str) -> bool:
    fd = os.open(os.path.join(path, "LOCK"), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.mark.parametrize("crashed", [False, True], ids=["closed", "crashed"])
def test_a_failure_at_any_file_operation_of_open_releases_everything(tmp_path, crashed):
    assert int(in_child("fail_each_operation", str(tmp_path / "db"), crashed)) > 10


def fail_each_operation(path: str, crashed: bool) -> int:
    """Open ``path`` once for every file-system call that opening makes, failing that one;
    each failure must be a DatabaseError and leave nothing held. Returns the calls."""
    build(path, crashed)
    saved = read_all(path)
    counter = FailAt(None)
    close(rowandb.connect(path, vfs=counter))
    restore(path, saved)
    fds = open_fds()
    for n in range(1, counter.count + 1):
        error = in_thread(open_and_count, path, FailAt(n))
        if isinstance(error, Exception):
            assert isinstance(error, rowandb.DatabaseError), f"operation {n}: {error!r}"
            assert "Input/output error" in str(error), f"operation {n}: {error!r}"
        assert os.path.realpath(path) not in dbmod._REGISTRY, f"operation {n}"
        assert lock_is_free(path), f"operation {n}: the process lock is still held"
        assert open_fds() == fds, f"operation {n}: file descriptors leaked"
        restore(path, saved)
        assert in_thread(open_and_count, path, None) == (51 if crashed else 50)
        restore(path, saved)
    return counter.count


def open_and_count(path: str, vfs):
    """The rows of c through a new connection (closed again), or the error of the open."""
    try:
        conn = rowandb.connect(path, vfs=vfs)
    except Exception as error:
        return error
    try:
        return conn.execute("SELECT count(*) FROM c").fetchall()[0][0]
    except Exception as error:
        return error
    finally:
        close(conn)


def test_a_connection_collected_inside_connect_is_released_after_it(tmp_path):
    assert in_child("collect_inside_connect", str(tmp_path)) == "released"


def collect_inside_connect(base: str) -> str:
    """The hang of issue 8, alone: a dropped connection that only the garbage collector can
    free, and a collection that happens inside the next ``connect``, to another database."""
    first, second = os.path.join(base, "first"), os.path.join(base, "second")
    build(first, crashed=False)
    fds = open_fds()

    def drop_in_a_cycle():
        conn = rowandb.connect(first)
        conn.execute("SELECT count(*) FROM c").fetchall()
        cycle = [conn]
        cycle.append(cycle)

    def connect_second():
        close(rowandb.connect(second))

    gc.collect()
    gc.disable()                  # the collection comes exactly where the lock makes it
    drop_in_a_cycle()
    assert not lock_is_free(first)
    dbmod._REGISTRY_LOCK = CollectingLock(dbmod._REGISTRY_LOCK)
    in_thread(connect_second)
    assert lock_is_free(first), "the dropped connection still holds its directory"
    assert os.path.realpath(first) not in dbmod._REGISTRY and not dbmod._DROPPED
    assert open_fds() == fds
    return "released"


@pytest.mark.parametrize("path", ["a\x00b", "a\ud800b"], ids=["nul", "surrogate"])
def test_a_path_the_system_cannot_take_is_unable_to_open(tmp_path, path):
    with pytest.raises(rowandb.OperationalError, match="^unable to open database file: "):
        rowandb.connect(str(tmp_path / path))
