"""The foreign keys of a bulk INSERT chunk (bulk.py), checked as sets.

A chunk written at once must do exactly what its statements, run one by one, would do.
Against the table's foreign keys that holds when no statement of the chunk could record
a violation or take one back (fkeys.py), which ``chunk_satisfies`` establishes:

- every child key of the chunk whose parts are all non-NULL already has its parent row,
  looked up once per distinct key with the same conversion a row's own check makes
  (``Resolved.lookup_key``, ``ForeignKeys.parent_exists``) -- then no statement records
  a violation, immediate or deferred, and none fails at its end;
- the parent is another table: a self-referencing row could find its parent further on
  in the chunk, where each statement looks only at the rows written before it;
- no constraint referencing the table has recorded violations the new rows might take
  back (``ForeignKeys._take_back``).

Anything else declines the chunk, which then runs row by row and records, counts and
fails as SQLite does. ``resolve`` raising (a missing parent table, a mismatch) declines
too: the row-by-row path raises the same error at the same statement.
"""

from __future__ import annotations

from ...errors import DatabaseError
from ...catalog.ascii_case import ascii_lower


def chunk_satisfies(fkeys, table, columns: list, found: dict | None = None) -> bool:
    """Whether writing the chunk whose record columns (by table position) are
    ``columns`` needs nothing from the foreign keys (see the module docstring).
    ``found``, when given, maps a parent table's file to the integer rowids already found
    there by the chunks before this one, written since with no other change to any table
    (bulk.py ``BulkInsert._memo``): those are not looked up again, and this chunk's are
    added."""
    if fkeys is None or not fkeys.enabled:
        return True
    for fk in table.fk_in.values():
        if fkeys.statement_checks.has_children_of(fk) \
                or fkeys.deferred_checks.has_children_of(fk):
            return False
    for fk in table.fk_out.values():
        try:
            r = fkeys.resolve(fk)
        except DatabaseError:
            return False
        if ascii_lower(r.parent.name) == ascii_lower(r.child.name):  # one dictionary: same table
            return False
        parts = [columns[p] for p in r.child_cols]
        if r.parent_index is None and len(parts) == 1:
            present = _integer_rowids_found(fkeys, r, parts[0], found)
            if present is not None:
                if present:
                    continue
                return False
        keys = _distinct_keys(parts, r.parent_index is None)
        if r.parent_index is None and not _rowids_found(fkeys, r, keys):
            return False
        for key in keys:
            if None not in key and not fkeys.parent_exists(r, r.lookup_key(key)):
                return False
    return True


def _integer_rowids_found(fkeys, r, column: list, found: dict | None) -> bool | None:
    """For a one-column key into a rowid parent whose values are all integers: whether
    every distinct value names a parent row (C-level passes, no tuple per key), looking up
    only those not in ``found``'s set for the parent (which then gets them) -- none at all
    when the parent's rowids are one full range holding every value (``_within_dense``);
    None for any other column, which the general path checks."""
    if set(map(type, column)) != {int}:
        return None
    parent = fkeys.store.table(r.parent.file_id)
    if _within_dense(parent, column):
        return True
    values = set(column)
    known = None if found is None else found.setdefault(r.parent.file_id, set())
    fresh = values if not known else values - known
    if not all(map(parent.get, fresh)):
        return False
    if known is not None:
        known |= fresh
    return True


def _within_dense(parent, column: list) -> bool:
    """Whether every value of ``column`` (integers) is a rowid of ``parent`` because the
    parent's rowids are every integer from its lowest to its highest (as many rows as
    that range holds: rowids are distinct integers) and the values lie in that range --
    two C-level passes (``min``, ``max``) instead of a set of the chunk's values and a
    lookup per new one, which at a million rows miss the caches at every value."""
    count = len(parent)
    if not count:
        return False
    low, high = parent.min_rowid(), parent.max_rowid()
    return high - low + 1 == count and low <= min(column) and max(column) <= high


def _rowids_found(fkeys, r, keys) -> bool:
    """Whether every integer key of a rowid parent names a row, in one C-level pass (a
    record is a non-empty tuple); the other keys, which ``parent_exists`` converts
    first, are left to it: an integer key found is removed from ``keys``."""
    ints = [key for key in keys if type(key[0]) is int]
    if not all(map(fkeys.store.table(r.parent.file_id).get, [k[0] for k in ints])):
        return False
    keys.difference_update(ints)
    return True


def _distinct_keys(parts: list, rowid_parent: bool):
    """The chunk's child keys, each once. For a rowid parent equal values are one key
    (the rowid a value takes depends on its value alone: 1 and 1.0 are rowid 1); for a
    parent index, which converts by affinity, values also differ by type and by the sign
    of a zero ('1' and '1.0', '0.0' and '-0.0' as TEXT)."""
    if rowid_parent:            # one column: a tuple per distinct value only
        return set(zip(set(parts[0]))) if len(parts) == 1 else set(zip(*parts))
    keys = zip(*parts)
    seen: dict = {}
    for key in keys:
        seen.setdefault(tuple((type(v), repr(v) if type(v) is float else v) for v in key),
                        key)
    return seen.values()
