"""PRAGMAs of durable storage: synchronous, checkpoints, the journal mode, RowanDB's own
file cache and storage statistics.

Each handler takes the session and the ``PragmaCall`` and returns ``(columns, rows)``;
``pragmas.py`` classifies them with every other pragma -- among them the storage pragmas
RowanDB refuses, with the reason for each. Column names, row shapes and the reading of the
argument follow SQLite (sqlite.org/pragma.html, src/pragma.c); on ``:memory:`` databases
they answer as SQLite does for an in-memory database.

| pragma                 | value                                                           |
|------------------------|-----------------------------------------------------------------|
| synchronous            | per connection. FULL (2, default): fsync per commit, grouped     |
|                        | across connections; NORMAL (1): no fsync at commit, fsync at     |
|                        | checkpoints; OFF (0): never fsync. EXTRA (3) and higher are      |
|                        | kept and act as FULL: the log is the only file a commit writes,  |
|                        | so there is no journal whose deletion EXTRA would also sync.     |
| wal_checkpoint         | run a checkpoint now (whatever the mode: it is always complete,  |
|                        | and a new log segment replaces the old one, as TRUNCATE would);  |
|                        | row (busy, log pages, checkpointed pages)                        |
| wal_autocheckpoint     | checkpoint when the log reaches N pages of 4096 bytes            |
|                        | (default 1000, about 4 MB) and the size of the data files the    |
|                        | checkpoint rewrites; 0 or less turns it off (reads 0)            |
| journal_mode           | "wal" for a directory, "memory" for :memory:; another mode       |
|                        | cannot be set, so setting one answers the mode in force, which   |
|                        | is how SQLite says a change did not happen                       |
| file_cache_size        | RowanDB's: how many clean files stay loaded (default 256); the  |
|                        | dictionary's own cache is connect(..., table_cache_size=N)      |
| storage_stats          | RowanDB's: one row of counters of the durable store             |
| page_size              | 4096, the page the log is counted in (wal_checkpoint,            |
|                        | wal_autocheckpoint); another valid size cannot be set (refused)  |
| page_count             | the database's size on disk in such pages: the data files the    |
|                        | manifest names plus the log's frames; 0 for :memory:             |
| freelist_count         | 0: a data file is written whole, with no free space in it        |
"""

from __future__ import annotations

import os

from ...errors import NotSupportedError, OperationalError
from ...storage.sizes import PAGE_BYTES
from .pragma_syntax import atoi, safety_level


def _store(session):
    """The durable store shared by the session's connections, or None for :memory:."""
    store = getattr(session.db.store, "shared", session.db.store)
    return store if hasattr(store, "checkpoint") else None


def _integer(argument, name: str) -> int:
    try:
        return int(str(argument).strip())
    except ValueError:
        raise OperationalError(f"{name} must be an integer, not {argument}") from None


def synchronous(session, call):
    """SQLite reads the level with getSafetyLevel (unknown words are NORMAL) and keeps it
    to three bits; it refuses a change inside a transaction."""
    db = session.db
    if call.value is None:
        return ("synchronous",), [(db.synchronous,)]
    if session.in_transaction:
        raise OperationalError("Safety level may not be changed inside a transaction")
    level = (safety_level(call.value, False, 1) + 1) & 7
    db.synchronous = (level or 1) - 1
    return None, []


def wal_checkpoint(session, call):
    columns = ("busy", "log", "checkpointed")
    store = _store(session)
    if store is None:
        return columns, [(0, -1, -1)]
    pages = -(-store.log.size // 4096)
    busy = session.db.checkpoint()
    return columns, [(1 if busy else 0, pages, 0 if busy else pages)]


def wal_autocheckpoint(session, call):
    db = session.db
    if call.value is not None:
        db.autocheckpoint_pages = max(atoi(call.value), 0)
    return ("wal_autocheckpoint",), [(db.autocheckpoint_pages,)]


def journal_mode(session, call):
    mode = "wal" if _store(session) is not None else "memory"
    return ("journal_mode",), [(mode,)]


def file_cache_size(session, call):
    store = _store(session)
    if call.value is not None:
        size = max(_integer(call.value, "file_cache_size"), 0)
        if store is not None:
            store.table_cache_size = size
            store.release_unused()
        return None, []
    return ("file_cache_size",), [(store.table_cache_size if store is not None else 0,)]


def storage_stats(session, call):
    columns = ("loaded_files", "loads", "evictions", "checkpoints", "log_bytes", "fsyncs",
               "commit_seq", "recovered_transactions")
    store = _store(session)
    if store is None:
        return columns, [(len(session.db.store.files), 0, 0, 0, 0, 0, 0, 0)]
    return columns, [(store.loaded_count(), store.loads, store.evictions, store.checkpoints,
                      store.log.size, store.log.fsyncs, store.seq,
                      store.recovered_transactions)]


def page_size(session, call):
    """SQLite takes a power of two from 512 to 65536 (others are ignored, as here); RowanDB
    cannot change its page, so any valid size but 4096 is refused, never ignored."""
    if call.value is not None:
        size = atoi(call.value)
        if 512 <= size <= 65536 and size & (size - 1) == 0 and size != PAGE_BYTES:
            raise NotSupportedError(f"PRAGMA page_size = {size} is not supported: "
                                    f"RowanDB's pages are {PAGE_BYTES} bytes")
        return None, []
    return ("page_size",), [(PAGE_BYTES,)]


def page_count(session, call):
    """Read only, as in SQLite (an argument changes nothing): the data files the manifest
    names and the log's frames, in pages, rounded up."""
    store = _store(session)
    if store is None:
        return ("page_count",), [(0,)]
    total = store.log.size
    for entry in store.manifest.files.values():
        if entry.version:
            try:
                total += os.path.getsize(os.path.join(store.path, entry.data_name))
            except OSError:
                pass                 # a missing file is integrity_check's to report
    return ("page_count",), [(-(-total // PAGE_BYTES),)]


def freelist_count(session, call):
    """Read only: no data file has free pages (a checkpoint writes each file whole; deleted
    rows wait in the log until then, and VACUUM or a checkpoint folds them away)."""
    return ("freelist_count",), [(0,)]
