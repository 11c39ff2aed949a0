"""Executing CREATE/DROP TABLE, INDEX and VIEW inside the current transaction.

The dictionary writes the SYS_* rows and creates or drops the files; this module adds what
needs SQL semantics: filling a new index from the table's rows (and refusing duplicates for
a UNIQUE one), and the implicit DELETE that DROP TABLE performs on a parent table when
foreign keys are on. sqlite_sequence, like SQLite's, may be read and written but not dropped
or indexed.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...catalog.schema import SEQUENCE_TABLE
from ...errors import IntegrityError, OperationalError
from ..plan import bound as b
from ..types import values as V


def _refuse_taken_name(dictionary, name: str, if_not_exists: bool) -> bool:
    """SQLite's checks of a new table's or view's name (sqlite3StartTable): True when IF NOT
    EXISTS makes the statement do nothing."""
    kind = "table" if dictionary.table(name) is not None else \
        "view" if dictionary.view(name) is not None else None
    if kind is not None:
        if if_not_exists:
            return True
        raise OperationalError(f"{kind} {name} already exists")
    if dictionary.index_owner(name) is not None:
        raise OperationalError(f"there is already an index named {name}")
    return False


def create_table(txn, dictionary, stmt: b.CreateTable) -> None:
    if _refuse_taken_name(dictionary, stmt.draft.name, stmt.if_not_exists):
        return
    for fk in stmt.draft.foreign_keys:
        fk.child = stmt.draft.name
    dictionary.create_table(txn, stmt.draft)


def drop_table(txn, dictionary, stmt: b.DropTable, fkeys=None, delete_all=None) -> None:
    table = dictionary.table(stmt.name)
    if table is None and dictionary.view(stmt.name) is not None:
        raise OperationalError(f"use DROP VIEW to delete view {dictionary.view(stmt.name).name}")
    if table is None:
        if stmt.if_exists:
            return
        raise OperationalError(f"no such table: {stmt.name}")
    if table.system or table.virtual is not None or table.name.lower() == SEQUENCE_TABLE:
        raise OperationalError(f"table {table.name} may not be dropped")
    if fkeys is not None:
        fkeys.before_drop_table(txn, table, lambda: delete_all(table))
    dictionary.drop_table(txn, table)


def create_index(txn, dictionary, store, stmt: b.CreateIndex) -> None:
    draft = stmt.index
    owner = dictionary.index_owner(draft.name)
    if owner is not None:
        if stmt.if_not_exists:
            return
        raise OperationalError(f"index {draft.name} already exists")
    if dictionary.table(draft.name) is not None or dictionary.view(draft.name) is not None:
        raise OperationalError(f"there is already a table named {draft.name}")
    table = dictionary.create_index(txn, stmt.table, draft)
    index = table.index_named(draft.name)
    entries_file = store.index(index.file_id)
    for rowid, record in store.table(table.file_id).scan():
        txn.insert_entry(index.file_id, rowio.index_entry(index, record, rowid, V.sort_key))
    if index.unique:
        _refuse_duplicates(table, index, entries_file)


def _refuse_duplicates(table, index, entries_file) -> None:
    width = len(index.columns)
    previous = None
    for entry in entries_file.entries:
        key = entry[:width]
        if key == previous and all(k != (0,) for k in key):
            cols = ", ".join(f"{table.name}.{table.columns[c.column].name}" for c in index.columns)
            raise IntegrityError(f"UNIQUE constraint failed: {cols}")
        previous = key


def drop_index(txn, dictionary, stmt: b.DropIndex) -> None:
    owner = dictionary.index_owner(stmt.name)
    if owner is None:
        if stmt.if_exists:
            return
        raise OperationalError(f"no such index: {stmt.name}")
    index = owner.index_named(stmt.name)
    if index.origin != "c":
        raise OperationalError("index associated with UNIQUE or PRIMARY KEY constraint "
                               "cannot be dropped")
    dictionary.drop_index(txn, owner, index)


def create_view(txn, dictionary, stmt: b.CreateView) -> None:
    if not _refuse_taken_name(dictionary, stmt.name, stmt.if_not_exists):
        dictionary.create_view(txn, stmt.name, stmt.sql)


def drop_view(txn, dictionary, stmt: b.DropView) -> None:
    view = dictionary.view(stmt.name)
    if view is None:
        table = dictionary.table(stmt.name)
        if table is not None:
            raise OperationalError(f"use DROP TABLE to delete table {table.name}")
        if stmt.if_exists:
            return
        raise OperationalError(f"no such view: {stmt.written or stmt.name}")
    dictionary.drop_view(txn, view)
