"""The order of SQLite's hash table of a schema's triggers, which decides the order a
connection's TEMP triggers on a table of main fire in.

SQLite keeps each schema's triggers in a hash table keyed by name (src/hash.c) and, to find
the TEMP triggers on a table of main, walks that table's element list from its first
element, putting each trigger it meets at the head of the firing list
(src/trigger.c sqlite3TriggerList) -- so they fire in the reverse of the walk, before the
table's own triggers. The walk's order is not creation order: the element list is one
doubly linked list in which each bucket's elements sit together, a new element going
just before its bucket's first one (or to the very front when its bucket is empty), and the
table grows its buckets (re-linking every element in list order) as it fills.
``TriggerHash`` keeps that list exactly as hash.c does, given the same inserts and
removals; ``walk`` is its order. SQLite builds a fresh table when it reads the temp schema
again (after ALTER TABLE, VACUUM, or a ROLLBACK of a transaction that changed a schema):
``TriggerHash(names)`` with the names in order of creation is that.
"""

from __future__ import annotations

#: The buckets a table may have: SQLITE_MALLOC_SOFT_LIMIT (1024 bytes) over the 16 bytes
#: of a bucket (hash.c rehash caps its allocation there)
_MAX_BUCKETS = 1024 // 16


def name_hash(name: str) -> int:
    """hash.c strHash: each byte with its 0x20 bit dropped (so ASCII case does not matter),
    added and then multiplied by 0x9e3779b1, modulo 2**32."""
    h = 0
    for byte in name.encode("utf-8", "surrogateescape"):
        h = ((h + (byte & 0xDF)) * 0x9E3779B1) & 0xFFFFFFFF
    return h


class TriggerHash:
    """The element list of one hash table of trigger names (lower-case keys)."""

    __slots__ = ("_elements", "_hashes", "_buckets", "_chains")

    def __init__(self, names=()):
        self._elements: list[str] = []      # the element list, first to last
        self._hashes: dict[str, int] = {}
        self._buckets = 0                   # 0: no bucket array yet (one plain list)
        self._chains: dict[int, list] = {}  # bucket -> [elements in it, its first element]
        for name in names:
            self.insert(name)

    def walk(self) -> list[str]:
        """The keys from the list's first element to its last."""
        return list(self._elements)

    def insert(self, key: str) -> None:
        """sqlite3HashInsert of a new key: grow the buckets first when the count passes
        twice their number (from five elements on), then link the element in."""
        self._hashes[key] = name_hash(key)
        count = len(self._elements) + 1
        if count >= 5 and count > 2 * self._buckets:
            self._rehash(min(count * 3, _MAX_BUCKETS))
        self._link(key)

    def remove(self, key: str) -> None:
        """removeElement: unlink; an emptied table drops its buckets."""
        position = self._elements.index(key)
        after = self._elements[position + 1] if position + 1 < len(self._elements) else None
        del self._elements[position]
        if self._buckets:
            chain = self._chains[self._hashes[key] % self._buckets]
            if chain[1] == key:
                chain[1] = after
            chain[0] -= 1
        del self._hashes[key]
        if not self._elements:
            self._buckets, self._chains = 0, {}

    def _rehash(self, buckets: int) -> None:
        if buckets == self._buckets:        # at the cap: hash.c keeps the table as it is
            return
        elements, self._elements = self._elements, []
        self._buckets, self._chains = buckets, {}
        for key in elements:
            self._link(key)

    def _link(self, key: str) -> None:
        """insertElement: before the first element of its bucket, else at the front."""
        head = None
        if self._buckets:
            chain = self._chains.setdefault(self._hashes[key] % self._buckets, [0, None])
            head = chain[1] if chain[0] else None
            chain[0] += 1
            chain[1] = key
        self._elements.insert(0 if head is None else self._elements.index(head), key)
