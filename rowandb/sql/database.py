"""The shared state of one database, and opening it.

A ``Database`` is what a session (connection) holds: the store of table and index files,
the data dictionary built over it, and the lock a statement holds while it runs.

* ``":memory:"`` (or ``""``): a private ``MemoryStore``; nothing touches the disk.
* any other path: a database *directory* (storage/durable.py). Every connection to the same
  directory in this process shares one ``SharedDatabase`` (a registry keyed by the real
  path), so they see one set of files, one redo log and one process lock; the last
  connection to close checkpoints and releases the directory.

``open_database`` is where a path becomes a Database.
"""

from __future__ import annotations

import itertools
import os
import threading
import weakref

from ..catalog.cache import DEFAULT_CAPACITY
from ..catalog.dictionary import RESERVED_FILE_IDS, Dictionary
from ..errors import ProgrammingError
from ..planner.types import values as V
from ..storage.durable import DurableStore
from ..storage.fileids import DEFAULT_FILE_ID_BITS
from ..storage.memory import MemoryStore
from ..storage.snapshots import ConnectionStore, Snapshots, StatementLock

_REGISTRY: dict[str, "SharedDatabase"] = {}
_REGISTRY_LOCK = threading.Lock()
_TOKENS = itertools.count(1)


class Database:
    """What every session on one database shares: its files and its dictionary."""

    path = ":memory:"

    def __init__(self, file_id_bits: int = DEFAULT_FILE_ID_BITS,
                 table_cache_size: int = DEFAULT_CAPACITY):
        self.store = MemoryStore(file_id_bits, RESERVED_FILE_IDS)
        self.dictionary = Dictionary(self.store, V.sort_key, V.affinity_of_type,
                                     cache_capacity=table_cache_size)
        self.lock = threading.RLock()
        self.closed = False
        self.synchronous = 2

    def close(self) -> None:
        self.closed = True


class SharedDatabase:
    """One open database directory, shared by every connection to it in this process."""

    def __init__(self, path: str, key: str, options: dict):
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

    def release(self, token: int) -> None:
        with _REGISTRY_LOCK:
            if token not in self.handles:
                return
            self.handles.discard(token)
            if self.handles:
                return
            if _REGISTRY.get(self.key) is self:
                del _REGISTRY[self.key]
        with self.lock:
            self.store.close()


class DirectoryDatabase:
    """One connection's handle on a shared database directory.

    It has its own view of the store (``ConnectionStore``: its snapshot, its transaction,
    its write-lock timeout), its own dictionary cache read through that view, and its own
    side of the statement lock, whose entry starts a statement (storage/snapshots.py).
    """

    def __init__(self, shared: SharedDatabase, options: dict):
        self.shared = shared
        self.token = next(_TOKENS)
        self.path = shared.path
        self.store = ConnectionStore(shared.store, shared.store.snapshots,
                                     float(options.get("timeout", 5.0)))
        self.dictionary = Dictionary(self.store, V.sort_key, V.affinity_of_type,
                                     cache_capacity=options.get("table_cache_size", DEFAULT_CAPACITY))
        self.store.dictionary = self.dictionary
        self.lock = StatementLock(shared.lock, self.store)
        self.closed = False

    @property
    def timeout(self) -> float:
        return self.store.timeout

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


def open_database(database: str, **options) -> Database | DirectoryDatabase:
    if database in (":memory:", ""):
        return Database(file_id_bits=options.get("file_id_bits", DEFAULT_FILE_ID_BITS),
                        table_cache_size=options.get("table_cache_size", DEFAULT_CAPACITY))
    if not isinstance(database, str):
        raise ProgrammingError(f"database must be a path or ':memory:', not {database!r}")
    key = os.path.realpath(database)
    with _REGISTRY_LOCK:
        shared = _REGISTRY.get(key)
        if shared is None or shared.store.closed:
            shared = SharedDatabase(database, key, options)
            _REGISTRY[key] = shared
        handle = DirectoryDatabase(shared, options)
        shared.handles.add(handle.token)
    # A connection dropped without closing its handle still lets go of the directory
    # (and at interpreter exit the last one checkpoints).
    handle._finalizer = weakref.finalize(handle, _close_handle, shared, handle.store,
                                         handle.token)
    return handle


def _close_handle(shared: SharedDatabase, store: ConnectionStore, token: int) -> None:
    if token not in shared.handles:
        return
    with shared.lock:
        store.close()
    shared.release(token)


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
