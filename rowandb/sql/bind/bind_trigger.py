"""Binding triggers: CREATE/DROP TRIGGER, NEW/OLD and RAISE in a body, compiled programs.

``bind_create_trigger`` checks a CREATE TRIGGER in the order SQLite's sqlite3BeginTrigger
(trigger.c) does -- the table exists, the name is not reserved, no trigger has it, the
table is no system table, the timing suits a table -- and makes the catalog ``Trigger``
the dictionary writes. Like SQLite it does not resolve the body's names then: a body
naming a missing table or column fails when a statement that fires it is prepared.

``compile_program`` is that later step, done once per schema version and kept by the
firing (planner/exec/triggers.py): it reads the stored CREATE TRIGGER text again, binds
the WHEN and each body statement with ``TriggerRows`` in force, and compiles them into a
``TriggerProgram``. ``TriggerRows`` resolves ``NEW.x``/``OLD.x`` (where the event has that
row; else SQLite's "no such column: old.x") to ``bound.TriggerColumn`` parameters, which
the firing fills from the row (``triggers.row_values``).

``bind_create_trigger`` accepts INSTEAD OF on a view only, and only INSTEAD OF there
("cannot create BEFORE trigger on view: v"); a write to the view fires them
(bind_view_write.py). A TEMP trigger (temp_views.py) goes to the connection's temp schema;
its body sees temp and main, a main trigger's sees main only (``TriggerRows.temp``), as
SQLite pins a main trigger's tables to main (sqlite3FixSrcList).
"""

from __future__ import annotations

import dataclasses

from sqlglot import expressions as exp

from ...catalog.trigger import Trigger
from ...catalog.views import ViewShape
from ...errors import OperationalError
from ...planner.plan import bound as b
from .names import ROWID_NAMES
from .tables import in_schema, named_in_main
from ..temp_views import TempTrigger, TempView
from ..parse.written_name import written_name
from ..parse.parse_cache import cached_parse
from ..parse.trigger_syntax import RAISE_KINDS, RAISE_NAMES, DropTrigger, TriggerSyntax
from ...catalog.ascii_case import ascii_lower, ascii_upper


class TriggerRows:
    """NEW and OLD of a trigger on ``table`` for ``event``, for the binder."""

    def __init__(self, table, event: str, temp: bool = False):
        self.table, self.event = table, event
        self.temp = temp                # a temp trigger's: its body sees the temp schema
        self.read: set = set()          # the parameters (NEW/OLD columns) it resolved

    def column(self, qualifier: str, name: str) -> b.Expr | None:
        found = self._column(qualifier, name)
        if found is not None:
            self.read.add(found.index)
        return found

    def _column(self, qualifier: str, name: str) -> b.Expr | None:
        which = ascii_lower(qualifier)
        width = len(self.table.columns) + 1
        if which == "new" and self.event != "DELETE":
            base = 0
        elif which == "old" and self.event != "INSERT":
            base = width
        else:
            return None
        pos = self.table.column_index(name)
        if pos is None:
            if ascii_lower(name) not in ROWID_NAMES or isinstance(self.table, ViewShape) \
                    or getattr(self.table, "without_rowid", False):
                return None         # a view's or WITHOUT ROWID table's NEW and OLD have no rowid
            return b.TriggerColumn(base + width - 1, f"{which}.{name}", "INTEGER")
        col = self.table.columns[pos]
        if pos == self.table.rowid_alias:       # the rowid: INTEGER affinity (resolve.c)
            return b.TriggerColumn(base + width - 1, f"{which}.{col.name}", "INTEGER",
                                   col.collation)
        return b.TriggerColumn(base + pos, f"{which}.{col.name}", None, col.collation)


def bind_raise(binder, args: list, scope) -> b.Expr:
    """``RAISE(kind[, message])`` as trigger_syntax (``raise_codes``) left it, the kind a
    number code. Outside a trigger SQLite refuses it only as it codes the expression
    (expr.c), once every name of the statement is resolved (its message is an
    expression, whose names count too): a code generation error (``codegen_error``)."""
    code = _kind_code(args[0]) if args else None
    if code not in RAISE_NAMES:
        raise OperationalError("RAISE() may only be used within a trigger-program")
    bound = [b.Literal(code)] + [binder.expr(a, scope) for a in args[1:]]
    if binder.trigger_rows is None and not _in_returning(scope) and \
            not getattr(binder, "raise_waits", False):
        error = OperationalError("RAISE() may only be used within a trigger-program")
        # (an INSERT's values: the first met is kept here; insert_columns.coded_last
        # finds the one SQLite codes last, the INTEGER PRIMARY KEY's after the others)
        error.in_insert = binder.parsed.kind in ("insert", "replace")
        binder.codegen_error(1, error)
    return b.Function("__raise", tuple(bound))


