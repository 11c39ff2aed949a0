"""The temp schema of one connection: TEMP views and TEMP triggers
(sqlite.org/lang_createview.html, lang_createtrigger.html), and the TEMP tables' dictionary.

``CREATE TEMP VIEW v``, ``CREATE TEMPORARY VIEW v`` and ``CREATE VIEW temp.v`` put the view
in the connection's temp schema, which RowanDB keeps in memory (``TempSchema``): it holds
views and triggers, and from the first TEMP table on the dictionary of the temp tables
(``TempSchema.tables``, temp_tables.py); it is never written to disk, and goes with the
connection. As in SQLite:

- an unqualified name finds a temp object first (``SessionCatalog``, what the binder of
  the connection's statements looks names up in): a temp view or table hides a table or
  view of ``main`` of the same name, ``main.v`` reaches the hidden one, ``temp.v`` the
  temp one;
- a temp view's own query sees temp and main alike, and a missing table under it is named
  without a schema (``no such table: t``); a view of main sees main only;
- ``CREATE TEMP TRIGGER``, ``CREATE TRIGGER temp.x`` and a trigger on a temp view or
  table (made temp implicitly) are temp triggers (``TempTrigger``): their names are apart from main's,
  they may fire on main's tables and views -- before main's own triggers, in the reverse
  of the order SQLite's hash table of temp triggers lists them in (``firing_on_main``,
  ``TempSchema.hash``: catalog/trigger_hash.py; creation order up to four, then another;
  schema_reload.py says when SQLite builds that table afresh) -- and their bodies see temp
  and main, while a main
  trigger's body sees main only; DROP TABLE or DROP VIEW of their target drops them;
- ``sqlite_temp_schema`` (``sqlite_temp_master``, ``temp.sqlite_schema``) lists the temp
  views and triggers with their CREATE text, in order of creation; PRAGMA table_list and
  table_info show the views in ``temp``;
- the temp schema is transactional: a CREATE or DROP is undone by ROLLBACK, ROLLBACK TO or
  a failed statement (``mark`` / ``rollback_to`` / ``commit``, called by the session
  with its own savepoints).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.schema import Column, Table
from ..catalog.trigger import TableTriggers, Trigger
from ..catalog.trigger_hash import TriggerHash
from ..catalog.live_schema import live_rows
from ..catalog.views import View
from ..errors import OperationalError
from ..catalog.ascii_case import ascii_lower

TEMP_SCHEMA_NAMES = ("sqlite_temp_schema", "sqlite_temp_master")
_SCHEMA_NAMES = ("sqlite_schema", "sqlite_master") + TEMP_SCHEMA_NAMES


#: Temp triggers' ids start here, apart from the dictionary's (the firing keys compiled
#: programs by id), and grow with their creation as the dictionary's do.
TEMP_TRIGGER_IDS = 1 << 48


class TempView(View):
    """A view of the temp schema."""


@dataclass(frozen=True)
class TempTrigger(Trigger):
    """A trigger of the temp schema; ``on_temp``: its table is a temp view or table (else
    an object of main)."""
    on_temp: bool = False


class TempSchema:
    def __init__(self):
        self.views: dict[str, TempView] = {}    # lower-case name -> view, in creation order
        self.triggers: dict[str, TempTrigger] = {}   # lower-case name -> trigger
        self.hash = TriggerHash()               # their names in SQLite's hash table order
        self.widths: dict[str, tuple] = {}      # as Dictionary.view_widths, for temp views
        self.log: list[tuple] = []              # (kind, lower-case name, what it replaced)
        self.next_id = 1
        # SQLite's temp database is open (PRAGMA database_list shows it): a temp object
        # was made, a pragma named temp (or read every schema), or the temp schema's
        # table was named (sqlite3OpenTempDatabase, from sqlite3CodeVerifySchema)
        self.opened = False
        self.tables = None                      # temp_tables.TempDictionary, at the first
        self.table = Table(id=0, name="sqlite_temp_schema", file_id=0, system=True, sql="",
                           columns=tuple(Column(n, t, a) for n, t, a in (
                               ("type", "TEXT", "TEXT"), ("name", "TEXT", "TEXT"),
                               ("tbl_name", "TEXT", "TEXT"), ("rootpage", "INT", "INTEGER"),
                               ("sql", "TEXT", "TEXT"))),
                           virtual=self.live_schema_rows)

    def opened_table(self) -> Table:
        """The temp schema's table (sqlite_temp_schema), named by a statement: SQLite
        opens its temp database to read it."""
        self.opened = True
        return self.table

    def take_id(self) -> int:
        """The next creation number of a temp object (views, triggers, tables, indexes)."""
        self.next_id += 1
        return self.next_id - 1

    def schema_rows(self) -> list[tuple]:
        return [row for _, row in sorted(self._schema_objects(), key=lambda entry: entry[0])]

    def live_schema_rows(self):
        """``schema_rows`` as a scan that meets the changes made while it runs
        (catalog/live_schema.py); the views' and triggers' log and the temp tables'
        dictionary version move with them."""
        return live_rows(self._schema_objects, lambda: (
            len(self.log), id(self.tables), self.tables and self.tables.version))

    def _schema_objects(self) -> list[tuple]:
        rows = [(v.id, ("view", v.name, v.name, 0, v.sql)) for v in self.views.values()]
        rows += [(t.id - TEMP_TRIGGER_IDS, ("trigger", t.name, t.table, 0, t.sql))
                 for t in self.triggers.values()]
        if self.tables is not None:
            rows += self.tables.schema_objects()
        return rows

    def table_named(self, name: str):
        """The temp table called ``name``, or None."""
        return None if self.tables is None else self.tables.table(name)

    def create(self, name: str, sql: str, if_not_exists: bool) -> None:
        lname = ascii_lower(name)
        kind = "view" if lname in self.views else "table" if self.table_named(name) else None
        if kind is not None:
            if if_not_exists:
                return
            raise OperationalError(f"{kind} {name} already exists")
        self.log.append(("view", lname, None))
        self.views[lname] = TempView(self.next_id, name, sql)
        self.next_id += 1

    def replace(self, view: TempView, sql: str) -> None:
        """Give ``view`` a new text (ALTER TABLE RENAME TO rewrote it), keeping its place."""
        lname = ascii_lower(view.name)
        self.log.append(("view", lname, view))
        self.views[lname] = TempView(view.id, view.name, sql)
        self.widths.pop(lname, None)

    def drop(self, view: TempView) -> None:
        lname = ascii_lower(view.name)
        self.log.append(("view", lname, self.views.pop(lname)))
        self.widths.clear()             # every temp view's, as a DROP TABLE's (ddl.drop_view)
        self.drop_triggers_on(view.name, on_temp=True)

    # -- triggers ------------------------------------------------------------------------
    def create_trigger(self, draft: Trigger, on_temp: bool) -> None:
        trigger = TempTrigger(TEMP_TRIGGER_IDS + self.next_id, *draft.record()[1:3],
                              draft.timing, draft.event, draft.columns, draft.sql, on_temp)
        self.next_id += 1
        self.log.append(("trigger", ascii_lower(trigger.name), None))
        self.triggers[ascii_lower(trigger.name)] = trigger
        self.hash.insert(ascii_lower(trigger.name))

    def replace_trigger(self, trigger: TempTrigger, new: TempTrigger) -> None:
        """Put ``new`` in ``trigger``'s place (ALTER TABLE rewrote its text or table)."""
        lname = ascii_lower(trigger.name)
        self.log.append(("trigger", lname, trigger))
        self.triggers[lname] = new

    def drop_trigger(self, trigger: TempTrigger) -> None:
        lname = ascii_lower(trigger.name)
        self.log.append(("trigger", lname, self.triggers.pop(lname)))
        self.hash.remove(lname)

    def drop_triggers_on(self, name: str, on_temp: bool = False) -> None:
        """Drop the temp triggers on the object ``name`` (of main, or a temp view)."""
        lname = ascii_lower(name)
        for trigger in [t for t in self.triggers.values()
                        if t.on_temp == on_temp and ascii_lower(t.table) == lname]:
            self.drop_trigger(trigger)

    def triggers_on(self, name: str) -> TableTriggers:
        """The triggers on the temp view or table called ``name``, newest first as a
        table's."""
        lname = ascii_lower(name)
        return TableTriggers(t for t in self.triggers.values()
                             if t.on_temp and ascii_lower(t.table) == lname)

    def firing_on_main(self, name: str, event: str, timing: str) -> list:
        """The temp triggers of ``event`` and ``timing`` on main's object ``name``, in the
        reverse of the hash table's order: SQLite walks that table and puts each one it
        finds at the head of the object's own (trigger.c sqlite3TriggerList)."""
        lname = ascii_lower(name)
        found = (self.triggers[key] for key in reversed(self.hash.walk()))
        return [t for t in found if not t.on_temp and t.event == event and t.timing == timing
                and ascii_lower(t.table) == lname]

    def list_rank(self) -> dict:
        """Lower-case name -> place of each temp trigger in the lists SQLite builds from
        the hash table (``firing_on_main``'s order)."""
        return {key: k for k, key in enumerate(reversed(self.hash.walk()))}

    def reload_triggers(self) -> None:
        """SQLite read the temp schema again: a new hash table, filled in creation order."""
        self.hash = TriggerHash(ascii_lower(t.name)
                                for t in sorted(self.triggers.values(), key=lambda t: t.id))

    def on_main(self, name: str) -> bool:
        lname = ascii_lower(name)
        return any(not t.on_temp and ascii_lower(t.table) == lname for t in self.triggers.values())

    # -- transactions -------------------------------------------------------------------
    def mark(self) -> int:
        return len(self.log)

    def rollback_to(self, mark: int) -> None:
        while len(self.log) > mark:
            kind, lname, replaced = self.log.pop()
            objects = self.views if kind == "view" else self.triggers
            if kind == "view":
                self.widths.pop(lname, None)
            gone = objects.pop(lname, None)
            if replaced is not None:
                objects[lname] = replaced
            if kind == "trigger" and (gone is None) != (replaced is None):
                (self.hash.insert if gone is None else self.hash.remove)(lname)
        self.views = dict(sorted(self.views.items(), key=lambda item: item[1].id))

    def commit(self) -> None:
        self.log.clear()


