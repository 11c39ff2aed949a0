"""Views in the data dictionary: SYS_VIEWS rows and the ``View`` objects built from them.

A view is one row of SYS_VIEWS (file id 16, a NOCASE index on its name at 17): its id, its
name and its CREATE VIEW text as ``sqlite_schema`` shows it. The row is written in the
transaction of the DDL (a rolled-back CREATE VIEW leaves nothing), so it is logged,
checkpointed and recovered like every dictionary row. A view's INSTEAD OF triggers are
SYS_TRIGGERS rows naming it as their table (``view_triggers``); DROP VIEW deletes them. The catalog never reads the SQL text:
the sql layer parses and binds it where a statement names the view (``sql/bind/bind_view.py``).
Ids come from the sequence SYS_TABLES ids come from (``next_object_id``), so ordering
tables and views by id is their order of creation, as SQLite's ``sqlite_schema`` rows are.

``Dictionary.view_widths`` keeps the column names (so their number) of each view whose
query the sql layer has bound since SQLite would last have forgotten them: like SQLite,
which works a view's columns out on first use (sqlite3ViewGetColumnNames) and forgets
them at a DROP TABLE or DROP VIEW (sqliteViewResetAll) and whenever it reads the schema
again (``forget_view_columns``; sql/schema_reload.py says when), PRAGMA table_list shows
0 columns for a view not used since.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import rows as rowio
from .schema import Table
from .trigger import TableTriggers, Trigger
from .ascii_case import ascii_lower


@dataclass(frozen=True)
class View:
    id: int                     # SYS_VIEWS rowid, from the sequence shared with tables
    name: str                   # as written in CREATE VIEW
    sql: str                    # the CREATE VIEW text as sqlite_schema shows it


class ViewShape(Table):
    """A view's columns (names, affinities, collations) as a table's, with its INSTEAD OF
    triggers: what NEW and OLD of those triggers read (no rowid) and what their firing is
    handed. The sql layer makes one where a statement writes to the view."""
    in_temp = False                 # a TEMP view's (its triggers are all in ``triggers``)


class DictionaryViews:
    """The view half of ``dictionary.Dictionary`` (which provides ``store``, ``views``,
    ``_rows_by``, ``_insert`` and the schema-version bookkeeping)."""

    def view(self, name: str) -> View | None:
        """The view called ``name`` (any case), loaded from SYS_VIEWS on first use."""
        lname = ascii_lower(name)
        view = self.views.get(lname)
        if view is None:
            found = self._rows_by("SYS_VIEWS", lname)
            if found:
                view = self.views[lname] = View(*found[0])
        return view

    def view_triggers(self, name: str) -> TableTriggers:
        """The triggers on the view called ``name`` (INSTEAD OF ones: a view has no other),
        read through SYS_TRIGGERS' table-name index as a table's are."""
        return TableTriggers(Trigger.from_record(r)
                             for r in self._rows_by("SYS_TRIGGERS", ascii_lower(name), 0))

    def view_rows(self) -> list[tuple]:
        """Every SYS_VIEWS row (id, name, sql), in id order."""
        return [record for _, record in self.store.table(self._sys("SYS_VIEWS").file_id).scan()]

    def next_object_id(self) -> int:
        """The id of a new table, index, view or trigger: one more than any of theirs, so
        ids give the order of creation (as sqlite_schema's rowids do); above the last
        VACUUM's mark too (vacuum_order.py)."""
        return max([self._next_id(name)
                    for name in ("SYS_TABLES", "SYS_INDEXES", "SYS_VIEWS", "SYS_TRIGGERS")] +
                   [self.header("vacuum_mark") + 1])

    def create_view(self, txn, name: str, sql: str) -> View:
        """Write the SYS_VIEWS row of a new view in ``txn``."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            self._insert(txn, "SYS_VIEWS", (self.next_object_id(), name, sql))
            self._changed(name)
            return self.view(name)

    def drop_view(self, txn, view: View) -> None:
        """Delete the SYS_VIEWS row of ``view`` and the rows of its triggers, as SQLite's
        DROP VIEW drops them (sqlite3DropTable drops a view's triggers with it)."""
        with self.cache.locked():
            self._bump_schema_version(txn)
            self._delete_where(txn, "SYS_TRIGGERS", ascii_lower(view.name), 0)
            table = self._sys("SYS_VIEWS")
            record = self.store.table(table.file_id).get(view.id)
            rowio.delete_record(txn, table, view.id, record, self.encode)
            self._changed(view.name)
