"""Executing CREATE/DROP TABLE, INDEX and VIEW, and REINDEX, inside the current transaction.

The dictionary writes the SYS_* rows and creates or drops the files; this module adds what
needs SQL semantics: filling a new or rebuilt index from the table's rows (and refusing
duplicates for a UNIQUE one), which indexes a REINDEX names, the implicit DELETE that DROP TABLE performs on a parent table when
foreign keys are on, and the sqlite_stat1 rows DROP TABLE and DROP INDEX delete. sqlite_sequence, like SQLite's, may be read and written but not dropped
or indexed.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...catalog.schema import SEQUENCE_TABLE
from ...catalog.statistics import STAT_TABLE
from ...errors import IntegrityError, NotSupportedError, OperationalError
from ..plan import bound as b
from ..types import values as V
from .writer import index_label
from ...catalog.ascii_case import ascii_lower, ascii_upper


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


def written(stmt) -> str:
    """The name a DROP statement gave, with its schema if it wrote one."""
    return f"{stmt.schema}.{stmt.name}" if stmt.schema else stmt.name


def create_table(txn, dictionary, stmt: b.CreateTable) -> bool:
    """Create the table; False when IF NOT EXISTS found one already."""
    if _refuse_taken_name(dictionary, stmt.draft.name, stmt.if_not_exists):
        return False
    for fk in stmt.draft.foreign_keys:
        fk.child = stmt.draft.name
    dictionary.create_table(txn, stmt.draft)
    return True


def drop_table(txn, dictionary, stmt: b.DropTable, fkeys=None, delete_all=None,
               destroying=None) -> None:
    """DROP TABLE; ``destroying()`` is asked just before the table's files go (SQLite's
    OP_Destroy), where a running statement of the connection may refuse it."""
    table = table_to_drop(dictionary, stmt)
    if table is None:
        return
    # SQLite forgets the schema's views' columns as it codes the DROP (sqlite3CodeDropTable),
    # so a DROP that then fails -- a foreign key's check -- leaves them forgotten too
    dictionary.forget_view_columns()
    if fkeys is not None:
        fkeys.before_drop_table(txn, table, lambda: delete_all(table))
    clear_stats(txn, dictionary, 0, table.name)
    if destroying is not None:
        destroying()
    dictionary.drop_table(txn, table)


def table_to_drop(dictionary, stmt: b.DropTable):
    """The table DROP TABLE drops, None when IF EXISTS finds none; SQLite's error when
    it may not drop it (looked up alone by sql/ddl_lookups.py before values are bound)."""
    table = dictionary.table(stmt.name)
    if table is None and dictionary.view(stmt.name) is not None:
        raise OperationalError(f"use DROP VIEW to delete view {dictionary.view(stmt.name).name}")
    if table is None:
        if stmt.if_exists:
            return None
        raise OperationalError(f"no such table: {written(stmt)}")
    refuse_undroppable(table)
    return table


def refuse_undroppable(table) -> None:
    """SQLite's tableMayNotBeDropped, checked before DROP TABLE's and DROP VIEW's check
    of the object's kind: the schema table, sqlite_sequence, a virtual table."""
    if table.system or table.virtual is not None or ascii_lower(table.name) == SEQUENCE_TABLE:
        raise OperationalError(f"table {table.name} may not be dropped")


def clear_stats(txn, dictionary, field: int, name: str) -> None:
    """Delete the sqlite_stat1 rows whose ``tbl`` (field 0) or ``idx`` (1) is ``name``, as
    SQLite's sqlite3ClearStatTables does for DROP TABLE and DROP INDEX."""
    stat_table = dictionary.table(STAT_TABLE)
    if stat_table is None:
        return
    for rowid, record in list(dictionary.store.table(stat_table.file_id).scan()):
        if len(record) > field and record[field] == name:
            rowio.delete_record(txn, stat_table, rowid, record, dictionary.encode)


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
    _fill(txn, store, table, table.index_named(draft.name))


def _fill(txn, store, table, index) -> None:
    """Write an entry of the new, empty ``index`` for every row of its table."""
    for rowid, record in store.table(table.file_id).scan():
        entry = rowio.index_entry(index, record, rowid, V.sort_key)
        if entry is not None:
            txn.insert_entry(index.file_id, entry)
    if index.unique:
        _refuse_duplicates(table, index, store.index(index.file_id))


def _refuse_duplicates(table, index, entries_file) -> None:
    width = len(index.columns)
    previous = None
    for entry in entries_file.entries:
        key = entry[:width]
        if key == previous and all(k != (0,) for k in key):
            raise IntegrityError(f"UNIQUE constraint failed: {index_label(table, index)}")
        previous = key


def drop_index(txn, dictionary, stmt: b.DropIndex, destroying=None) -> None:
    found = index_to_drop(dictionary, stmt)
    if found is None:
        return
    owner, index = found
    clear_stats(txn, dictionary, 1, index.name)
    if destroying is not None:
        destroying()
    dictionary.drop_index(txn, owner, index)


