"""The shared state of one database, and opening it.

A ``Database`` is what a session (connection) holds: the store of table and index files,
the data dictionary built over it, and the lock a statement holds while it runs.

* ``":memory:"`` (or ``""``): a private ``MemoryStore``; nothing touches the disk.
* any other path: a database *directory* (storage/durable.py). Every connection to the same
  directory in this process shares one ``SharedDatabase`` (a registry keyed by the real
  path), so they see one set of files, one redo log and one process lock; the last
  connection to close checkpoints and releases the directory.

``open_database`` is where a path becomes a Database. An open that fails gives back
everything it took -- the registry entry, the process lock, open files, the connection count
-- before the error reaches the caller, so the next open of the path starts afresh.

Locks, always taken in this order: ``_REGISTRY_LOCK``, then a database's statement lock.
A connection dropped without ``close()`` is released by a ``weakref.finalize`` callback,
which the garbage collector may run at *any* point of *any* thread -- also inside
``open_database`` while this thread holds ``_REGISTRY_LOCK``, or in the middle of a
statement. So that callback never waits for a lock: it takes what it needs only if it is
free (and not already held by its own thread), and otherwise leaves the handle in
``_DROPPED`` for the next ``open_database`` or ``close`` of this process to release.
(Waiting there was the hang of issue 8: a collection inside ``open_database`` ran the
callback, which waited forever for the registry lock its own thread held.)
"""

from __future__ import annotations

import collections
import itertools
import os
import threading
import weakref
from typing import TYPE_CHECKING

from ..catalog.cache import DEFAULT_CAPACITY
from ..catalog.dictionary import RESERVED_FILE_IDS, Dictionary
from ..errors import OperationalError, ProgrammingError
from ..planner.types import values as V
from ..storage.fileids import DEFAULT_FILE_ID_BITS
from ..storage.memory import MemoryStore
from ..storage.sizes import DEFAULT_AUTOCHECKPOINT

# The durable store's modules (storage/durable.py, snapshots.py and theirs) are imported
# where a database directory is opened: a process of ``:memory:`` databases never needs
# them (storage/sizes.py).
if TYPE_CHECKING:
    from ..storage.snapshots import ConnectionStore

_REGISTRY: dict[str, "SharedDatabase"] = {}
_REGISTRY_LOCK = threading.Lock()
_TOKENS = itertools.count(1)
_DROPPED: collections.deque = collections.deque()   # (shared, store, token) left to release


class Database:
    """What every session on one database shares: its files and its dictionary."""

    path = ":memory:"
    data_version = 1        # PRAGMA data_version: no other connection ever commits here

    def __init__(self, file_id_bits: int = DEFAULT_FILE_ID_BITS,
                 table_cache_size: int = DEFAULT_CAPACITY, timeout: float = 5.0):
        self.store = MemoryStore(file_id_bits, RESERVED_FILE_IDS)
        self.dictionary = Dictionary(self.store, V.sort_key, V.affinity_of_type,
                                     cache_capacity=table_cache_size,
                                     default_value=default_value, index_forms=index_forms,
                                     virtual_value=virtual_value)
        self.lock = threading.RLock()
        self.closed = False
        # What PRAGMA synchronous, busy_timeout and wal_autocheckpoint read back: an
        # in-memory database has no file to sync, no other connection to wait for and no
        # log to checkpoint, and SQLite keeps the values all the same.
        self.synchronous = 2
        self.timeout = timeout
        self.autocheckpoint_pages = DEFAULT_AUTOCHECKPOINT

    def close(self) -> None:
        self.closed = True