def _kind_code(arg) -> int | None:
    """RAISE's kind: the number code ``raise_codes`` wrote, or the word itself where an
    expression was read again from the statement's own text (a generated column's)."""
    name = ascii_upper(getattr(arg, "name", "") or "")
    return int(name) if name.isdigit() else RAISE_KINDS.get(name)


def _in_returning(scope) -> bool:
    """Whether ``scope`` is a RETURNING clause's or in one: SQLite codes RETURNING as a
    trigger program (trigger.c, sqlite3CodeReturningTrigger), where RAISE runs."""
    while scope is not None:
        if getattr(scope, "returning", False):
            return True
        scope = scope.parent
    return False


def bind_create_trigger(catalog, syntax: TriggerSyntax) -> b.CreateTrigger | None:
    """The checks of sqlite3BeginTrigger, in its order. ``catalog``: the connection's
    (temp_views.SessionCatalog). A trigger is temp when written TEMP or ``temp.name``, or
    when its unqualified name is put on a temp view; a main trigger sees main only."""
    schema = ascii_lower(syntax.schema or "")
    if syntax.temp and syntax.schema is not None:
        raise OperationalError("temporary trigger may not have qualified name")
    if schema not in ("", "main", "temp"):
        raise OperationalError(f"unknown database {syntax.schema}")
    temp = syntax.temp or schema == "temp"
    if not schema and not temp:
        scope = in_schema(catalog, _table_schema(syntax))
        temp = scope is not None and _in_temp(*_target(scope, syntax.table))
    table, view = _find_target(catalog, syntax, temp)
    if ascii_lower(syntax.name).startswith("sqlite_"):
        raise OperationalError(f"object name reserved for internal use: {syntax.name}")
    taken = catalog.temp.triggers.get(ascii_lower(syntax.name)) if temp \
        else getattr(catalog, "main", catalog).trigger(syntax.name)
    if taken is not None:
        if syntax.if_not_exists:
            return None
        raise OperationalError(f"trigger {written_name(syntax.sql) or syntax.name} already exists")
    if view is None and (table.system or ascii_lower(table.name).startswith("sqlite_")):
        raise OperationalError("cannot create trigger on system table")
    if view is not None and syntax.timing != "INSTEAD OF":
        raise OperationalError(f"cannot create {syntax.timing} trigger on view: {syntax.table}")
    if view is None and syntax.timing == "INSTEAD OF":
        raise OperationalError(f"cannot create INSTEAD OF trigger on table: {syntax.table}")
    _body_error(syntax, temp)
    return b.CreateTrigger(Trigger(0, syntax.name, syntax.table, syntax.timing, syntax.event,
                                   syntax.columns, syntax.sql), syntax.if_not_exists,
                           temp=temp, on_temp=_in_temp(table, view))


def _in_temp(table, view) -> bool:
    """Whether a trigger's target is an object of the temp schema (a view or a table)."""
    return isinstance(view, TempView) or getattr(table, "in_temp", False)


def _body_error(syntax: TriggerSyntax, temp: bool) -> None:
    """The first error of the body (trigger_syntax): a qualified target table is one for
    a trigger of main; SQLite meets it as it parses the body, after the header's checks
    that go before the name (sqlite3BeginTrigger)."""
    if syntax.qualified is not None and not temp:
        raise syntax.qualified
    if syntax.later_error is not None:
        raise syntax.later_error


def _table_schema(syntax: TriggerSyntax):
    """The ON table's schema as an identifier for ``tables.in_schema`` (None: none)."""
    return None if syntax.table_schema is None else exp.to_identifier(syntax.table_schema)


def _target(scope, name: str) -> tuple:
    """(table, view) called ``name`` in ``scope`` (one of them None, or both)."""
    table = scope.table(name)
    return table, scope.view(name) if table is None else None


_SCHEMA_TABLES = ("sqlite_schema", "sqlite_master", "sqlite_temp_schema", "sqlite_temp_master")