def index_to_drop(dictionary, stmt: b.DropIndex):
    """(table, index) DROP INDEX drops, None when IF EXISTS finds none; SQLite's error
    when it may not drop it."""
    owner = dictionary.index_owner(stmt.name)
    if owner is None:
        if stmt.if_exists:
            return None
        raise OperationalError(f"no such index: {written(stmt)}")
    index = owner.index_named(stmt.name)
    if index.origin != "c":
        raise OperationalError("index associated with UNIQUE or PRIMARY KEY constraint "
                               "cannot be dropped")
    return owner, index


def reindex(txn, dictionary, store, stmt: b.Reindex, in_place: bool = False) -> None:
    """REINDEX: each index it names is rebuilt into a new file from its table's rows (so a
    damaged index file is repaired too); the schema cookie stays as it is, as in SQLite.
    ``in_place``: refilled in the file it has (a write that runs may be writing it)."""
    for table_name, index_name in reindexed(dictionary, stmt):
        if in_place:
            table = dictionary.table(table_name)
            _refill(txn, store, table, table.index_named(index_name))
            continue
        table = dictionary.rebuild_index(txn, dictionary.table(table_name), index_name)
        _fill(txn, store, table, table.index_named(index_name))


def _refill(txn, store, table, index) -> None:
    """REINDEX of an index a running INSERT, UPDATE or DELETE of the connection may be
    writing through (SQLite clears and refills the same b-tree): the same file made to
    hold exactly one entry per row of the table -- the entries it lacks written, those no
    row gives deleted, each through the transaction's undo log."""
    wanted = set()
    for rowid, record in store.table(table.file_id).scan():
        entry = rowio.index_entry(index, record, rowid, V.sort_key)
        if entry is not None:
            wanted.add(entry)
    held = store.index(index.file_id)
    present = set(held.entries)
    for entry in present - wanted:
        txn.delete_entry(index.file_id, entry)
    for entry in sorted(wanted - present):
        txn.insert_entry(index.file_id, entry)
    if index.unique:
        _refuse_duplicates(table, index, held)


def reindexed(dictionary, stmt: b.Reindex) -> list[tuple[str, str]]:
    """(table, index) names to rebuild, found as SQLite's sqlite3Reindex finds them: no
    name is every index; a lone name is a collation (every index with a column of it), else
    a table (its indexes), else an index."""
    schema, name = stmt.schema, stmt.name
    if name is None or schema is None and V.is_collation(name):
        wanted = None if name is None else ascii_upper(name)
        tables = [dictionary.table(t) for t in dictionary.table_names()]
        return [(t.name, i.name) for t in tables for i in t.indexes
                if wanted is None or _uses_collation(t, i, wanted)]
    if schema is not None and ascii_lower(schema) not in ("main", "temp"):
        raise OperationalError(f"unknown database {schema}")
    if schema is None or ascii_lower(schema) == "main":
        table = dictionary.table(name)
        if table is not None and table.system and table.indexes:
            raise NotSupportedError(f"REINDEX of the data dictionary ({table.name}) is not "
                                    "supported")
        if table is not None:
            return [(table.name, i.name) for i in table.indexes]
        if dictionary.view(name) is not None:
            return []                   # a view has no index: nothing to do, as in SQLite
        owner = dictionary.index_owner(name)
        if owner is not None:
            return [(owner.name, owner.index_named(name).name)]
    raise OperationalError("unable to identify the object to be reindexed")


def _uses_collation(table, index, wanted: str) -> bool:
    """SQLite 3.54's collationMatch: whether any column of ``index``'s entries compares
    with collation ``wanted`` -- its key columns, then what follows them in an entry: a
    WITHOUT ROWID table's PRIMARY KEY columns (``suffix``) or, in its PRIMARY KEY index,
    the table's other columns, or the rowid; those last two compare as BINARY, so
    ``REINDEX BINARY`` rebuilds every index of a rowid table."""
    if any(c.collation == wanted for c in index.columns + index.suffix):
        return True
    if wanted != "BINARY":
        return False
    if not table.without_rowid:
        return True
    return index.origin == "pk" and len(table.columns) > len(index.columns)


def create_view(txn, dictionary, stmt: b.CreateView) -> None:
    if not _refuse_taken_name(dictionary, stmt.name, stmt.if_not_exists):
        dictionary.create_view(txn, stmt.name, stmt.sql)


def drop_view(txn, dictionary, stmt: b.DropView) -> None:
    view = view_to_drop(dictionary, stmt)
    if view is None:
        return
    dictionary.forget_view_columns()        # as a DROP TABLE's (sqlite3CodeDropTable)
    dictionary.drop_view(txn, view)


def view_to_drop(dictionary, stmt: b.DropView):
    """The view DROP VIEW drops, None when IF EXISTS finds none; SQLite's error when the
    name is a table's or no object's."""
    view = dictionary.view(stmt.name)
    if view is None:
        table = dictionary.table(stmt.name)
        if table is not None:
            refuse_undroppable(table)
            raise OperationalError(f"use DROP TABLE to delete table {table.name}")
        if stmt.if_exists:
            return None
        raise OperationalError(f"no such view: {stmt.written or stmt.name}")
    return view