class SharedDatabase:
    """One open database directory, shared by every connection to it in this process."""

    def __init__(self, path: str, key: str, options: dict):
        from ..storage.durable import DurableStore
        from ..storage.snapshots import Snapshots
        bits = options.get("file_id_bits", DEFAULT_FILE_ID_BITS)
        self.path = path
        self.key = key
        self.lock = threading.RLock()
        self.store = DurableStore(path, file_id_bits=bits, reserved_ids=RESERVED_FILE_IDS,
                                  vfs=options.get("vfs"),
                                  explicit_bits=bits != DEFAULT_FILE_ID_BITS)
        try:
            self.store.statement_lock = self.lock
            Dictionary(self.store, V.sort_key, V.affinity_of_type)   # places the SYS_* files
            self.store.recover()
        except BaseException:
            self.store.abandon()
            raise
        self.store.snapshots = Snapshots(self.store, self.lock)
        self.handles: set = set()          # tokens of the open DirectoryDatabase handles

    def release(self, token: int, wait: bool = True) -> bool:
        """Forget handle ``token``; the last one closes the store (checkpoint, unlock).

        False, having changed nothing, if ``wait`` is false and a lock is busy."""
        if not _take(_REGISTRY_LOCK, wait):
            return False
        try:
            if token not in self.handles:
                return True
            if not _take(self.lock, wait):
                return False
            try:
                self.handles.discard(token)
                if not self.handles:
                    self._unregister()
                    self.store.close()
            finally:
                self.lock.release()
        finally:
            _REGISTRY_LOCK.release()
        return True

    def _unregister(self) -> None:
        """Drop the registry entry (``_REGISTRY_LOCK`` held)."""
        if _REGISTRY.get(self.key) is self:
            del _REGISTRY[self.key]


class DirectoryDatabase:
    """One connection's handle on a shared database directory.

    It has its own view of the store (``ConnectionStore``: its snapshot, its transaction,
    its write-lock timeout), its own dictionary cache read through that view, and its own
    side of the statement lock, whose entry starts a statement (storage/snapshots.py).
    """

    def __init__(self, shared: SharedDatabase, options: dict):
        from ..storage.snapshots import ConnectionStore, StatementLock
        self.shared = shared
        self.token = next(_TOKENS)
        self.path = shared.path
        self.store = ConnectionStore(shared.store, shared.store.snapshots,
                                     float(options.get("timeout", 5.0)))
        try:
            self.dictionary = Dictionary(self.store, V.sort_key, V.affinity_of_type,
                                         cache_capacity=options.get("table_cache_size",
                                                                    DEFAULT_CAPACITY),
                                         default_value=default_value, index_forms=index_forms,
                                     virtual_value=virtual_value)
        except BaseException:
            self.store.close()
            raise
        self.store.dictionary = self.dictionary
        self.lock = StatementLock(shared.lock, self.store)
        self.closed = False

    @property
    def timeout(self) -> float:
        """Seconds this connection waits for the write lock (PRAGMA busy_timeout)."""
        return self.store.timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self.store.timeout = seconds

    @property
    def autocheckpoint_pages(self) -> int:
        """PRAGMA wal_autocheckpoint: kept by the store, for every connection to it."""
        return self.shared.store.autocheckpoint_pages

    @autocheckpoint_pages.setter
    def autocheckpoint_pages(self, pages: int) -> None:
        self.shared.store.autocheckpoint_pages = pages

    @property
    def data_version(self) -> int:
        """PRAGMA data_version: changes when this connection's statements see another
        connection's commit (storage/snapshots.py, ``ConnectionStore``)."""
        return self.store.data_version

    @property
    def synchronous(self) -> int:
        return self.store.synchronous

    @synchronous.setter
    def synchronous(self, level: int) -> None:
        self.store.synchronous = level

    def checkpoint(self) -> bool:
        """Run a checkpoint now; True ("busy") if a write transaction is open."""
        store = self.shared.store
        if store.writer is not None:
            return True
        store.checkpoint(self.synchronous)
        return False

    def close(self) -> None:
        """Release this connection's hold; the last one checkpoints and unlocks the directory."""
        if not self.closed:
            self.closed = True
            self._finalizer.detach()
            _close_handle(self.shared, self.store, self.token)
            _release_dropped(wait=True)


