"""A row whose foreign key names its own table's key, checked as SQLite checks it.

SQLite looks for the parent of a row it writes before the row's new index entries exist
(fkey.c, fkLookupParent: for an INSERT the row is not written yet; an UPDATE has deleted
its old entries and not made the new ones). So the row cannot find itself by the lookup:
a row of a self-referencing table (parent key held by an index) is its own parent only
when its child columns equal its parent columns as they are stored -- no affinity, the
BINARY collation, a NULL never equal (the OP_Ne it codes) -- and otherwise another row
must hold the key. A violation counted then stays counted though the row does hold the
key by the parent's affinity or collation: `INSERT INTO t VALUES ('7', 7)` into
``t(o TEXT PRIMARY KEY, u INT REFERENCES t(o))`` fails, as 'A' does under a NOCASE 'a'
(fuzz 119300009). A rowid parent takes the child value as a rowid (OP_MustBeInt) and
compares it so; the general lookup serves it.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ..types import values as V


def is_self_reference(r) -> bool:
    """Whether constraint ``r`` (fkeys.Resolved) names its own table's indexed key."""
    return r.parent_index is not None and r.parent is r.child


def counted_for_itself(store, r, rowid: int, record: tuple, key: tuple) -> bool:
    """Whether SQLite counts a violation for the row ``rowid`` just written as
    ``record`` (its child key ``key``, as the parent's lookup takes it): it is not its
    own parent by stored value, and no other row holds the key."""
    if all(_same(record[c], record[p]) for c, p in zip(r.child_cols, r.parent_cols)):
        return False
    values = [key[i] for i in r.order]
    found = rowio.find_equal(store, r.parent_index, values, V.sort_key, limit=2)
    return not any(other != rowid for other in found)


def held_by_itself(r, key: tuple, record: tuple) -> bool:
    """Whether the parent's lookup of ``key`` would find the row ``record`` itself (its
    parent key compared as the parent's index compares)."""
    own = r.parent_key(record)
    if own is None:
        return False
    index = r.parent_index
    return rowio.index_key(index, [key[i] for i in r.order], V.sort_key) == \
        rowio.index_key(index, [own[i] for i in r.order], V.sort_key)


def _same(a, b) -> bool:
    """``a = b`` with no affinity and the BINARY collation (NULL is never equal)."""
    if a is None or b is None:
        return False
    numeric_a, numeric_b = isinstance(a, (int, float)), isinstance(b, (int, float))
    if numeric_a or numeric_b:
        return numeric_a and numeric_b and a == b
    return type(a) is type(b) and a == b
