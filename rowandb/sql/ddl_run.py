"""Running DDL: a bound CREATE, DROP, REINDEX or ALTER TABLE statement, in the session's
transaction, dispatched to the dictionary (planner/exec/ddl.py, alter.py) or, for TEMP
objects, to the connection's temp schema (temp_views.py). Kept apart from session.py,
which prepares and runs statements of every kind."""

from __future__ import annotations

from functools import partial

from ..errors import NotSupportedError, OperationalError
from ..planner.exec import alter, ddl
from ..planner.plan import bound as b
from ..planner.exec.dml import InsertExecutable
from .alter_table import alter_determinism, bind_alter, drop_column, rename_table
from .bind import bind_create_as, bind_dml, generated, late_generated
from .parse import folds
from . import schema_reload, schema_unloadable, table_hash, temp_tables, temp_views
from .schema_locks import ddl_ran, refuse_destroy, temp_stamp, writes_under
from .schema_text_check import stored_text_error
from .parse.parser import parse


def run_ddl(session, stmt, params: tuple = ()) -> None:
    """Run a bound CREATE/DROP/REINDEX/ALTER statement in ``session``'s transaction; a
    CREATE whose stored text SQLite could not read back fails once it created its object
    (schema_text_check.py)."""
    unreadable = stored_text_error(stmt)
    before = schema_reload.stamp(session) if unreadable is not None else None
    temp_before = temp_stamp(session)
    table_hash.capture(session)
    _run(session, stmt, params)
    table_hash.changed(session, table_hash.names_of(stmt))
    ddl_ran(session, stmt, temp_before)
    if unreadable is not None and schema_reload.stamp(session) != before:
        raise unreadable


def _run(session, stmt, params: tuple) -> None:
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
            ddl.drop_table(txn, dictionary, stmt, session.fkeys, session._delete_all,
                           partial(refuse_destroy, session))
            session.temp.drop_triggers_on(stmt.name)       # its TEMP triggers go with it
    elif isinstance(stmt, b.CreateIndex):
        if temp_tables.is_temp(stmt.table):
            temp_tables.create_index(session, stmt)
        else:
            ddl.create_index(txn, dictionary, session.db.store, stmt)
    elif isinstance(stmt, b.DropIndex):
        if not temp_tables.drop_index(session, stmt):
            ddl.drop_index(txn, dictionary, stmt, partial(refuse_destroy, session))
    elif isinstance(stmt, b.Reindex):
        if not temp_tables.reindex(session, stmt):
            ddl.reindex(txn, dictionary, session.db.store, stmt, writes_under(session))
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
        own, store, txn, schemas = _schema_of(session, stmt.table)
        with schema_unloadable.altering(session):
            alter.edit_constraints(txn, own, store, stmt,
                                   lambda table: bind_dml.action_writer(
                                       own, table, session._context(), last=True))
            _reloaded(session, stmt.table)
            # SQLite reloads the schema after the edit and its tests of the rows, as after
            # ADD COLUMN: an index or generated column calling like() after PRAGMA
            # case_sensitive_like fails it then
            alter_determinism.first_error(session, schemas, " after drop constraint")
        _altered(session, stmt.table)
    elif isinstance(stmt, b.AddColumn):
        with schema_unloadable.altering(session):
            _alter(session, stmt)
    elif isinstance(stmt, (b.RenameTable, b.RenameColumn, b.DropColumn)):
        # the schema read as SQLite's rename mode reads it
        with folds.renaming(), schema_unloadable.altering(session):
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


def _schema_of(session, table) -> tuple:
    """(dictionary, store, transaction, schemas whose views and triggers SQLite checks) of
    the schema holding ``table``: main's, or the temp dictionary's for a TEMP table (then
    only temp's objects are checked: main's cannot name it, alter.c's renameTestSchema)."""
    if temp_tables.is_temp(table):
        tables = session.temp.tables
        return tables, tables.store, session.txn.temp, ("temp",)
    return session.db.dictionary, session.db.store, session.txn, ("main", "temp")


def _reloaded(session, table) -> None:
    """An ALTER TABLE changed the schema: SQLite reads the table's schema again, and
    temp's (alter.c renameReloadSchema), so it knows no view's columns there until its
    tests after the change (RENAME, DROP COLUMN: drop_column.check_schema) or a later
    statement read each view again."""
    schema_reload.reread(session, main=not temp_tables.is_temp(table))


def _altered(session, table) -> None:
    """A TEMP table changed: main's dictionary forgets its plans, which may read it."""
    if temp_tables.is_temp(table):
        session.db.dictionary.invalidate()


def result_columns(session, stmt) -> tuple | None:
    """The result columns a DDL statement describes: none, but for an ADD COLUMN that SQLite
    refuses when the table has rows -- it codes that test as a nested ``SELECT
    raise(ABORT, '<refusal>') FROM t`` (sqlite3ErrorIfNotEmpty), whose one column the
    statement then shows, that of the first such test -- and the SET NOT NULL and ADD CHECK
    of ALTER TABLE, which test the rows so too (``alter_constraints.shown_columns``)."""
    if isinstance(stmt, b.EditConstraints):
        return stmt.shown
    if not isinstance(stmt, b.AddColumn):
        return None
    for needs_fk, message in stmt.if_rows:
        if session.fkeys.enabled or not needs_fk:
            return ("raise(ABORT,'" + message.replace("'", "''") + "')",)
    return None


