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

from ...storage.memory import padded


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
