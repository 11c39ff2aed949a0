"""The order of sqlite_schema's rows after a VACUUM: SQLite's, which regroups them.

SQLite's VACUUM builds a new database and fills its schema table with three queries over
the old one, in its rowid order (vacuum.c, sqlite3RunVacuum): it runs the CREATE TABLE text
of every table but sqlite_sequence (each writing its row, then the rows of the indexes its
PRIMARY KEY and UNIQUE constraints make; the first AUTOINCREMENT table makes
sqlite_sequence again right after those), then the CREATE INDEX text of every index (an
automatic index has none: it was made with its table), then copies the rows of the views
and triggers. Objects made after the VACUUM come after all of those, in creation order.

RowanDB keeps its objects' ids (one sequence: their creation order) and records, in the
SYS_HEADER field ``vacuum_mark``, the highest id when the last VACUUM ran; ``schema_order``
gives each object a sort key that puts the objects up to the mark in SQLite's groups
(each group in id order, which is the order the previous listing had them in, since a
VACUUM only regroups what came before it) and the later ones after them by id. New ids
are always above the mark (``Dictionary.next_object_id``).
"""

from __future__ import annotations

from .ascii_case import ascii_lower

_TABLES, _INDEXES, _OTHERS, _LATER = 0, 1, 2, 3
_AFTER_ITS_INDEXES = float("inf")       # sqlite_sequence: after its table's own indexes


def schema_order(objects: list, mark: int, autoincrement: set) -> list:
    """(sort key, sqlite_schema row) of each (id, row) of ``objects``; ``autoincrement``:
    the ids of the AUTOINCREMENT tables."""
    if not mark:
        return [((_LATER, oid, 0), row) for oid, row in objects]
    tables = {ascii_lower(row[1]): oid for oid, row in objects
              if row[0] == "table" and oid <= mark}
    first_autoincrement = min((oid for oid in autoincrement if oid <= mark), default=None)
    keyed = []
    for oid, row in objects:
        kind, name = row[0], ascii_lower(row[1])
        if oid > mark:
            key = (_LATER, oid, 0)
        elif kind == "table" and name == "sqlite_sequence" and first_autoincrement is not None:
            key = (_TABLES, first_autoincrement, _AFTER_ITS_INDEXES)
        elif kind == "table":
            key = (_TABLES, oid, 0)
        elif kind == "index" and row[4] is None and ascii_lower(row[2]) in tables:
            key = (_TABLES, tables[ascii_lower(row[2])], oid)     # made with its table
        elif kind == "index":
            key = (_INDEXES, oid, 0)
        else:
            key = (_OTHERS, oid, 0)
        keyed.append((key, row))
    return keyed
