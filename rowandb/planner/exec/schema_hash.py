"""The order in which SQLite walks a schema's tables: its table hash (src/hash.c).

``PRAGMA integrity_check`` reports table by table in the order of the schema's ``tblHash``
(pragma.c), which holds every table and view under its name, ``sqlite_master`` first. A
SQLite hash keeps its elements on one list: a new one goes first while the hash has no
buckets, else just before the first element of its bucket's chain; once it holds 5 or
more elements and more than twice as many as buckets, the buckets become three times the
count (at most 64, the 1024-byte allocation limit of SQLite's build) and the list is
rebuilt bucket by bucket. The hash of a name is Knuth's multiplicative hash over its bytes
with the ASCII case bit masked. ``table_order`` replays the insertions of a schema loaded
from its rows in creation order (a schema SQLite reloads, as after ALTER TABLE RENAME);
tables dropped since a load can leave SQLite's buckets another size.
"""

from __future__ import annotations

_MOST_BUCKETS = 1024 // 16      # SQLITE_MALLOC_SOFT_LIMIT / sizeof(struct _ht)


def name_hash(name: str) -> int:
    h = 0
    for byte in name.encode("utf-8", "surrogatepass"):
        h = ((h + (byte & 0xDF)) * 0x9E3779B1) & 0xFFFFFFFF
    return h


def table_order(names: list[str]) -> list[str]:
    """``names`` (tables and views in creation order) in the order SQLite's schema hash
    lists them once loaded; ``sqlite_master`` is not among them."""
    elements: list[tuple[int, str]] = []        # the hash's list, first element first
    heads: dict[int, tuple[int, str]] = {}       # bucket -> the first element of its chain
    buckets = 0

    def link(element):
        if buckets:
            head = heads.get(element[0] % buckets)
            heads[element[0] % buckets] = element
            if head is not None:
                elements.insert(elements.index(head), element)
                return
        elements.insert(0, element)

    for count, name in enumerate(["sqlite_master"] + names, 1):
        if count >= 5 and count > 2 * buckets and min(count * 3, _MOST_BUCKETS) != buckets:
            buckets = min(count * 3, _MOST_BUCKETS)
            old, elements[:] = list(elements), []
            heads.clear()
            for element in old:
                link(element)
        link((name_hash(name), name))
    return [name for _, name in elements if name != "sqlite_master"]