def _find_target(catalog, syntax: TriggerSyntax, temp: bool) -> tuple:
    """The (table, view) the trigger is on. A main trigger's table is looked up in main
    ("no such table: main.t"; ``ON temp.t`` is "trigger x cannot reference objects in
    database temp", sqlite3FixSrcList); a temp trigger's where it is written."""
    table_schema = ascii_lower(syntax.table_schema or "")
    if temp:
        scope = in_schema(catalog, _table_schema(syntax))
        missing = f"{syntax.table_schema}.{syntax.table}" if table_schema else syntax.table
    elif table_schema == "temp":
        raise OperationalError(f"trigger {syntax.name} cannot reference objects in "
                               f"database {syntax.table_schema}")
    else:
        scope = getattr(catalog, "main", catalog) if table_schema in ("", "main") else None
        missing = f"{syntax.table_schema if table_schema else 'main'}.{syntax.table}"
    table, view = _target(scope, syntax.table) if scope is not None else (None, None)
    if view is None and (table is None or table.virtual is not None
                         and table.name not in _SCHEMA_TABLES):
        raise OperationalError(f"no such table: {missing}")
    return table, view


def bind_ddl(catalog, syntax):
    """CREATE TRIGGER or DROP TRIGGER, bound."""
    if isinstance(syntax, DropTrigger):
        return bind_drop_trigger(catalog, syntax)
    return bind_create_trigger(catalog, syntax)


def bind_drop_trigger(catalog, drop: DropTrigger) -> b.DropTrigger:
    """DROP TRIGGER: an unqualified name finds a temp trigger first, then main's."""
    schema = ascii_lower(drop.schema or "")
    temp = getattr(catalog, "temp", None)
    found = temp.triggers.get(ascii_lower(drop.name)) \
        if temp is not None and schema in ("", "temp") else None
    if found is not None:
        return b.DropTrigger(found, temp=True)
    if schema in ("", "main"):
        found = getattr(catalog, "main", catalog).trigger(drop.name)
    if found is None and not drop.if_exists:
        written = f"{drop.schema}.{drop.name}" if drop.schema is not None else drop.name
        raise OperationalError(f"no such trigger: {written}")
    return b.DropTrigger(found)


def compile_program(trigger: Trigger, table, orconf, parse, bind, compile_bound, program,
                    prepare_step=None):
    """The ``TriggerProgram`` of ``trigger`` on ``table``: ``parse`` reads its text (once:
    ``parse_cache``),
    ``bind(parsed, rows)`` binds one piece with ``TriggerRows`` ``rows`` in force,
    ``compile_bound`` compiles the result, ``program(trigger, when, steps)`` builds it.
    ``orconf``, the conflict clause of the statement that fires the trigger if it wrote
    one, replaces each statement's own (trigger.c codeTriggerProgram). ``prepare_step``,
    when given, is called with each compiled statement before the next is bound (SQLite
    codes what a statement fires as it codes the statement: that decides which error of
    several comes first)."""
    try:
        return _compile(trigger, table, orconf, parse, bind, compile_bound, program,
                        prepare_step)
    except OperationalError as error:
        raise in_main_trigger(trigger, error) from None


def in_main_trigger(trigger: Trigger, error: OperationalError) -> OperationalError:
    """``error`` of binding ``trigger``'s body as SQLite words it: a missing table of a
    main trigger's body is named in main (``tables.named_in_main``)."""
    return error if isinstance(trigger, TempTrigger) else named_in_main(error)


def _as_condition(query: b.Select) -> b.Select:
    """The WHEN clause (bound as ``SELECT expr``) as ``SELECT 1 WHERE expr``: SQLite tests
    it as a condition (sqlite3ExprIfFalse with SQLITE_JUMPIFNULL), so its AND and OR stop
    at a NULL operand as a WHERE's do; the program runs when the query gives its row."""
    return dataclasses.replace(query, where=query.columns[0], columns=[b.Literal(1)])


def _compile(trigger: Trigger, table, orconf, parse, bind, compile_bound, program,
             prepare_step):
    syntax = cached_parse(trigger.sql, parse).trigger
    rows = TriggerRows(table, trigger.event, isinstance(trigger, TempTrigger))
    when = compile_bound(_as_condition(bind(syntax.when, rows))) \
        if syntax.when is not None else None
    steps = []
    for piece in syntax.steps:
        bound = bind(piece, rows)
        if isinstance(bound, tuple) and isinstance(bound[0], b.Insert):
            bound[0].in_trigger = True
        if orconf is not None and isinstance(bound, tuple) and \
                not isinstance(bound[0], b.Delete):
            # a DELETE has no conflict clause to replace, and the triggers it fires get
            # none either (delete.c passes OE_Default to sqlite3GenerateRowDelete)
            bound[0].orconf = bound[0].conflict = orconf
        steps.append(compile_bound(bound))
        if prepare_step is not None:
            prepare_step(steps[-1])
    built = program(trigger, when, steps)
    built.reads = frozenset(rows.read)
    return built
