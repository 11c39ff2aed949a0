"""The dictionary cache: table definitions built from SYS_* rows, bounded and LRU.

Modelled on InnoDB's dictionary cache (dict0dict.cc). Each cached ``Table`` keeps its
foreign keys in two sorted trees keyed by constraint id — ``fk_out`` (this table is the
child) and ``fk_in`` (this table is the parent) — the role ``foreign_rbt`` and
``referenced_rbt`` play in InnoDB since MySQL 5.5.39. A constraint between two cached
tables is ONE object present in both trees, so loading a table with N constraints finds,
inserts and de-duplicates each in O(log N): the fix for InnoDB bug 18806829, where loading a
parent with 10,000 children searched linked lists for duplicates (O(N²)) while holding the
dictionary mutex.

The cache is a least-recently-used map with a capacity; evicting a table drops the
definition and asks the store to release the table's files (a durable store may unload
them); using the table again reads the dictionary again.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from contextlib import contextmanager
from threading import RLock

from .schema import Table, own_tree
from .ascii_case import ascii_lower

DEFAULT_CAPACITY = 20_000


class DictionaryStats:
    """Counters for PRAGMA dictionary_stats: loads, evictions and dictionary-lock holds."""

    def __init__(self):
        self.loads = 0
        self.evictions = 0
        self.holds = 0
        self.longest_hold_ms = 0.0
        self.total_hold_ms = 0.0

    def held(self, seconds: float) -> None:
        ms = seconds * 1000.0
        self.holds += 1
        self.total_hold_ms += ms
        if ms > self.longest_hold_ms:
            self.longest_hold_ms = ms

    def reset(self) -> None:
        self.__init__()


class TableCache:
    def __init__(self, capacity: int = DEFAULT_CAPACITY, release=None):
        self.capacity = capacity
        self.release = release              # callable(table) when a table is evicted
        self.stats = DictionaryStats()
        self.lock = RLock()                 # the dictionary lock
        self._tables: OrderedDict[str, Table] = OrderedDict()

    @contextmanager
    def locked(self):
        """Hold the dictionary lock; the time it is held is measured."""
        with self.lock:
            started = time.perf_counter()
            try:
                yield
            finally:
                self.stats.held(time.perf_counter() - started)

    def get(self, lname: str) -> Table | None:
        table = self._tables.get(lname)
        if table is not None:
            self._tables.move_to_end(lname)
        return table

    def peek(self, lname: str) -> Table | None:
        """The cached table without touching its recency (for de-duplication)."""
        return self._tables.get(lname)

    def put(self, lname: str, table: Table) -> None:
        self._tables[lname] = table
        self._tables.move_to_end(lname)
        self.stats.loads += 1
        while len(self._tables) > self.capacity:
            _, evicted = self._tables.popitem(last=False)
            self.stats.evictions += 1
            if self.release is not None:
                self.release(evicted)

    def pop(self, lname: str) -> Table | None:
        return self._tables.pop(lname, None)

    def clear(self) -> None:
        self._tables.clear()

    def resize(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        while len(self._tables) > self.capacity:
            _, evicted = self._tables.popitem(last=False)
            self.stats.evictions += 1
            if self.release is not None:
                self.release(evicted)

    def __len__(self) -> int:
        return len(self._tables)

    # -- foreign keys shared between cached tables -----------------------------------
    def link(self, table: Table, outgoing: list, incoming: list) -> None:
        """Put a freshly built table's constraints into its trees, reusing the objects of
        tables already cached (one object per constraint), and add its outgoing ones to
        cached parents' ``fk_in``. Each step is one sorted-tree lookup or insert."""
        for fk in outgoing:
            parent = self.peek(ascii_lower(fk.parent))
            shared = parent.fk_in.get(fk.id) if parent is not None else None
            fk = shared or fk
            own_tree(table, "fk_out")[fk.id] = fk
            if parent is not None and shared is None:
                own_tree(parent, "fk_in")[fk.id] = fk
        for fk in incoming:
            shared = table.fk_out.get(fk.id)
            if shared is None:
                child = self.peek(ascii_lower(fk.child))
                shared = child.fk_out.get(fk.id) if child is not None else None
            own_tree(table, "fk_in")[fk.id] = shared or fk

    def unlink(self, table: Table) -> None:
        """A dropped table's outgoing constraints leave its cached parents' ``fk_in``."""
        for fk_id, fk in table.fk_out.items():
            parent = self.peek(ascii_lower(fk.parent))
            if parent is not None:
                parent.fk_in.pop(fk_id, None)
