"""Writing one record of a table together with its index entries.

Both the dictionary (for SYS_* rows) and the planner's DML (for user rows) write through
these functions, so a table and its indexes can never drift apart. Constraint checks are
not made here: the planner decides what may be written, this module only writes it.

Index keys are encoded by a function handed in from above (``encode(value, collation)``,
the planner's ``values.sort_key``), because the order of SQL values is planner knowledge.
"""

from __future__ import annotations

from itertools import islice, repeat
from operator import add, and_, itemgetter, lshift, lt, or_, rshift, sub
from typing import Callable

from ..errors import CorruptDatabaseError
from .schema import EXPRESSION, Index, Table

Encode = Callable[[object, str], object]


def index_values(index: Index, record: tuple, rowid: int):
    """The values an index keeps for a row, in its column order; None when the row is not
    in the index (a partial index whose WHERE it fails)."""
    form = index.form
    if form is None:
        return [record[c.column] for c in index.columns]
    return form.values(record, rowid)


def index_reads(index: Index) -> frozenset:
    """The columns (positions, -1 the rowid) whose change may change the row's entry
    (an index of a WITHOUT ROWID table also holds the PRIMARY KEY: ``Index.suffix``)."""
    suffix = frozenset(c.column for c in index.suffix)
    if index.form is None:
        return frozenset(c.column for c in index.columns) | suffix
    return index.form.reads | suffix


def index_touched(index: Index, columns) -> bool:
    """Whether changing ``columns`` (positions, -1 the rowid) may change a row's entry."""
    return not index_reads(index).isdisjoint(columns)


def index_entry(index: Index, record: tuple, rowid: int, encode: Encode) -> tuple | None:
    """The row's entry in ``index``, or None when a partial index leaves the row out."""
    values = index_values(index, record, rowid)
    if values is None:
        return None
    suffix = [encode(record[c.column], c.collation) for c in index.suffix]   # schema.Index
    return tuple([encode(v, c.collation) for v, c in zip(values, index.columns)] + suffix
                 + [rowid])


def index_key(index: Index, values: tuple, encode: Encode) -> tuple:
    """The encoded key prefix for ``values`` given in the index's column order."""
    return tuple(encode(v, c.collation) for v, c in zip(values, index.columns))


def insert_record(txn, table: Table, rowid: int, record: tuple, encode: Encode) -> None:
    txn.insert_row(table.file_id, rowid, record)
    for index in table.indexes:
        entry = index_entry(index, record, rowid, encode)
        if entry is not None:
            txn.insert_entry(index.file_id, entry)


def insert_records(txn, table: Table, rowids, records: list, encode: Encode,
                   encode_column: Callable[[list, str], list], built: dict | None = None) -> None:
    """Many new records at once (bulk INSERT): one call per file instead of one per row.
    ``encode_column(values, collation)`` gives the keys of every value of a column: the
    list of their ``encode``, or the pair ``(kind, values)`` when each value's key is
    ``(kind, value)`` (then no key is built before the entries are sorted). ``built``, kept
    by the caller from one batch to the next, holds the keys built so far (``_keys``)."""
    txn.insert_rows(table.file_id, rowids, records)
    built = {} if built is None else built
    for index in table.indexes:
        if not _column_taken(txn, index, rowids, records, encode_column):
            txn.insert_entries(index.file_id,
                               _entries(index, rowids, records, encode, encode_column, built))


def _column_taken(txn, index: Index, rowids, records: list, encode_column) -> bool:
    """Whether the store took the entries of an index on one plain column straight from
    the column's keys ``(kind, values)`` and the rowids (``insert_entry_column``: a packed
    index of integers builds no entry tuple and needs no sort here); False, having written
    nothing, for any other index or keys."""
    if index.form is not None or index.suffix or len(index.columns) != 1:
        return False
    column = index.columns[0]
    keys = encode_column(list(map(itemgetter(column.column), records)), column.collation)
    return type(keys) is tuple and txn.insert_entry_column(index.file_id, keys[0], keys[1],
                                                           rowids)


def _entries(index: Index, rowids, records: list, encode: Encode, encode_column,
             built: dict) -> list:
    """The entries of many records in ``index`` in ascending order: those of
    ``index_entry``, built column by column for an index on plain columns (no call per
    row) and sorted by ``_sorted_entries``."""
    if index.form is not None or index.suffix:
        entries = [index_entry(index, record, rowid, encode)
                   for rowid, record in zip(rowids, records)]
        return sorted([e for e in entries if e is not None])
    columns = [encode_column(list(map(itemgetter(c.column), records)), c.collation)
               for c in index.columns]
    return _sorted_entries(columns, rowids, built)


def _built(column):
    """A column's keys as a list (a ``(kind, values)`` pair spelled out)."""
    return column if type(column) is not tuple else list(zip(repeat(column[0]), column[1]))


