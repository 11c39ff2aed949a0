"""TEMP views: the temp schema of one connection (sqlite.org/lang_createview.html).

``CREATE TEMP VIEW v``, ``CREATE TEMPORARY VIEW v`` and ``CREATE VIEW temp.v`` put the view
in the connection's temp schema, which RowanDB keeps in memory (``TempSchema``): it holds
views only (CREATE TEMP TABLE is not built), is never written to disk, and goes with the
connection. As in SQLite:

- an unqualified name finds a temp object first (``SessionCatalog``, what the binder of
  the connection's statements looks names up in): a temp view hides a table or view of
  ``main`` of the same name, ``main.v`` reaches the hidden one, ``temp.v`` the temp one;
- a temp view's own query sees temp and main alike, and a missing table under it is named
  without a schema (``no such table: t``); a view of main sees main only;
- ``sqlite_temp_schema`` (``sqlite_temp_master``, ``temp.sqlite_schema``) lists the temp
  views with the CREATE VIEW text, in order of creation; PRAGMA table_list and
  table_info show them in ``temp``;
- the temp schema is transactional: a CREATE or DROP is undone by ROLLBACK, ROLLBACK TO or
  a failed statement (``mark`` / ``rollback_to`` / ``commit``, called by the session
  with its own savepoints).
"""

from __future__ import annotations

from ..catalog.schema import Column, Table
from ..catalog.trigger import TableTriggers, Trigger
from ..catalog.views import View
from ..errors import OperationalError

TEMP_SCHEMA_NAMES = ("sqlite_temp_schema", "sqlite_temp_master")
_SCHEMA_NAMES = ("sqlite_schema", "sqlite_master") + TEMP_SCHEMA_NAMES


class TempView(View):
    """A view of the temp schema."""


class TempSchema:
    def __init__(self):
        self.views: dict[str, TempView] = {}    # lower-case name -> view, in creation order
        self.triggers: dict[str, Trigger] = {}  # lower-case name -> trigger
        self.widths: dict[str, int] = {}        # as Dictionary.view_widths, for temp views
        self.log: list[tuple] = []              # (lower-case name, view it replaced or None)
        self.next_id = 1
        self.table = Table(id=0, name="sqlite_temp_schema", file_id=0, system=True, sql="",
                           columns=tuple(Column(n, t, a) for n, t, a in (
                               ("type", "TEXT", "TEXT"), ("name", "TEXT", "TEXT"),
                               ("tbl_name", "TEXT", "TEXT"), ("rootpage", "INT", "INTEGER"),
                               ("sql", "TEXT", "TEXT"))),
                           virtual=self.schema_rows)

    def triggers_on(self, name: str) -> TableTriggers:
        """The temp triggers on the table or view called ``name``."""
        lname = name.lower()
        return TableTriggers(t for t in self.triggers.values() if t.table.lower() == lname)

    def schema_rows(self) -> list[tuple]:
        return [("view", v.name, v.name, 0, v.sql) for v in self.views.values()]

    def create(self, name: str, sql: str, if_not_exists: bool) -> None:
        lname = name.lower()
        if lname in self.views:
            if if_not_exists:
                return
            raise OperationalError(f"view {name} already exists")
        self.log.append((lname, None))
        self.views[lname] = TempView(self.next_id, name, sql)
        self.next_id += 1

    def drop(self, view: TempView) -> None:
        lname = view.name.lower()
        self.log.append((lname, self.views.pop(lname)))
        self.widths.pop(lname, None)

    # -- transactions -------------------------------------------------------------------
    def mark(self) -> int:
        return len(self.log)

    def rollback_to(self, mark: int) -> None:
        while len(self.log) > mark:
            lname, replaced = self.log.pop()
            self.widths.pop(lname, None)
            self.views.pop(lname, None)
            if replaced is not None:
                self.views[lname] = replaced
        self.views = dict(sorted(self.views.items(), key=lambda item: item[1].id))

    def commit(self) -> None:
        self.log.clear()


class SessionCatalog:
    """The names one connection's statements see: its temp schema over the dictionary
    (main). Everything but name lookup is the dictionary's."""

    def __init__(self, dictionary, temp: TempSchema):
        self.main = dictionary
        self.temp = temp

    def __getattr__(self, name):
        return getattr(self.main, name)

    def table(self, name: str):
        lname = name.lower()
        if lname in TEMP_SCHEMA_NAMES:
            return self.temp.table
        if lname in self.temp.views:
            return None
        return self.main.table(name)

    def view(self, name: str):
        return self.temp.views.get(name.lower()) or self.main.view(name)

    def in_schema(self, schema: str):
        """The catalog ``schema.name`` is looked up in; None for no such schema."""
        return {"main": self.main, "temp": _TempOnly(self.temp)}.get(schema.lower())


class _TempOnly:
    """The temp schema alone, for names written ``temp.name``."""

    def __init__(self, temp: TempSchema):
        self.temp = temp

    def table(self, name: str):
        return self.temp.table if name.lower() in _SCHEMA_NAMES else None

    def view(self, name: str):
        return self.temp.views.get(name.lower())


# -- DDL on the temp schema ----------------------------------------------------------------
def drop_view(session, stmt) -> bool:
    """DROP VIEW of a temp view (an unqualified name finds temp first); False when the
    statement is main's to run."""
    schema = (stmt.schema or "").lower()
    view = session.temp.views.get(stmt.name.lower()) if schema in ("", "temp") else None
    if view is None:
        if schema != "temp":
            return False
        if not stmt.if_exists:
            raise OperationalError(f"no such view: {stmt.written}")
        return True
    session.temp.drop(view)
    session.db.dictionary.invalidate()          # cached plans named it
    return True


def refuse_drop_table(session, stmt) -> None:
    """DROP TABLE of a name that is a temp view finds the view first."""
    view = session.temp.views.get(stmt.name.lower())
    if view is not None:
        raise OperationalError(f"use DROP VIEW to delete view {view.name}")


def create_view(session, stmt) -> None:
    session.temp.create(stmt.name, stmt.sql, stmt.if_not_exists)
    session.db.dictionary.invalidate()          # cached plans may name a hidden table