_UNSEEN = object()


def kept_names(dictionary, temp: TempSchema) -> "SessionCatalog":
    """A ``SessionCatalog`` for binding one SELECT, which keeps what each name it is asked
    for found: the binder asks each FROM item's name up to six times (the look-up of
    every table before any column, as SQLite expands a statement first, then binding's
    own of tables, views and functions), and a SELECT's binding changes no schema."""
    return SessionCatalog(dictionary, temp, kept=True)


class SessionCatalog:
    """The names one connection's statements see: its temp schema over the dictionary
    (main). Everything but name lookup is the dictionary's."""

    def __init__(self, dictionary, temp: TempSchema, kept: bool = False):
        self.main = dictionary
        self.temp = temp
        # name -> table, view: what one query's binding found (``kept_names``)
        self.kept: dict | None = {} if kept else None

    def __getattr__(self, name):
        return getattr(self.main, name)

    def table(self, name: str):
        return self._table(name) if self.kept is None else self._kept(self._table, name)

    def view(self, name: str):
        return self._view(name) if self.kept is None else self._kept(self._view, name)

    def _kept(self, find, name: str):
        """What ``find`` (``_table`` or ``_view``) found of ``name``, asked once."""
        key = (find.__name__, name)
        found = self.kept.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self.kept[key] = find(name)
        return found

    def _table(self, name: str):
        lname = ascii_lower(name)
        if lname in TEMP_SCHEMA_NAMES:
            return self.temp.opened_table()
        if lname in self.temp.views:
            return None
        return self.temp.table_named(name) or self.main.table(name)

    def _view(self, name: str):
        return self.temp.views.get(ascii_lower(name)) or self.main.view(name)

    def in_schema(self, schema: str):
        """The catalog ``schema.name`` is looked up in; None for no such schema."""
        return {"main": self.main, "temp": _TempOnly(self.temp)}.get(ascii_lower(schema))