def _sorted_entries(columns: list, rowids, built: dict | None = None) -> list:
    """``zip(*columns, rowids)`` sorted (a column given as ``(kind, values)`` standing for
    its keys ``(kind, value)``). When the encoded keys of a column are pairs with
    the same first item (``values.sort_key``: a storage class and a value), they compare
    as their second items do, and when they are one and the same 1-tuple (NULL) they are
    equal: the positions are then sorted by those second items and the rowid (``_order``:
    stable sorts on plain values, no tuple per entry) and the entries built afterwards, in
    their order -- so that reading them in order (the redo log, the data file) walks
    memory front to back -- each distinct key built once (``_keys``). One column of
    integer keys with the rowids ascending goes through ``_packed_entries``."""
    if len(columns) == 1 and type(columns[0]) is tuple and len(rowids) >= PACK_FROM:
        entries = _packed_entries(*columns[0], rowids, {} if built is None else built)
        if entries is not None:
            return entries
    flat, parts = [], []
    for column in columns:
        if type(column) is tuple:                   # (kind, values): keys not built yet
            parts.append(column[0])
            flat.append(column[1])
            continue
        shapes = set(map(len, column)) if set(map(type, column)) == {tuple} else None
        classes = set(map(itemgetter(0), column)) if shapes in ({1}, {2}) else ()
        if len(classes) != 1:
            return sorted(zip(*map(_built, columns), rowids))
        if shapes == {2}:
            parts.append(classes.pop())
            flat.append(list(map(itemgetter(1), column)))
        else:
            parts.append(column[0])                 # the one key (NULL) as it is
    order = _order(flat, rowids)
    keys, values, built = [], iter(flat), {} if built is None else built
    for part in parts:
        if type(part) is tuple:
            keys.append(repeat(part, len(order)))
        else:
            keys.append(_keys(part, list(map(next(values).__getitem__, order)), built))
    return list(zip(*keys, map(rowids.__getitem__, order)))


# Entries from which ``_packed_entries`` sorts: below it the values still sit in the
# processor's caches and the sort of positions is the faster (measured: 6,144 entries 320
# against 470 ns each packed; 475,000 of a million-row load 2.4 against 1.9 us).
PACK_FROM = 131072


def _packed_entries(part: int, values: list, rowids, built: dict) -> list | None:
    """``_sorted_entries`` of one column of keys ``(part, value)`` whose values are all
    integers, given rowids in ascending order (a range, or a list: the INTEGER PRIMARY KEY
    as a load gives it); None for any other. Each value and its position are packed into
    one integer, ``(value - lowest) << bits | position``, so that one sort of plain
    integers -- allocated together, where sorting the positions by the values compares
    values scattered over the caller's rows, a cache miss each at a million rows -- gives
    the order of ``(value, rowid)``; the keys come from ``_keys``'s ``built`` (looked up
    in that order, equal values one after the other)."""
    if set(map(type, values)) != {int} or type(rowids) is not range and \
            not all(map(lt, rowids, islice(rowids, 1, None))):
        return None
    lowest, bits = min(values), len(values).bit_length()
    shifted = values if lowest == 0 else map(sub, values, repeat(lowest))
    packed = list(map(or_, map(lshift, shifted, repeat(bits)), range(len(values))))
    packed.sort()
    ordered = map(rshift, packed, repeat(bits))
    ordered = list(ordered if lowest == 0 else map(add, ordered, repeat(lowest)))
    made = built.setdefault((part, int), {})
    new = dict.fromkeys(ordered).keys() - made.keys()      # equal values side by side
    made.update(zip(new, zip(repeat(part), new)))
    positions = map(and_, packed, repeat((1 << bits) - 1))
    return list(zip(map(made.__getitem__, ordered), map(rowids.__getitem__, positions)))


def _order(flat: list, rowids) -> list:
    """The positions of the entries in the order of ``zip(*flat, rowids)``: sorted by the
    rowid, then by each column from the last to the first (each sort stable, on plain
    values: Python compares them as the tuples would, item by item)."""
    order = list(range(len(rowids)))
    if type(rowids) is not range:
        order.sort(key=rowids.__getitem__)
    for values in reversed(flat):
        order.sort(key=values.__getitem__)
    return order


_ONE_VALUE_PER_KEY = ({int}, {str}, {bytes})


def _keys(part: int, values: list, built: dict):
    """The keys ``(part, value)`` of ``values``. When the values are all integers, all text
    or all blobs, equal values are the same value (no 5 and 5.0, no 0.0 and -0.0), so each
    distinct key is made once and shared by its entries (storage/sharedkeys.py shares
    exactly such keys; here the batch needs no per-entry work for it) -- and by the
    entries of the batches before, from ``built[(part, type)]``, which gets the new ones:
    the index then already holds the very key objects of a later batch's entries."""
    kinds = set(map(type, values))
    if kinds not in _ONE_VALUE_PER_KEY:
        return zip(repeat(part), values)
    made = built.setdefault((part, kinds.pop()), {})
    new = dict.fromkeys(values).keys() - made.keys()
    made.update(zip(new, zip(repeat(part), new)))
    return map(made.__getitem__, values)


