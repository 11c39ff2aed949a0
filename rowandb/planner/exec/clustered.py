"""Reading a WITHOUT ROWID table in PRIMARY KEY order.

RowanDB keeps a WITHOUT ROWID table as a table file under an internal row number that
nothing in SQL can see (no ``rowid`` column, no ``last_insert_rowid``), and its PRIMARY
KEY as the unique index of origin ``pk`` (docs/STORAGE.md, "WITHOUT ROWID tables"). That
index is the table's clustered order: a scan of the table walks it, so rows come out in
the key's order under its collations, as SQLite's b-tree keyed on the PRIMARY KEY gives
them. Index entries are kept in ascending key order; a key column declared DESC is read
in descending order here (a stable sort per DESC column, from the last key column to the
first), as SQLite's DESC key columns store it.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...storage.memory import padded
from ..types import values as V


def primary_index(table):
    """The PRIMARY KEY's index of a WITHOUT ROWID table."""
    return next(index for index in table.indexes if index.origin == "pk")


def key_order(index, entries: list) -> list:
    """``entries`` (ascending, as an index file keeps them) in the key's declared order."""
    desc = [i for i, c in enumerate(index.columns) if c.desc]
    if not desc:
        return entries
    entries = list(entries)
    for i in range(len(index.columns) - 1, -1, -1):
        if i in desc:
            entries.reverse()                 # equal keys keep their relative order
            entries.sort(key=lambda e: e[i])
            entries.reverse()
        else:
            entries.sort(key=lambda e: e[i])
    return entries


def clustered_rows(store, table):
    """(row number, record) of every row of ``table``, in PRIMARY KEY order."""
    index = primary_index(table)
    table_file = store.table(table.file_id)
    rows, fill = table_file.rows, table_file.fill
    for entry in key_order(index, store.index(index.file_id).range(None, None)):
        rowid = entry[-1]
        record = rows.get(rowid)
        if record is not None:
            yield rowid, (record if fill is None else padded(record, fill))


def in_row_order(store, table, rowids) -> list:
    """``rowids`` in the order a statement visits rows that it visits "in rowid order":
    ascending for a table with a rowid, PRIMARY KEY order for a WITHOUT ROWID table."""
    if not table.without_rowid:
        return sorted(rowids)
    index, rows = primary_index(table), store.table(table.file_id)
    entries = sorted(rowio.index_entry(index, rows.get(r), r, V.sort_key) for r in set(rowids))
    return [entry[-1] for entry in key_order(index, entries)]


def moved(table, old: tuple, current: tuple) -> bool:
    """Whether a BEFORE trigger gave the row another PRIMARY KEY: SQLite then seeks the
    old key, finds no row and leaves the row alone, as it does for a changed rowid."""
    if not table.without_rowid:
        return False
    index = primary_index(table)
    return rowio.index_key(index, [old[c.column] for c in index.columns], V.sort_key) != \
        rowio.index_key(index, [current[c.column] for c in index.columns], V.sort_key)


class KeyWatch:
    """How an UPDATE or DELETE finds again each row it collected. A table with a rowid:
    by rowid. A WITHOUT ROWID table: SQLite seeks the PRIMARY KEY it collected, so it
    visits whichever row has that key by then -- none when a trigger changed the key, the
    row that took the key over when a REPLACE moved another row onto it."""

    def __init__(self, store, table, rowids):
        self.store, self.table = store, table
        self.file = store.table(table.file_id)
        self.keys = None
        if table.without_rowid:
            index = self.index = primary_index(table)
            self.keys = {rowid: [self.file.get(rowid)[c.column] for c in index.columns]
                         for rowid in rowids}

    def visit(self, rowid):
        """(rowid, record) of the row to visit in place of collected ``rowid``, or None."""
        if self.keys is not None:
            found = rowio.find_equal(self.store, self.index, self.keys[rowid], V.sort_key,
                                     limit=1)
            if not found:
                return None
            rowid = found[0]
        record = self.file.get(rowid)
        return None if record is None else (rowid, record)