def _alter(session, stmt) -> None:
    """ALTER TABLE (planner/exec/alter.py); afterwards the rows of a table that got a
    column must pass its CHECKs, and every view must still bind after a rename."""
    dictionary, store, txn, schemas = _schema_of(session, stmt.table)
    if isinstance(stmt, b.DropColumn):
        if session.settings.legacy_alter_table:
            # SQLite then checks no view or trigger (and reads a broken one as a logic
            # error); RowanDB does not build that mode
            raise NotSupportedError("ALTER TABLE DROP COLUMN with PRAGMA legacy_alter_table=ON "
                                    "is not supported")
        drop_column.check_schema(session, schemas=schemas)
        alter.drop_column(txn, dictionary, stmt)
        _fix_temp(session, stmt)
        _altered(session, stmt.table)
        _reloaded(session, stmt.table)
        drop_column.check_schema(session, drop_column.AFTER_DROP, schemas=schemas,
                                 late=stmt.late)
        return
    if session.settings.legacy_alter_table and not isinstance(stmt, b.AddColumn):
        raise NotSupportedError("ALTER TABLE RENAME with PRAGMA legacy_alter_table=ON "
                                "is not supported")
    if isinstance(stmt, b.RenameColumn):
        _rename_column(session, stmt, dictionary, txn, schemas)
        return
    if isinstance(stmt, b.RenameTable):
        # views and triggers broken before, in sqlite_schema order, as SQLite's
        # renameTableFunc meets them (fuzz seeds 73100040, 73100113, 73100285: a broken
        # view that names the table is not rewritten, so after the rename it would fail
        # on the old name instead)
        # SQLite's RENAME TO reads no index of another table (renameTableFunc's UPDATE)
        drop_column.check_schema(session, schemas=schemas, like_in=schemas[:1],
                                 like_indexes_of=stmt.table.name)
        alter.rename_table(txn, dictionary, stmt)  # a TEMP table: temp's objects alone follow
        temp_views.follow_alter(session, stmt)
        _altered(session, stmt.table)               # cached plans read its name
        _reloaded(session, stmt.table)
        if not temp_tables.is_temp(stmt.table):
            rename_table.check_shadowed(session, stmt.new_name)
            bind_alter.check_views(dictionary, lambda sql: session._bind_parsed(parse(sql)))
            # and main's triggers: SQLite's test after the rename resolves them too, which
            # works out the columns of the views they read (test_view_widths.py)
            drop_column.check_schema(session, " after rename", views=False, schemas=("main",),
                                     like_in=())
            # main's schema read again: any table's index or generated column calling like()
            alter_determinism.first_error(session, ("main",), " after rename")
        # then temp's, whose texts now name the new name: a TEMP view of that name is
        # found first (renameTestSchema; fixed-seed case 168 with alter), and a TEMP
        # table renamed to a name of main is found before main's table (fuzz 89100155)
        drop_column.check_schema(session, " after rename", schemas=("temp",))
        return
    table = alter.add_column(txn, dictionary, store, stmt, session.fkeys.enabled)
    _reloaded(session, stmt.table)
    alter_determinism.first_error(session, schemas, " after add column")
    if stmt.check_rows or stmt.column.is_generated:
        if late_generated.uncodable(dictionary, table):
            message = late_generated.alter_check_error(dictionary, table, stmt.check_rows)
            if message is not None:
                raise OperationalError(message)
            _altered(session, stmt.table)   # nothing codes the column: its rows lack it
            return
        writer = bind_dml.action_writer(dictionary, table, session._context())
        if stmt.column.is_generated:
            alter.compute_generated(txn, store, table, writer)
        if stmt.column.is_generated and stmt.column.notnull:
            alter.check_generated(store, table)
        alter.check_rows(store, table, writer)
    _altered(session, stmt.table)                   # cached plans read its columns


def _fix_temp(session, stmt) -> None:
    """The temp schema's objects a RENAME COLUMN or DROP COLUMN rewrote: its views and
    triggers, and for a table of main the temp tables' and indexes' texts (quote_fix.py)."""
    temp_views.follow_alter(session, stmt)
    if stmt.temp_texts:
        session.temp.tables.rewrite_texts(session.txn.temp, stmt.temp_texts)


def _rename_column(session, stmt, dictionary, txn, schemas) -> None:
    """RENAME COLUMN: the views and triggers broken before fail it, then those broken
    after. For a TEMP table SQLite rewrites the temp schema's views and triggers twice,
    the second time reading the first pass's text against the table as it was; each that
    changed must bind so (``drop_column.check_schema`` over them alone), so one that reads
    the column fails with "error in view v: no such column: <new name>"."""
    drop_column.check_schema(session, schemas=schemas)     # broken before
    if stmt.failure is not None:
        raise OperationalError(stmt.failure)
    temp = temp_tables.is_temp(stmt.table)
    if temp:
        temp_views.follow_alter(session, stmt)
        drop_column.check_schema(session, schemas=schemas, only=temp_views.changed(stmt))
    alter.rename_column(txn, dictionary, stmt)
    if not temp:
        _fix_temp(session, stmt)
    generated.rewrite_texts(txn, dictionary, stmt.table.name)
    _altered(session, stmt.table)
    _reloaded(session, stmt.table)
    drop_column.check_schema(session, " after rename", schemas=schemas)