def delete_record(txn, table: Table, rowid: int, record: tuple, encode: Encode) -> None:
    txn.delete_row(table.file_id, rowid)
    for index in table.indexes:
        entry = index_entry(index, record, rowid, encode)
        if entry is not None:
            delete_entry(txn, index, entry)


def delete_entry(txn, index: Index, entry: tuple) -> None:
    """Delete the entry a row computes now, as SQLite's OP_IdxDelete does (vdbe.c). An
    index with a form (a partial or expression index) may hold another: its WHERE or an
    expression computed otherwise when the row was written (LIKE before PRAGMA
    case_sensitive_like). Then an index with an expression column loses the first entry
    with the row's rowid and its values in every other column (sqlite3VdbeFindIndexKey);
    with none such, or in any other index, the write fails: 'database disk image is
    malformed'."""
    if index.form is None:
        txn.delete_entry(index.file_id, entry)
        return
    try:
        txn.delete_entry(index.file_id, entry)
    except ValueError:          # not there: the store changed nothing
        txn.delete_entry(index.file_id,
                         _stored_entry(index, txn.index_entries(index.file_id), entry))


def _stored_entry(index: Index, entries, entry: tuple) -> tuple:
    kept = [i for i, c in enumerate(index.columns) if c.column != EXPRESSION]
    if len(kept) < len(index.columns):
        width = len(index.columns)
        for stored in entries:
            if stored[width:] == entry[width:] and \
                    all(stored[i] == entry[i] for i in kept):
                return stored
    raise CorruptDatabaseError()


def update_record(txn, table: Table, rowid: int, old: tuple, new: tuple,
                  encode: Encode, assigned: frozenset | None = None) -> None:
    """Replace a record in place (same rowid); only indexes whose key changed are touched.
    ``assigned``: the columns the statement set, when known (``_reindex``)."""
    txn.update_row(table.file_id, rowid, new)
    for index in table.indexes:
        _reindex(txn, index, rowid, old, new, encode, assigned)


def update_records(txn, table: Table, rowids: list, olds: list, news: list, encode: Encode,
                   indexes) -> None:
    """``update_record`` for many records at once (a fused UPDATE): one call to the store
    for the rows; ``indexes``: those of the table whose key may have changed (the caller
    knows which columns it set), each entry compared as ``update_record`` does."""
    txn.update_rows(table.file_id, rowids, news)
    for index in indexes:
        for rowid, old, new in zip(rowids, olds, news):
            _reindex(txn, index, rowid, old, new, encode, _EVERY)


_EVERY = object()       # ``assigned`` of an index the caller knows the statement sets


def _reindex(txn, index: Index, rowid: int, old: tuple, new: tuple, encode: Encode,
             assigned=None) -> None:
    """Move ``rowid``'s entry in ``index`` when its key differs between the records. An
    index with a form whose entry for the row, as computed now, is not stored (its LIKE
    changed since, PRAGMA case_sensitive_like) is rewritten all the same when the
    statement sets a column it reads, as SQLite deletes and writes the entries of every
    index an UPDATE's columns touch (update.c), through ``delete_entry``."""
    if index.form is not None:
        before = index_entry(index, old, rowid, encode)
        after = index_entry(index, new, rowid, encode)
        if before == after and (before is None or not _sets(index, old, new, assigned)
                                or before in txn.index_entries(index.file_id)):
            return
    elif any(old[c.column] is not new[c.column] and old[c.column] != new[c.column]
             or type(old[c.column]) is not type(new[c.column])
             for c in index.columns + index.suffix):
        before = index_entry(index, old, rowid, encode)
        after = index_entry(index, new, rowid, encode)
    else:
        return
    if before is not None:
        delete_entry(txn, index, before)
    if after is not None:
        txn.insert_entry(index.file_id, after)


def _sets(index: Index, old: tuple, new: tuple, assigned) -> bool:
    """Whether the statement sets a column ``index`` reads: by ``assigned`` (``_EVERY``:
    the caller chose the index for that), else by a value that changed."""
    if assigned is _EVERY:
        return True
    if assigned is not None:
        return index_touched(index, assigned)
    return any(c >= 0 and (old[c] != new[c] or type(old[c]) is not type(new[c]))
               for c in index_reads(index))


def find_equal(store, index: Index, values, encode: Encode, limit: int | None = None) -> list[int]:
    """Rowids whose index key equals ``values`` (in the index's column order)."""
    prefix = index_key(index, values, encode)
    entries = store.index(index.file_id).range(prefix, prefix)
    if limit is not None:
        entries = entries[:limit]
    return [entry[-1] for entry in entries]
