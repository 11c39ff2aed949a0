"""CREATE TABLE ... WITHOUT ROWID: SQLite's rules for the table's definition.

sqlite.org/withoutrowid.html: such a table must have a PRIMARY KEY, may not use
AUTOINCREMENT, has no rowid (so INTEGER PRIMARY KEY aliases nothing and keeps INTEGER
affinity) and its PRIMARY KEY columns are NOT NULL (SQLite's sqlite3EndTable refuses the
first two, then convertToWithoutRowidTable marks the columns and drops a column named twice
in the key). A key that would alias the rowid in an ordinary table gets its index only
then, after every UNIQUE constraint's (sqlite3AddPrimaryKey makes none for it), which
decides its autoindex number and that it is checked first. The table is kept clustered on
that key: see docs/STORAGE.md, "WITHOUT ROWID
tables", for how RowanDB stores and scans it.
"""

from __future__ import annotations

import dataclasses

from ...catalog.schema import Table
from ...errors import OperationalError


def convert(draft: Table, pk_keys: list) -> list:
    """Make ``draft`` a WITHOUT ROWID table; return its PRIMARY KEY's (position, term)
    pairs with a column named twice kept once, as SQLite keeps it."""
    if draft.autoincrement:
        raise OperationalError("AUTOINCREMENT not allowed on WITHOUT ROWID tables")
    if not pk_keys:
        raise OperationalError(f"PRIMARY KEY missing on table {draft.name}")
    draft.without_rowid = True
    draft.rowid_alias = None
    draft.columns = tuple(dataclasses.replace(c, notnull=True) if c.pk else c
                          for c in draft.columns)
    seen, keys = set(), []
    for position, term in pk_keys:
        if position not in seen:
            seen.add(position)
            keys.append((position, term))
    return keys


def xinfo_tail(table: Table, index, first: int) -> list:
    """The rows ``PRAGMA index_xinfo`` shows after the key columns of an index of a WITHOUT
    ROWID table, numbered from ``first``: for the PRIMARY KEY's index, every other column
    (the rest of the row, which SQLite keeps in that b-tree); for another index, the
    PRIMARY KEY's columns it does not already hold under the same collation (what SQLite's
    entries end with in place of a rowid)."""
    if index.origin == "pk":
        keyed = {c.column for c in index.columns}
        tail = [(i, 0, c.collation_name or "BINARY") for i, c in enumerate(table.columns)
                if i not in keyed]
    else:                           # catalog.schema.clustering_suffix chose them
        tail = [(c.column, int(c.desc), c.collation_name or c.collation) for c in index.suffix]
    return [(first + k, pos, table.columns[pos].name, desc, collation, 0)
            for k, (pos, desc, collation) in enumerate(tail)]
