"""Running DDL: a bound CREATE, DROP, REINDEX or ALTER TABLE statement, in the session's
transaction, dispatched to the dictionary (planner/exec/ddl.py, alter.py) or, for TEMP
objects, to the connection's temp schema (temp_views.py). Kept apart from session.py,
which prepares and runs statements of every kind."""

from __future__ import annotations

from ..errors import NotSupportedError
from ..planner.exec import alter, ddl
from ..planner.plan import bound as b
from ..planner.exec.dml import InsertExecutable
from . import (bind_alter, bind_create_as, bind_dml, drop_column, generated, temp_tables,
               temp_views)
from .parser import parse


def run_ddl(session, stmt, params: tuple = ()) -> None:
    """Run a bound CREATE/DROP/REINDEX/ALTER statement in ``session``'s transaction."""
    dictionary, txn = session.db.dictionary, session.txn
    if isinstance(stmt, (b.CreateTable, b.CreateIndex, b.CreateView)):
        session.settings.encoding_fixed = True     # even if it fails (PRAGMA encoding)
    if isinstance(stmt, b.CreateTableAs):
        if stmt.temp and temp_tables.create_table(session, stmt):
            insert = bind_create_as.fill(stmt.draft.name, stmt, session.temp.tables)
            InsertExecutable(insert, session._context(), [None] * len(insert.columns), []).run(
                session.txn, params, session)
        elif not stmt.temp and ddl.create_table(txn, dictionary, stmt):
            insert = bind_create_as.fill(stmt.draft.name, stmt, dictionary)
            InsertExecutable(insert, session._context(), [None] * len(insert.columns), []).run(
                txn, params, session)
    elif isinstance(stmt, b.CreateTable):
        if stmt.temp:
            temp_tables.create_table(session, stmt)
        else:
            ddl.create_table(txn, dictionary, stmt)
    elif isinstance(stmt, b.DropTable):
        temp_views.refuse_drop_table(session, stmt)
        if not temp_tables.drop_table(session, stmt):
            ddl.drop_table(txn, dictionary, stmt, session.fkeys, session._delete_all)
            session.temp.drop_triggers_on(stmt.name)       # its TEMP triggers go with it
    elif isinstance(stmt, b.CreateIndex):
        if temp_tables.is_temp(stmt.table):
            temp_tables.create_index(session, stmt)
        else:
            ddl.create_index(txn, dictionary, session.db.store, stmt)
    elif isinstance(stmt, b.DropIndex):
        if not temp_tables.drop_index(session, stmt):
            ddl.drop_index(txn, dictionary, stmt)
    elif isinstance(stmt, b.Reindex):
        if not temp_tables.reindex(session, stmt):
            ddl.reindex(txn, dictionary, session.db.store, stmt)
    elif isinstance(stmt, b.CreateView):
        if stmt.temp:
            temp_views.create_view(session, stmt)
        else:
            ddl.create_view(txn, dictionary, stmt)
    elif isinstance(stmt, b.DropView):
        if not temp_views.drop_view(session, stmt):
            ddl.drop_view(txn, dictionary, stmt)
            session.temp.drop_triggers_on(stmt.name)
    elif isinstance(stmt, b.EditConstraints):
        alter.edit_constraints(session.txn, dictionary, session.db.store, stmt,
                               lambda table: bind_dml.action_writer(dictionary, table,
                                                                    session._context()))
    elif isinstance(stmt, (b.AddColumn, b.RenameTable, b.RenameColumn, b.DropColumn)):
        _alter(session, stmt)
    elif isinstance(stmt, b.CreateTrigger):
        if stmt.temp:
            temp_views.create_trigger(session, stmt)
        else:
            dictionary.create_trigger(txn, stmt.draft)
    elif isinstance(stmt, b.DropTrigger):
        if stmt.temp:
            temp_views.drop_trigger(session, stmt.trigger)
        elif stmt.trigger is not None:
            dictionary.drop_trigger(txn, stmt.trigger)
    elif stmt is None:
        pass                            # CREATE TRIGGER IF NOT EXISTS of one that exists
    else:
        raise NotSupportedError(f"{type(stmt).__name__} is not supported")

def _alter(session, stmt) -> None:
    """ALTER TABLE (planner/exec/alter.py); afterwards the rows of a table that got a
    column must pass its CHECKs, and every view must still bind after a rename."""
    dictionary, txn = session.db.dictionary, session.txn
    if isinstance(stmt, b.DropColumn):
        if session.settings.legacy_alter_table:
            # SQLite then checks no view or trigger (and reads a broken one as a logic
            # error); RowanDB does not build that mode
            raise NotSupportedError("ALTER TABLE DROP COLUMN with PRAGMA legacy_alter_table=ON "
                                    "is not supported")
        drop_column.check_schema(session)
        alter.drop_column(txn, dictionary, stmt)
        drop_column.check_schema(session, drop_column.AFTER_DROP)
        return
    if session.settings.legacy_alter_table and not isinstance(stmt, b.AddColumn):
        raise NotSupportedError("ALTER TABLE RENAME with PRAGMA legacy_alter_table=ON "
                                "is not supported")
    if isinstance(stmt, b.RenameColumn):
        drop_column.check_schema(session)           # views and triggers broken before
        alter.rename_column(txn, dictionary, stmt)
        temp_views.follow_alter(session, stmt)
        generated.rewrite_texts(txn, dictionary, stmt.table.name)
        drop_column.check_schema(session, " after rename")
        return
    if isinstance(stmt, b.RenameTable):
        # triggers broken before (a broken view fails check_views after, as it was)
        drop_column.check_schema(session, views=False)
        temp = temp_tables.is_temp(stmt.table)      # then temp's objects alone follow
        if temp:
            alter.rename_table(session.txn.temp, session.temp.tables, stmt)
        else:
            alter.rename_table(txn, dictionary, stmt)
        temp_views.follow_alter(session, stmt)
        if temp:
            session.db.dictionary.invalidate()      # cached plans read its name
        else:
            bind_alter.check_views(dictionary, lambda sql: session._bind_parsed(parse(sql)))
        return
    store = session.db.store
    if temp_tables.is_temp(stmt.table):            # the temp dictionary's, in its store
        dictionary, store = session.temp.tables, session.temp.tables.store
        txn = session.txn.temp
    table = alter.add_column(txn, dictionary, store, stmt, session.fkeys.enabled)
    if stmt.check_rows or stmt.column.is_generated:
        writer = bind_dml.action_writer(dictionary, table, session._context())
        if stmt.column.is_generated:
            alter.compute_generated(txn, store, table, writer)
        alter.check_rows(store, table, writer)
    if temp_tables.is_temp(stmt.table):
        session.db.dictionary.invalidate()          # cached plans read its columns

