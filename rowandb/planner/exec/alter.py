"""Executing ALTER TABLE ADD COLUMN, RENAME TO, RENAME COLUMN, DROP COLUMN and the
constraint forms (ALTER COLUMN SET/DROP NOT NULL, ADD CHECK, DROP CONSTRAINT) in the current
transaction.

The dictionary rewrites the SYS_* rows (catalog/alter.py); this module adds what needs the
table's rows: the refusals SQLite makes only when the table has a row (its
sqlite3ErrorIfNotEmpty), and, after a column is added to a table with CHECK constraints or
to a STRICT table, the check of every existing row as it now reads (the new column's
default included) -- SQLite's pragma_quick_check run, with its two messages. No row is
written: ADD COLUMN costs the same on an empty table and on a large one, unless that check
must read the rows -- or the new column is a (VIRTUAL) generated column, whose value every
row gets written into (``compute_generated``). DROP COLUMN does write every row (the
dictionary moves them to a new table file without the column). SET NOT NULL and ADD CHECK
read every row afterwards (``edit_constraints``) and fail as SQLite 3.54 does, with
"constraint failed" (SQLITE_CONSTRAINT: IntegrityError).
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...errors import IntegrityError, OperationalError
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
                check_datatypes(table, writer.datatypes, record)
            except IntegrityError:
                raise OperationalError("type mismatch on DEFAULT") from None
        env[slot], env[slot + 1] = record, rowid
        for _, check, _ in writer.checks:
            value = check(env)
            if value is not None and not V.truth(value):
                raise OperationalError("CHECK constraint failed")


def compute_generated(txn, store, table, writer) -> None:
    """A VIRTUAL column was added: compute it into every existing row (RowanDB keeps
    generated values in the record, see sql/bind/generated.py), and fail as SQLite's check of
    the rows does when the new column is NOT NULL and a row computes NULL."""
    column = len(table.columns) - 1
    notnull = table.columns[column].notnull
    for rowid, record in list(store.table(table.file_id).scan()):
        new = list(record)
        writer.generated.compute(new)
        if notnull and new[column] is None:
            raise OperationalError("NOT NULL constraint failed")
        rowio.update_record(txn, table, rowid, record, tuple(new), writer.encode)


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
