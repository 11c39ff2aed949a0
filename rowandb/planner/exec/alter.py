"""Executing ALTER TABLE ADD COLUMN, RENAME TO, RENAME COLUMN, DROP COLUMN and the
constraint forms (ALTER COLUMN SET/DROP NOT NULL, ADD CHECK, DROP CONSTRAINT) in the current
transaction.

The dictionary rewrites the SYS_* rows (catalog/alter.py); this module adds what needs the
table's rows: the refusals SQLite makes only when the table has a row (its
sqlite3ErrorIfNotEmpty), and, after a column is added to a table with CHECK constraints or
to a STRICT table, the check of every existing row as it now reads (the new column's
default included) -- SQLite's pragma_quick_check run, with its two messages. No row is
written: ADD COLUMN costs the same on an empty table and on a large one, unless that check
must read the rows -- or the new column is a (VIRTUAL) generated column, whose value is
written into every row it computes for (``compute_generated``; a row it fails for is left
to compute it where it is read: sql/bind/virtual_read.py). DROP COLUMN does write every
row (the dictionary moves them to a new table file without the column). SET NOT NULL and ADD CHECK
read every row afterwards (``edit_constraints``) and fail as SQLite 3.54 does, with
"constraint failed" (SQLITE_CONSTRAINT: IntegrityError).
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...errors import DatabaseError, IntegrityError, OperationalError
from ...storage.memory import LazyValue
from ..plan import bound as b
from ..types import values as V
from .datatypes import check_datatypes


def add_column(txn, dictionary, store, stmt: b.AddColumn, foreign_keys_on: bool):
    """Add the column; return the table's new definition."""
    table = stmt.table
    refusals = [message for needs_fk, message in stmt.if_rows
                if foreign_keys_on or not needs_fk]
    if refusals and len(store.table(table.file_id)):
        raise OperationalError(refusals[0])
    if stmt.broken is not None:
        raise OperationalError(stmt.broken)
    return dictionary.add_column(txn, table, stmt.column, stmt.sql, stmt.foreign_keys,
                                 stmt.foreign_keys_at)


def check_rows(store, table, writer) -> None:
    """Every row of ``table`` against its CHECK constraints and STRICT datatypes, through
    ``writer`` (a ``RowWriter`` of the new definition)."""
    env = [None] * writer.env_size
    slot = writer.check_slot
    for rowid, record in store.table(table.file_id).scan():
        if writer.datatypes is not None:
            try:
                check_datatypes(table, writer.datatypes, _read(record, writer.datatypes))
            except IntegrityError:
                raise _datatype_error(table) from None
        env[slot], env[slot + 1] = record, rowid
        for _, check, _ in writer.checks:
            try:
                value = check(env)
            except DatabaseError:       # SQLite's nested check reports any error so
                raise OperationalError("SQL logic error") from None
            if value is not None and not V.truth(value):
                raise OperationalError("CHECK constraint failed")


def _datatype_error(table) -> DatabaseError:
    """SQLite's error for an existing row whose new column breaks its STRICT datatype:
    its check (pragma_quick_check) raises 'type mismatch on DEFAULT' for a DEFAULT, but a
    generated column's OP_TypeCheck fails as it is computed, where the nested statement
    leaves only 'constraint failed' (SQLITE_CONSTRAINT)."""
    if table.columns[-1].is_generated:
        return IntegrityError("constraint failed")
    return OperationalError("type mismatch on DEFAULT")


def _read(record: tuple, datatypes: list | None = None) -> tuple:
    """The values of ``record`` (those of a column with a STRICT datatype when
    ``datatypes`` is given, the others NULL), an added VIRTUAL column's computed
    (virtual_read.py): an error there is "SQL logic error", as SQLite's nested check
    reports it."""
    try:
        if datatypes is None:
            return tuple(record)
        return tuple(record[i] if wanted is not None else None
                     for i, wanted in enumerate(datatypes))
    except DatabaseError:
        raise OperationalError("SQL logic error") from None


def compute_generated(txn, store, table, writer) -> None:
    """A VIRTUAL column was added: compute it into every row it computes for, so that
    reading it costs what reading a stored column costs. A row it fails for keeps its
    record as it was, without the column, which is then computed where a statement reads
    it and fails that statement (sql/bind/virtual_read.py), as SQLite's reads do."""
    file = store.table(table.file_id)
    fill = file.fill        # an added VIRTUAL column a record lacks reads NULL here: the
    if fill is not None:    # new column's computation computes those it reads again
        fill = tuple(None if isinstance(v, LazyValue) else v for v in fill)
    for rowid, old in list(file.rows.pairs()):
        if fill is not None and len(old) < len(fill):
            old = old + fill[len(old):]
        new = list(old)
        try:
            writer.generated.compute(new)
        except DatabaseError:
            continue
        rowio.update_record(txn, table, rowid, old, tuple(new), writer.encode)


def check_generated(store, table) -> None:
    """A NOT NULL VIRTUAL column was added: read it on every row (the records hold no
    value for it: it is computed as read, sql/bind/virtual_read.py) and fail as SQLite's
    check of the rows does -- "SQL logic error" for a computation that fails, whatever
    the error, the constraint's message for a NULL."""
    column = len(table.columns) - 1
    for _, record in store.table(table.file_id).scan():
        if _read(record)[column] is None:
            raise OperationalError("NOT NULL constraint failed")


def rename_table(txn, dictionary, stmt: b.RenameTable) -> None:
    dictionary.rename_table(txn, stmt.table, stmt.new_name, stmt.texts)


def rename_column(txn, dictionary, stmt: b.RenameColumn) -> None:
    dictionary.rename_column(txn, stmt.table, stmt.position, stmt.new_name, stmt.texts,
                             stmt.trigger_columns)


def drop_column(txn, dictionary, stmt: b.DropColumn) -> None:
    """Refuse with the bind-time finding on the table or an index, else drop the column."""
    if stmt.broken is not None:
        raise OperationalError(stmt.broken)
    dictionary.drop_column(txn, stmt.table, stmt.position, stmt.sql, stmt.texts)


def edit_constraints(txn, dictionary, store, stmt: b.EditConstraints, writer_of) -> None:
    """Give the table its new text and constraints, then check its rows: every value of
    the column SET NOT NULL names, every row against the added CHECK (through
    ``writer_of(table)``, a ``RowWriter`` of the new definition)."""
    table = dictionary.edit_constraints(txn, stmt.table, stmt.sql, stmt.columns,
                                        stmt.foreign_keys)
    if stmt.not_null is not None:
        for _, record in store.table(table.file_id).scan():
            if record[stmt.not_null] is None:
                raise IntegrityError("constraint failed")
    if stmt.new_check:
        writer = writer_of(table)
        env = [None] * writer.env_size
        slot = writer.check_slot
        check = writer.checks[-1][1]
        for rowid, record in store.table(table.file_id).scan():
            env[slot], env[slot + 1] = record, rowid
            value = check(env)
            if value is not None and not V.truth(value):
                raise IntegrityError("constraint failed")
