"""TEMP tables: one connection's tables of the temp schema (sqlite.org/lang_createtable.html,
sqlite.org/tempfiles.html).

``CREATE TEMP TABLE t``, ``CREATE TEMPORARY TABLE t`` and ``CREATE TABLE temp.t`` make a
table only the connection that made it sees. SQLite keeps such tables in the connection's
private TEMP database; RowanDB gives each connection, at its first temp table, a
``TempDictionary`` of its own over an in-memory store of its own
(storage/tempstore.py): the same dictionary code as main's (SYS_* rows, cache, indexes,
AUTOINCREMENT's ``sqlite_sequence``), in files that are never written to disk or to the
redo log and go with the connection. Its file ids lie above every id of main, so the
executors, handed a ``RoutingStore`` and writing through a ``RoutingTxn``, reach either
store without knowing which; its object ids lie above main's too (``TEMP_OBJECT_IDS``),
so caches keyed by table, index or constraint id never confuse the two.

Names: an unqualified name finds a temp view or table first, then main's
(``temp_views.SessionCatalog``); ``temp.t`` and ``main.t`` choose. Statements that change
a temp table go to the temp dictionary (``create_table``, ``drop_table``,
``create_index``, ``drop_index``); its changes are undone by ROLLBACK, ROLLBACK TO and a
failed statement with the rest of the transaction (``RoutingTxn``). A temp table's
FOREIGN KEY finds its parent in temp, as SQLite looks a parent up in the child's schema
(``ForeignKeys.dictionary_of``): a temp child of a main table is ``no such table:
temp.p`` once a row is checked. Every ALTER TABLE form runs in the temp dictionary
(ddl_run.py ``_schema_of``): ADD COLUMN, RENAME TO, RENAME COLUMN, DROP COLUMN, ALTER
COLUMN SET/DROP NOT NULL and ADD/DROP CONSTRAINT rewrite the temp schema's texts only --
main's objects cannot name a temp table -- and only temp's views and triggers are checked
before and after, as SQLite's renameTestSchema checks the temp schema alone. ``ANALYZE
temp`` and ANALYZE of a temp table or index write ``temp.sqlite_stat1``, an ordinary table
of this dictionary (analyze.py), which it reads when it loads a table. Triggers on a temp
table are temp triggers (``temp_views.TempTrigger`` with ``on_temp``), kept by the temp
schema and given to the table when it is loaded.
"""

from __future__ import annotations

from ..catalog.dictionary import RESERVED_FILE_IDS, Dictionary
from ..errors import OperationalError
from ..planner.exec import ddl
from ..planner.plan import bound as b
from ..planner.types import values as V
from ..storage.tempstore import TEMP_FILE_BASE, RoutingStore, RoutingTxn, temp_store
from ..catalog.ascii_case import ascii_lower
from .schema_locks import refuse_destroy, writes_under

#: Ids of the temp dictionary's tables, indexes and constraints start above this.
TEMP_OBJECT_IDS = 1 << 40


class TempDictionary(Dictionary):
    """The dictionary of one connection's temp tables. ``ids`` hands out creation numbers
    shared with the temp views and triggers (``TempSchema.take_id``), so that
    sqlite_temp_schema lists every temp object in the order it was made."""

    def __init__(self, schema):
        from .database import default_value, index_forms, virtual_value
        super().__init__(temp_store(RESERVED_FILE_IDS), V.sort_key, V.affinity_of_type,
                         default_value=default_value, index_forms=index_forms,
                                     virtual_value=virtual_value)
        self.schema = schema                    # temp_views.TempSchema

    def table(self, name: str):
        """A temp table; the dictionary's own tables are not names of the temp schema."""
        if ascii_lower(name) in self.system:
            return None
        return super().table(name)

    def next_object_id(self) -> int:
        return TEMP_OBJECT_IDS + self.schema.take_id()

    def forget_view_columns(self) -> None:
        """A DROP of a temp table: the temp views' columns are forgotten (the temp
        schema's, which keeps them)."""
        self.schema.widths.clear()

    def _next_id(self, sys_name: str) -> int:
        return max(super()._next_id(sys_name), TEMP_OBJECT_IDS + 1)

    def _build_table(self, *rows: tuple):
        table = super()._build_table(*rows)
        table.in_temp = True
        return table

    def _build_fk(self, frow: tuple, child_id: int | None = None):
        fk = super()._build_fk(frow, child_id)
        fk.in_temp = True                       # its parent is looked up in temp
        return fk

    def _from_rows(self, lname: str, rows: tuple):
        """A temp table with its triggers, which the temp schema keeps (every trigger on
        a temp object is a temp trigger)."""
        table = super()._from_rows(lname, rows)
        table.triggers = self.schema.triggers_on(table.name)
        return table

    def schema_objects(self) -> list[tuple]:
        """(creation number, sqlite_temp_schema row) of every temp table and index; the
        rootpage column shows the file id counted from the temp store's first."""
        return [(oid - TEMP_OBJECT_IDS, (kind, name, tbl, page - TEMP_FILE_BASE + 1, sql))
                for oid, (kind, name, tbl, page, sql) in super().schema_objects()]


