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
    """``entries`` (ascending, as an index file keeps them) in the key's declared order
    (a secondary index of a WITHOUT ROWID table: its PRIMARY KEY suffix's too)."""
    columns = index.columns + index.suffix
    desc = [i for i, c in enumerate(columns) if c.desc]
    if not desc:
        return entries
    entries = list(entries)
    for i in range(len(columns) - 1, -1, -1):
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


def seek(store, table, rowid: int, record: tuple):
    """Find again the row a statement collected as (``rowid``, ``record``): (rowid, record)
    of the row to visit now, or None. By rowid in a table with one; by PRIMARY KEY in a
    WITHOUT ROWID table, as SQLite seeks the key it collected -- so no row when a trigger
    changed the key, and the row that took the key over when an OR REPLACE moved (or
    re-inserted) one onto it."""
    rows = store.table(table.file_id)
    if table.without_rowid:
        index = primary_index(table)
        found = rowio.find_equal(store, index, [record[c.column] for c in index.columns],
                                 V.sort_key, limit=1)
        if not found:
            return None
        rowid = found[0]
    current = rows.get(rowid)
    return None if current is None else (rowid, current)


class KeyWatch:
    """The rows an UPDATE or DELETE collected, each found again with ``seek`` when the
    statement comes to it (a WITHOUT ROWID table's by the key it had when collected)."""

    def __init__(self, store, table, rowids):
        self.store, self.table = store, table
        self.found = None
        if table.without_rowid:
            rows = store.table(table.file_id)
            self.found = {rowid: rows.get(rowid) for rowid in rowids}

    def visit(self, rowid):
        """(rowid, record) of the row to visit in place of collected ``rowid``, or None."""
        return seek(self.store, self.table, rowid, self.found and self.found[rowid])
