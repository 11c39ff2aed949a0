"""Opening a damaged database: a failed open gives back everything it took, and damage is
reported -- by the open, by the statement that reads the file, or by PRAGMA integrity_check
-- never answered with wrong rows (issue 8).

The main test damages every file of a small database in turn (truncated, one byte flipped,
emptied, deleted), opens it and runs a fixed set of statements, restores the file and opens
it again. Every open and statement must either answer exactly as on the intact database or
fail with a PEP 249 error naming the damaged file; integrity_check must name every damaged
table or index file; after the restore everything must work again in the same process,
with no file descriptor, thread or lock left behind.

That loop used to hang at the sixth or seventh reopen: a connection dropped after an error,
in a reference cycle, was finalized by a garbage collection that happened inside the next
``connect``; its finalizer waited for the registry lock that ``connect`` held, in the same
thread. ``CollectingLock`` makes that collection happen every time. Every open runs in a
worker thread with a time limit, inside a child process, so a hang fails the test instead
of stalling the suite.
"""

from __future__ import annotations

import faulthandler
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
# Each probe runs in a transaction of its own that is rolled back, so a failing one leaves
# nothing behind for the next.
PROBES = [
    ["SELECT * FROM p ORDER BY id"],
    ["SELECT id FROM p WHERE name = 'n7'"],                      # the UNIQUE autoindex
    ["SELECT id, v FROM c WHERE v = 'v4'"],                      # index c_v
    ["SELECT count(*), sum(pid) FROM c"],
    ["SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"],
    ["PRAGMA index_list(c)", "PRAGMA foreign_key_list(c)", "PRAGMA table_info(p)"],
    ["INSERT INTO c VALUES (1000, 5, 'new')", "SELECT * FROM c WHERE id >= 999"],
    ["INSERT INTO c VALUES (1001, 999, 'orphan')"],              # a foreign-key failure
    ["DELETE FROM p WHERE id = 6"],                              # a child still refers to it
    ["CREATE TABLE z(a UNIQUE)", "CREATE INDEX z_a ON z(a)", "DROP TABLE z",
     "SELECT name FROM sqlite_schema ORDER BY name"],
    ["DROP INDEX c_v", "SELECT count(*) FROM c WHERE v = 'v4'"],
]
DAMAGES = ("truncate", "flip", "empty", "delete")


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
    """Put the directory back as ``saved``, file by file, in place (only what differs)."""
    for name in os.listdir(path):
        if name not in saved:
            os.remove(os.path.join(path, name))
    for name, data in saved.items():
        target = os.path.join(path, name)
        if os.path.exists(target):
            with open(target, "rb") as f:
                if f.read() == data:
                    continue
        with open(target, "wb") as f:
            f.write(data)


def damage(path: str, name: str, how: str, data: bytes) -> None:
    target = os.path.join(path, name)
    if how == "delete":
        os.remove(target)
        return
    if how == "truncate":
        data = data[:len(data) // 2]
    elif how == "flip":
        middle = len(data) // 2
        data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]
    else:
        data = b""
    with open(target, "wb") as f:
        f.write(data)


class Failed:
    """A probe's error, equal to another of the same class and message."""

    def __init__(self, error: Exception):
        self.error = error

    def __eq__(self, other):
        return isinstance(other, Failed) and type(other.error) is type(self.error) and \
            str(other.error) == str(self.error)

    def __repr__(self):
        return f"Failed({self.error!r})"


def answer(cursor):
    return cursor.fetchall() if cursor.description else cursor.rowcount


def run_probes(conn) -> list:
    """Each probe's rows, or the error it raised (an exception object)."""
    results = []
    for probe in PROBES:
        try:
            conn.execute("BEGIN")
            rows = [answer(conn.execute(sql)) for sql in probe]
        except rowandb.Error as error:
            rows = Failed(error)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        results.append(rows)
    return results