def is_temp(table) -> bool:
    return getattr(table, "in_temp", False)


def open_tables(session) -> TempDictionary:
    """The connection's temp dictionary, made at its first temp table: from then on its
    transactions route temp files to the temp store (the open one is wrapped now; its
    savepoints taken so far roll the temp store back to its start)."""
    temp = session.temp
    if temp.tables is None:
        temp.tables = TempDictionary(temp)
        if session.txn is not None:
            session.txn = RoutingTxn(session.txn, temp.tables.store.begin())
        session.fkeys.store = routing_store(session)
        session.fkeys.temp_dictionary = temp.tables
    return temp.tables


def routing_store(session):
    tables = session.temp.tables
    return session.db.store if tables is None else RoutingStore(session.db.store, tables.store)


def begin(session):
    """A new transaction of ``session``: over both stores once it has temp tables."""
    txn = session.db.store.begin()
    tables = session.temp.tables
    return txn if tables is None else RoutingTxn(txn, tables.store.begin())


def forget_rolled_back(session) -> None:
    """A rollback may have undone temp dictionary rows: forget their cached definitions
    (and with them every plan that named one)."""
    if session.temp.tables is not None:
        session.temp.tables.invalidate()
        session.db.dictionary.invalidate()


# -- DDL ----------------------------------------------------------------------------------
def create_table(session, stmt) -> bool:
    """CREATE TEMP TABLE: False when IF NOT EXISTS found the name taken."""
    tables = open_tables(session)
    view = session.temp.views.get(ascii_lower(stmt.draft.name))
    if view is not None:
        if stmt.if_not_exists:
            return False
        raise OperationalError(f"view {view.name} already exists")
    made = ddl.create_table(session.txn.temp, tables, stmt)
    session.db.dictionary.invalidate()          # cached plans may name a hidden table
    return made


def drop_table(session, stmt) -> bool:
    """DROP TABLE of a temp table (an unqualified name finds temp first); False when the
    statement is main's to run. Its triggers go with it."""
    def drop(txn, tables):
        session.temp.drop_triggers_on(stmt.name, on_temp=True)
        ddl.drop_table(txn, tables, stmt, session.fkeys, session._delete_all,
                       lambda: refuse_destroy(session))
    return _drop(session, stmt, lambda tables: tables.table(stmt.name), drop)


def create_index(session, stmt) -> None:
    tables = session.temp.tables
    ddl.create_index(session.txn.temp, tables, tables.store, stmt)
    session.db.dictionary.invalidate()


def drop_index(session, stmt) -> bool:
    """DROP INDEX of a temp table's index (an unqualified name finds temp first); False
    when the statement is main's to run."""
    return _drop(session, stmt, lambda tables: tables.index_owner(stmt.name),
                 lambda txn, tables: ddl.drop_index(txn, tables, stmt,
                                                    lambda: refuse_destroy(session)))


def _drop(session, stmt, find, drop) -> bool:
    """Run ``drop(txn, dictionary)`` in the temp schema when ``find(dictionary)`` finds
    the object there, or when the statement wrote ``temp.`` (then against an empty
    schema, for IF EXISTS or SQLite's "no such ...: temp.x"); False when it is main's."""
    tables = drop_schema(session, stmt, find)
    if tables is None:
        return False
    if tables is _EMPTY:
        drop(None, _EMPTY)
        return True
    drop(session.txn.temp, tables)
    session.db.dictionary.invalidate()
    return True


def drop_schema(session, stmt, find):
    """The temp schema a DROP runs in: temp's tables when ``find(tables)`` finds the
    object there, an empty schema when the statement wrote ``temp.`` and it is not
    there, None when the statement is main's."""
    schema = ascii_lower(stmt.schema or "")
    tables = session.temp.tables
    if schema == "main" or (tables is None and schema != "temp"):
        return None
    if tables is None or find(tables) is None:
        return _EMPTY if schema == "temp" else None
    return tables


def reindex(session, stmt) -> bool:
    """REINDEX in temp: every index or a collation's (then main's too: False), or the temp
    table or index the name finds first (True: done)."""
    tables = session.temp.tables
    if tables is None:
        return False
    schema = ascii_lower(stmt.schema or "")
    in_place = writes_under(session)
    if stmt.name is None or not schema and V.is_collation(stmt.name):
        ddl.reindex(session.txn.temp, tables, tables.store, stmt, in_place)
        session.db.dictionary.invalidate()          # cached plans read the old files
        return False
    if schema not in ("", "temp") or (tables.table(stmt.name) is None
                                      and tables.index_owner(stmt.name) is None):
        return False
    ddl.reindex(session.txn.temp, tables, tables.store, b.Reindex(None, stmt.name), in_place)
    session.db.dictionary.invalidate()
    return True


class _Empty:
    """A schema without tables, views or indexes: the temp schema before its first table."""

    def table(self, name):
        return None

    view = index_owner = table


_EMPTY = _Empty()