class _TempOnly:
    """The temp schema alone, for names written ``temp.name``."""

    def __init__(self, temp: TempSchema):
        self.temp = temp

    def table(self, name: str):
        if ascii_lower(name) in _SCHEMA_NAMES:
            return self.temp.opened_table()
        return self.temp.table_named(name)

    def view(self, name: str):
        return self.temp.views.get(ascii_lower(name))


# -- DDL on the temp schema ----------------------------------------------------------------
def drop_view(session, stmt) -> bool:
    """DROP VIEW of a temp view (an unqualified name finds temp first); False when the
    statement is main's to run."""
    in_temp, view = view_in_temp(session, stmt)
    if view is not None:
        session.temp.drop(view)
        session.db.dictionary.invalidate()      # cached plans named it
    return in_temp


def view_in_temp(session, stmt) -> tuple:
    """(whether DROP VIEW ``stmt`` is the temp schema's, the temp view it drops or None),
    or SQLite's error: temp's table of that name, no such view in ``temp.``."""
    schema = ascii_lower(stmt.schema or "")
    view = session.temp.views.get(ascii_lower(stmt.name)) if schema in ("", "temp") else None
    table = session.temp.table_named(stmt.name) if schema in ("", "temp") else None
    if view is None and table is not None:      # the name finds temp's table first (fuzz
        raise OperationalError(f"use DROP TABLE to delete table {table.name}")  # 171000105)
    if view is None:
        if schema == "temp" and not stmt.if_exists:
            raise OperationalError(f"no such view: {stmt.written}")
        return schema == "temp", None
    return True, view


