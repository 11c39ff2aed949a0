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
|                        | (default 1000, about 4 MB); 0 or less turns it off (reads 0)     |
| journal_mode           | "wal" for a directory, "memory" for :memory:; another mode       |
|                        | cannot be set, so setting one answers the mode in force, which   |
|                        | is how SQLite says a change did not happen                       |
| file_cache_size        | RowanDB's: how many clean files stay loaded (default 256); the  |
|                        | dictionary's own cache is connect(..., table_cache_size=N)      |
| storage_stats          | RowanDB's: one row of counters of the durable store             |
"""

from __future__ import annotations

from ..errors import OperationalError
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
