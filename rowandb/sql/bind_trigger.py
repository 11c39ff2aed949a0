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

INSTEAD OF triggers need views; when views exist, ``bind_create_trigger`` accepts INSTEAD
OF on a view (and refuses BEFORE/AFTER there: "cannot create BEFORE trigger on view: v"),
and the view's INSERT/UPDATE/DELETE fire them through ``Triggers.fire`` with timing
``INSTEAD OF`` in place of writing rows.
"""

from __future__ import annotations

import dataclasses

from ..catalog.trigger import Trigger
from ..errors import OperationalError
from ..planner.plan import bound as b
from .trigger_syntax import RAISE_NAMES, DropTrigger, TriggerSyntax

ROWID_NAMES = ("rowid", "oid", "_rowid_")


class TriggerRows:
    """NEW and OLD of a trigger on ``table`` for ``event``, for the binder."""

    def __init__(self, table, event: str):
        self.table, self.event = table, event

    def column(self, qualifier: str, name: str) -> b.Expr | None:
        which = qualifier.lower()
        width = len(self.table.columns) + 1
        if which == "new" and self.event != "DELETE":
            base = 0
        elif which == "old" and self.event != "INSERT":
            base = width
        else:
            return None
        pos = self.table.column_index(name)
        if pos is None:
            if name.lower() not in ROWID_NAMES:
                return None
            return b.TriggerColumn(base + width - 1, f"{which}.{name}", "INTEGER")
        col = self.table.columns[pos]
        if pos == self.table.rowid_alias:       # the rowid: INTEGER affinity (resolve.c)
            return b.TriggerColumn(base + width - 1, f"{which}.{col.name}", "INTEGER",
                                   col.collation)
        return b.TriggerColumn(base + pos, f"{which}.{col.name}", None, col.collation)


def bind_raise(args: list, bind) -> b.Expr:
    """``RAISE(kind[, message])`` as trigger_syntax left it (the kind a number code)."""
    code = int(args[0].name) if hasattr(args[0], "name") else None
    if code not in RAISE_NAMES:
        raise OperationalError("RAISE() may only be used within a trigger-program")
    bound = [b.Literal(code)] + [bind(a) for a in args[1:]]
    return b.Function("__raise", tuple(bound))


def bind_create_trigger(dictionary, syntax: TriggerSyntax) -> b.CreateTrigger | None:
    if syntax.schema is not None and syntax.schema.lower() != "main":
        raise OperationalError(f"unknown database {syntax.schema}")
    if syntax.table_schema is not None and syntax.table_schema.lower() != "main":
        raise OperationalError(f"no such table: {syntax.table_schema}.{syntax.table}")
    table = dictionary.table(syntax.table)
    if table is None or table.virtual is not None and table.name != "sqlite_schema" \
            and table.name != "sqlite_master":
        raise OperationalError(f"no such table: main.{syntax.table}")
    if syntax.name.lower().startswith("sqlite_"):
        raise OperationalError(f"object name reserved for internal use: {syntax.name}")
    if dictionary.trigger(syntax.name) is not None:
        if syntax.if_not_exists:
            return None
        raise OperationalError(f"trigger {syntax.name} already exists")
    if table.system or table.name.lower().startswith("sqlite_"):
        raise OperationalError("cannot create trigger on system table")
    if syntax.timing == "INSTEAD OF":
        raise OperationalError(f"cannot create INSTEAD OF trigger on table: {syntax.table}")
    return b.CreateTrigger(Trigger(0, syntax.name, syntax.table, syntax.timing, syntax.event,
                                   syntax.columns, syntax.sql), syntax.if_not_exists)


def bind_ddl(dictionary, syntax):
    """CREATE TRIGGER or DROP TRIGGER, bound."""
    if isinstance(syntax, DropTrigger):
        return bind_drop_trigger(dictionary, syntax)
    return bind_create_trigger(dictionary, syntax)


def bind_drop_trigger(dictionary, drop: DropTrigger) -> b.DropTrigger:
    found = dictionary.trigger(drop.name) \
        if drop.schema is None or drop.schema.lower() == "main" else None
    if found is None and not drop.if_exists:
        written = f"{drop.schema}.{drop.name}" if drop.schema is not None else drop.name
        raise OperationalError(f"no such trigger: {written}")
    return b.DropTrigger(found)


def compile_program(trigger: Trigger, table, orconf, parse, bind, compile_bound, program,
                    prepare_step=None):
    """The ``TriggerProgram`` of ``trigger`` on ``table``: ``parse`` reads its text,
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
        # SQLite puts every table of a trigger's body in its schema (sqlite3FixSrcList),
        # so a missing one is "no such table: main.x"
        text = str(error)
        if text.startswith(_NO_TABLE) and "." not in text[len(_NO_TABLE):]:
            raise OperationalError(_NO_TABLE + "main." + text[len(_NO_TABLE):]) from None
        raise


_NO_TABLE = "no such table: "


def _as_condition(query: b.Select) -> b.Select:
    """The WHEN clause (bound as ``SELECT expr``) as ``SELECT 1 WHERE expr``: SQLite tests
    it as a condition (sqlite3ExprIfFalse with SQLITE_JUMPIFNULL), so its AND and OR stop
    at a NULL operand as a WHERE's do; the program runs when the query gives its row."""
    return dataclasses.replace(query, where=query.columns[0], columns=[b.Literal(1)])


def _compile(trigger: Trigger, table, orconf, parse, bind, compile_bound, program,
             prepare_step):
    syntax = parse(trigger.sql).trigger
    rows = TriggerRows(table, trigger.event)
    when = compile_bound(_as_condition(bind(syntax.when, rows))) \
        if syntax.when is not None else None
    steps = []
    for piece in syntax.steps:
        bound = bind(piece, rows)
        if orconf is not None and isinstance(bound, tuple):
            stmt = bound[0]
            stmt.orconf = orconf
            if not isinstance(stmt, b.Delete):
                stmt.conflict = orconf
        steps.append(compile_bound(bound))
        if prepare_step is not None:
            prepare_step(steps[-1])
    return program(trigger, when, steps)