def refuse_drop_table(session, stmt) -> None:
    """DROP TABLE of a name that is a temp view finds the view first (unless the name
    is main's: ``main.v``)."""
    if ascii_lower(stmt.schema or "") not in ("", "temp"):
        return
    view = session.temp.views.get(ascii_lower(stmt.name))
    if view is not None:
        raise OperationalError(f"use DROP VIEW to delete view {view.name}")


def create_view(session, stmt) -> None:
    session.temp.create(stmt.name, stmt.sql, stmt.if_not_exists)
    session.db.dictionary.invalidate()          # cached plans may name a hidden table


def follow_alter(session, stmt) -> None:
    """Give the temp views and triggers an ALTER TABLE rewrote (``stmt.temp_views``,
    ``stmt.temp_triggers``) their new texts."""
    for view, sql in stmt.temp_views:
        session.temp.replace(view, sql)
    for trigger, rewritten in stmt.temp_triggers:
        session.temp.replace_trigger(trigger, rewritten)
    if stmt.temp_triggers:
        triggers_changed(session)


def changed(stmt) -> set:
    """(kind, lower-case name) of each temp view and trigger ``stmt`` (an ALTER TABLE)
    rewrites."""
    return {("view", ascii_lower(view.name)) for view, _ in stmt.temp_views} | \
        {("trigger", ascii_lower(trigger.name)) for trigger, _ in stmt.temp_triggers}


def create_trigger(session, stmt) -> None:
    session.temp.create_trigger(stmt.draft, stmt.on_temp)
    triggers_changed(session)


def drop_trigger(session, trigger: TempTrigger) -> None:
    session.temp.drop_trigger(trigger)
    triggers_changed(session)


def triggers_changed(session) -> None:
    session.db.dictionary.invalidate()          # cached statements may fire them
    if session.temp.tables is not None:
        session.temp.tables.invalidate()        # a temp table keeps its triggers
