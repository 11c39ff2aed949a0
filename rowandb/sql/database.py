"""The shared state of one database, and opening it.

A ``Database`` is what every session (connection) on the same database shares: the store
of table and index files, and the data dictionary built over it. ``open_database`` is where
a path becomes a Database.
"""

from __future__ import annotations

import threading

from ..catalog.cache import DEFAULT_CAPACITY
from ..catalog.dictionary import RESERVED_FILE_IDS, Dictionary
from ..errors import NotSupportedError
from ..planner import values as V
from ..storage.memory import MemoryStore


class Database:
    """What every session on one database shares: its files and its dictionary."""

    def __init__(self, file_id_bits: int = 32, table_cache_size: int = DEFAULT_CAPACITY):
        self.store = MemoryStore(file_id_bits, RESERVED_FILE_IDS)
        self.dictionary = Dictionary(self.store, V.sort_key, V.affinity_of_type,
                                     cache_capacity=table_cache_size)
        self.lock = threading.RLock()


def open_database(database: str, **options) -> Database:
    if database != ":memory:" and database != "":
        raise NotSupportedError(
            "only ':memory:' databases are supported until durable storage lands; "
            f"cannot open {database!r}")
    return Database(file_id_bits=options.get("file_id_bits", 32),
                    table_cache_size=options.get("table_cache_size", DEFAULT_CAPACITY))
