"""PRAGMAs of durable storage: synchronous, checkpoints, the table cache, storage statistics.

``STORAGE_PRAGMAS`` maps pragma names to handlers with the same shape as those of
``pragmas.py`` (``handler(session, argument, assign) -> (columns, rows)``), for that module
to merge into its table. Column names and row shapes follow SQLite where SQLite has the
pragma (sqlite.org/pragma.html); on ``:memory:`` databases they answer as SQLite does for an
in-memory database.

| pragma                 | value                                                           |
|------------------------|-----------------------------------------------------------------|
| synchronous            | per connection. FULL (2, default): fsync per commit, grouped     |
|                        | across connections;                                             |
|                        | NORMAL (1): no fsync at commit, fsync at checkpoints;            |
|                        | OFF (0): never fsync. EXTRA (3) is accepted as FULL.             |
| wal_checkpoint         | run a checkpoint now; row (busy, log pages, checkpointed pages)  |
| wal_autocheckpoint     | checkpoint when the log reaches N pages of 4096 bytes            |
|                        | (default 1000, about 4 MB); 0 or less turns it off              |
| journal_mode           | "wal" for a directory (read only), "memory" for :memory:        |
| file_cache_size        | RowanDB's: how many clean files stay loaded (default 256); the  |
|                        | dictionary's own cache is connect(..., table_cache_size=N)      |
| storage_stats          | RowanDB's: one row of counters of the durable store             |
"""

from __future__ import annotations

from ..errors import OperationalError

_LEVELS = {"off": 0, "normal": 1, "full": 2, "extra": 2, "0": 0, "1": 1, "2": 2, "3": 2}


def _store(session):
    """The durable store shared by the session's connections, or None for :memory:."""
    store = getattr(session.db.store, "shared", session.db.store)
    return store if hasattr(store, "checkpoint") else None


def _word(argument) -> str:
    return str(argument).strip().strip("'\"").lower()


def _integer(argument, name: str) -> int:
    try:
        return int(_word(argument))
    except ValueError:
        raise OperationalError(f"{name} must be an integer, not {argument}") from None


def _synchronous(session, argument, assign):
    db = session.db
    if argument is not None:
        level = _LEVELS.get(_word(argument))
        if level is not None:          # SQLite ignores values it does not know
            db.synchronous = level
        return ("synchronous",), []
    return ("synchronous",), [(getattr(db, "synchronous", 2),)]


def _wal_checkpoint(session, argument, assign):
    columns = ("busy", "log", "checkpointed")
    store = _store(session)
    if store is None:
        return columns, [(0, -1, -1)]
    pages = -(-store.log.size // 4096)
    busy = session.db.checkpoint()
    return columns, [(1 if busy else 0, pages, 0 if busy else pages)]


def _wal_autocheckpoint(session, argument, assign):
    store = _store(session)
    if argument is not None:
        pages = _integer(argument, "wal_autocheckpoint")
        if store is not None:
            store.autocheckpoint_pages = pages
        return ("wal_autocheckpoint",), [(pages,)]
    pages = store.autocheckpoint_pages if store is not None else 1000
    return ("wal_autocheckpoint",), [(pages,)]


def _journal_mode(session, argument, assign):
    return ("journal_mode",), [("wal" if _store(session) is not None else "memory",)]


def _file_cache_size(session, argument, assign):
    store = _store(session)
    if argument is not None:
        size = max(_integer(argument, "file_cache_size"), 0)
        if store is not None:
            store.table_cache_size = size
            store.release_unused()
        return ("file_cache_size",), []
    return ("file_cache_size",), [(store.table_cache_size if store is not None else 0,)]


def _storage_stats(session, argument, assign):
    columns = ("loaded_files", "loads", "evictions", "checkpoints", "log_bytes", "fsyncs",
               "commit_seq", "recovered_transactions")
    store = _store(session)
    if store is None:
        return columns, [(len(session.db.store.files), 0, 0, 0, 0, 0, 0, 0)]
    return columns, [(store.loaded_count(), store.loads, store.evictions, store.checkpoints,
                      store.log.size, store.log.fsyncs, store.seq,
                      store.recovered_transactions)]


STORAGE_PRAGMAS = {
    "synchronous": _synchronous, "wal_checkpoint": _wal_checkpoint,
    "wal_autocheckpoint": _wal_autocheckpoint, "journal_mode": _journal_mode,
    "file_cache_size": _file_cache_size, "storage_stats": _storage_stats,
}