def attempt(path: str, close_it: bool) -> dict:
    """Open ``path``, run the probes and integrity_check, then close or just drop it."""
    outcome: dict = {}
    try:
        conn = rowandb.connect(path, isolation_level=None)
    except Exception as error:                          # judged by the caller
        outcome["open"] = error
        return outcome
    outcome["probes"] = run_probes(conn)
    try:
        outcome["integrity"] = conn.execute("PRAGMA integrity_check").fetchall()
    except Exception as error:
        outcome["integrity"] = error
    if close_it:
        close(conn)
    return outcome                                     # else dropped, as a careless caller would


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
        print(f"HANG: {function.__name__}{args} still running after {ATTEMPT_SECONDS} s",
              file=sys.stderr, flush=True)
        faulthandler.dump_traceback(all_threads=True)
        os._exit(3)
    if box[0][0] == "raised":
        raise AssertionError(f"{function.__name__}{args} raised:\n{box[0][2]}")
    return box[0][1]


def open_fds() -> set:
    return set(os.listdir("/proc/self/fd"))


def check_clean_error(error, name: str, context: str) -> None:
    assert isinstance(error, rowandb.DatabaseError), \
        f"{context}: {type(error).__name__} is not a PEP 249 DatabaseError: {error}"
    assert name in str(error), f"{context}: the error does not name {name}: {error}"


def judge(outcome: dict, name: str, expected: list, alternatives: list, context: str) -> None:
    """A damaged ``name``: clean errors naming it, right answers, integrity_check names it."""
    if "open" in outcome:
        check_clean_error(outcome["open"], name, f"{context}: open")
        return
    probes = outcome["probes"]
    matches = [all(got == want or (isinstance(got, Failed) and
                                   not isinstance(got.error, rowandb.IntegrityError))
                   for got, want in zip(probes, exp))
               for exp in [expected] + alternatives]
    for i, got in enumerate(probes):
        if isinstance(got, Failed) and got not in (expected[i], *(a[i] for a in alternatives)):
            check_clean_error(got.error, name, f"{context}: probe {PROBES[i]}")
    assert any(matches), f"{context}: wrong answers: {probes}\nexpected {expected}"
    integrity = outcome["integrity"]
    assert not isinstance(integrity, Exception), f"{context}: integrity_check raised {integrity!r}"
    if name.endswith(".rowan"):
        assert any(name in row[0] for row in integrity), \
            f"{context}: integrity_check does not name {name}: {integrity}"
    else:                         # LOCK's content does not matter; a torn log tail is cut
        assert integrity == [("ok",)], f"{context}: {integrity}"


class CollectingLock:
    """The registry lock, running a garbage collection each time it is taken: the moment
    at which, by chance, the hang of issue 8 happened (a dropped connection's finalizer ran
    inside ``connect`` and waited for the lock ``connect`` held)."""

    def __init__(self, lock):
        self.lock = lock

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self.lock.acquire(blocking, timeout)

    def release(self) -> None:
        self.lock.release()

    def __enter__(self):                 # as ``connect`` takes it
        self.lock.acquire()
        gc.collect()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def damage_loop(base: str) -> int:
    """Every file damaged in turn, then restored (in a child process: the test is below);
    returns the number of attempts made."""
    fds_before = open_fds()
    threads_before = threading.active_count()
    dbmod._REGISTRY_LOCK = CollectingLock(dbmod._REGISTRY_LOCK)
    gc.freeze()                   # what exists now is no garbage: keep collections quick
    attempts = 0
    expected_closed = None
    for variant in ("closed", "crashed"):
        path = os.path.join(base, variant)
        build(path, crashed=variant == "crashed")
        saved = read_all(path)
        scratch = os.path.join(base, variant + "-intact")
        os.mkdir(scratch)
        restore(scratch, saved)
        expected = in_thread(attempt, scratch, True)["probes"]
        assert in_thread(attempt, scratch, True)["integrity"] == [("ok",)]
        if variant == "closed":
            expected_closed = expected
        for name in sorted(saved):
            for how in DAMAGES if saved[name] else ("delete",):
                context = f"{variant} database, {name} {how}"
                damage(path, name, how, saved[name])
                # a torn log tail is cut off, as after a crash: the TAIL may be lost
                alternatives = [expected_closed] if name.startswith("redo-") and \
                    variant == "crashed" else []
                judge(in_thread(attempt, path, False), name, expected, alternatives, context)
                restore(path, saved)
                again = in_thread(attempt, path, True)
                assert again.get("probes") == expected and \
                    again.get("integrity") == [("ok",)], f"{context}, restored: {again}"
                gc.collect()
                assert os.path.realpath(path) not in dbmod._REGISTRY, \
                    f"{context}: the directory is still held after every connection went"
                restore(path, saved)
                attempts += 2
    gc.collect()
    assert open_fds() == fds_before, "file descriptors leaked across the loop"
    assert threading.active_count() == threads_before
    return attempts


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