def open_database(database: str, **options) -> Database | DirectoryDatabase:
    if database in (":memory:", ""):
        return Database(file_id_bits=options.get("file_id_bits", DEFAULT_FILE_ID_BITS),
                        table_cache_size=options.get("table_cache_size", DEFAULT_CAPACITY),
                        timeout=float(options.get("timeout", 5.0)))
    if not isinstance(database, str):
        raise ProgrammingError(f"database must be a path or ':memory:', not {database!r}")
    _check_path(database)
    _release_dropped(wait=True)
    key = os.path.realpath(database)
    with _REGISTRY_LOCK:
        shared = _REGISTRY.get(key)
        if shared is None or shared.store.closed:
            shared = SharedDatabase(database, key, options)   # releases all it took if it fails
            _REGISTRY[key] = shared
        try:
            handle = DirectoryDatabase(shared, options)
        except BaseException:
            if not shared.handles:          # nobody else uses it: give the directory back
                shared._unregister()
                with shared.lock:
                    shared.store.close()
            raise
        shared.handles.add(handle.token)
        # A connection dropped without closing its handle still lets go of the directory
        # (and at interpreter exit the last one checkpoints).
        handle._finalizer = weakref.finalize(handle, _dropped, shared, handle.store,
                                             handle.token)
    _release_dropped(wait=True)             # any a collection inside the lock left over
    return handle


def _check_path(database: str) -> None:
    """A path the operating system cannot take is SQLite's "unable to open database file"
    (not the ValueError or UnicodeEncodeError the os module would raise)."""
    try:
        if "\x00" in database:
            raise ValueError("embedded null byte")
        os.fsencode(database)
    except (ValueError, UnicodeError) as error:
        raise OperationalError(f"unable to open database file: {database!r}: {error}") from None


def _take(lock, wait: bool) -> bool:
    """Acquire ``lock``; without ``wait``, only if it is free and not held by this thread
    (re-entering an ``RLock`` from inside a collection could cut into a running statement)."""
    if wait:
        lock.acquire()
        return True
    if getattr(lock, "_is_owned", lambda: False)():
        return False
    return lock.acquire(blocking=False)


def _close_handle(shared: SharedDatabase, store: ConnectionStore, token: int,
                  wait: bool = True) -> bool:
    """Release one handle: its connection's state, then its place in the registry.
    False if ``wait`` is false and a lock is busy; calling it again finishes the job."""
    if token not in shared.handles:
        return True
    if not _take(shared.lock, wait):
        return False
    try:
        store.close()
    finally:
        shared.lock.release()
    return shared.release(token, wait)


def _dropped(shared: SharedDatabase, store: ConnectionStore, token: int) -> None:
    """The finalizer of a handle dropped without ``close()``: it may run inside a garbage
    collection at any point, so it never waits for a lock (see the module docstring)."""
    _DROPPED.append((shared, store, token))
    _release_dropped(wait=False)


def _release_dropped(wait: bool) -> None:
    """Release the dropped handles that can be released now (with ``wait``: all of them)."""
    for _ in range(len(_DROPPED)):
        try:
            item = _DROPPED.popleft()
        except IndexError:
            return
        if not _close_handle(*item, wait=wait):
            _DROPPED.append(item)


def abandon_database(database: str) -> None:
    """Drop an open directory without writing anything, as if the process had died.

    For crash tests: the shared state is forgotten, file handles and the process lock are
    released, and the next ``open_database`` recovers from what is on disk.
    """
    key = os.path.realpath(database)
    with _REGISTRY_LOCK:
        shared = _REGISTRY.pop(key, None)
    if shared is not None:
        shared.handles.clear()
        shared.store.abandon()


def index_forms(dictionary, table) -> None:
    """The dictionary's way to read a partial or expression index (index_forms.attach)."""
    from .bind.index_forms import attach
    attach(dictionary, table)


def virtual_value(dictionary, table, position: int):
    """The dictionary's way to read an added VIRTUAL column of records older than it
    (virtual_read.py)."""
    from .bind.virtual_read import VirtualValue
    return VirtualValue(dictionary, table, position)


def default_value(default_sql: str, affinity: str):
    """The dictionary's way to read a column's DEFAULT (bind_alter.default_value), for
    records older than the column (ALTER TABLE ADD COLUMN)."""
    from .alter_table.bind_alter import default_value as value
    return value(default_sql, affinity)