def test_every_file_damaged_in_turn_then_restored_never_hangs_or_leaks(tmp_path):
    attempts = int(in_child("damage_loop", str(tmp_path)))
    assert attempts >= 2 * 2 * (20 * len(DAMAGES) + 1)  # 2 variants, 2 opens, 21 files


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
                if name == "fsync_dir":
                    return None               # counted; skipped to keep the test quick
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
                if name in ("fsync", "datasync"):
                    return None               # counted; skipped to keep the test quick
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
        assert in_thread(open_and_count, path, FailAt(None)) == (51 if crashed else 50)
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


# -- PRAGMA integrity_check and damaged files ------------------------------------------


def data_file(path: str, prefix: str) -> str:
    return next(n for n in os.listdir(path) if n.startswith(prefix))


@pytest.mark.parametrize("prefix, owner", [
    ("idx-14-", "index SYS_INDEXES_NAME"),     # used only by CREATE/DROP: unnoticed before
    ("tbl-1-", "table SYS_TABLES"),
    ("idx-33-", "index sqlite_autoindex_p_1"),
    ("tbl-34-", "table c"),
])
@pytest.mark.parametrize("how, what", [
    ("delete", "missing (named by the manifest)"),
    ("flip", "block 0 checksum mismatch"),
    ("empty", "not a RowanDB {kind} file (bad magic number)"),
])
def test_integrity_check_names_each_damaged_file(tmp_path, prefix, owner, how, what):
    path = str(tmp_path / "db")
    build(path, crashed=False)
    name = data_file(path, prefix)
    damage(path, name, how, open(os.path.join(path, name), "rb").read())
    conn = rowandb.connect(path)
    kind = owner.split()[0]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [
        (f"{owner}: file {name}: {what.format(kind=kind)}",)]
    assert conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    close(conn)


def test_a_damaged_index_fails_cleanly_and_is_repaired_by_recreating_it(tmp_path):
    path = str(tmp_path / "db")
    build(path, crashed=False)
    name = data_file(path, "idx-35-")                    # c_v
    damage(path, name, "flip", open(os.path.join(path, name), "rb").read())
    conn = rowandb.connect(path, isolation_level=None)
    with pytest.raises(rowandb.CorruptDatabaseError, match=f"{name}: block 0 checksum"):
        conn.execute("SELECT id FROM c WHERE v = 'v4'")
    assert conn.execute("SELECT count(*) FROM c").fetchall() == [(50,)]   # not through c_v
    conn.execute("DROP INDEX c_v")                       # does not read the file
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.execute("CREATE INDEX c_v ON c(v)")
    assert conn.execute("SELECT id FROM c WHERE v = 'v4'").fetchall() == [(4,)]
    close(conn)
    conn = rowandb.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert name not in os.listdir(path)
    close(conn)


def test_integrity_check_compares_the_dictionarys_own_indexes_with_their_tables():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(a)")
    conn.execute("CREATE INDEX t_a ON t(a)")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    entries = conn._session.db.store.index(14).entries         # SYS_INDEXES by name
    entries.remove(entries[0])
    assert conn.execute("PRAGMA integrity_check").fetchall() == [
        ("wrong # of entries in index SYS_INDEXES_NAME",)]
