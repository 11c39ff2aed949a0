"""The connection's authorizer (sqlite3's ``set_authorizer``): which calls RowanDB makes
while it prepares a statement, and what the answers do.

SQLite asks its authorizer while it compiles a statement (sqlite.org/c3ref/set_authorizer.html),
so RowanDB asks once per prepared statement, not per execution; setting or clearing the
authorizer drops the statement cache so every statement is asked again. The calls are
``callback(action, arg1, arg2, database, trigger_or_view)``:

* the statement's own action, before its names are resolved: INSERT (table), UPDATE
  (table, column) per SET column, DELETE (table), CREATE_/DROP_ TABLE, INDEX (name, table),
  VIEW, TRIGGER (name, table), ALTER_TABLE (database, table), PRAGMA (name, argument,
  schema), TRANSACTION ("BEGIN", "COMMIT", "ROLLBACK"), SAVEPOINT ("BEGIN", "RELEASE",
  "ROLLBACK"; name); DROP TABLE and DROP VIEW also DELETE the object, as in SQLite;
* from the binder (binder.py): SELECT once per SELECT, FUNCTION (None, name) per call, READ
  (table, column, database) per column a name resolves to, and READ (table, "", None) for a
  FROM table none of whose columns is read.

Answers: SQLITE_OK; SQLITE_DENY fails the statement with ``not authorized`` (a function:
``not authorized to use function: NAME``); SQLITE_IGNORE makes a READ column NULL, a
FUNCTION call NULL, an UPDATE column keep its value, a SELECT return no rows, a DELETE go
ahead (SQLite only skips its truncate optimization) and any other statement do nothing.
Any other number is ``authorizer malfunction``. What differs from SQLite (the schema
table's own reads and writes are not reported; the fifth argument is None) is in
docs/DBAPI.md.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from sqlglot import expressions as exp

from ...errors import DatabaseError, OperationalError
from ...planner.plan import bound as b
from ...catalog.ascii_case import ascii_lower, ascii_upper

OK, DENY, IGNORE = 0, 1, 2
# Action codes (sqlite3.h); sqlite3_api.CONSTANTS has all of them under their SQLITE_ names.
CREATE_INDEX, CREATE_TABLE, CREATE_TRIGGER, CREATE_VIEW = 1, 2, 7, 8
CREATE_TEMP_VIEW, DELETE, DROP_INDEX, DROP_TABLE = 6, 9, 10, 11
DROP_TRIGGER, DROP_VIEW, INSERT, PRAGMA, READ, SELECT = 16, 17, 18, 19, 20, 21
TRANSACTION, UPDATE, ALTER_TABLE, REINDEX, FUNCTION, SAVEPOINT = 22, 23, 26, 27, 31, 32


class Authorizer:
    """``callback(action, arg1, arg2, database, source) -> int`` with SQLite's answers
    applied: returns OK or IGNORE, raises for DENY and for any other value."""

    def __init__(self, callback: Callable[..., int]):
        self.callback = callback

    def __call__(self, action: int, arg1=None, arg2=None, database=None, source=None) -> int:
        code = self.callback(action, arg1, arg2, database, source)
        if code == DENY:
            if action == FUNCTION:
                raise OperationalError(f"not authorized to use function: {arg2}")
            raise DatabaseError("not authorized")
        if code not in (OK, IGNORE):
            raise OperationalError("authorizer malfunction")
        return code

    def ignores(self, prepared, dictionary) -> bool:
        """Whether the prepared statement is to do nothing, asking about it the first
        time (an UPDATE's ignored SET columns are then rewritten to keep their values)."""
        if prepared.authorized is None:
            ignored, columns = self.statement(prepared.parsed, dictionary)
            if columns:
                prepared.parsed = dataclasses.replace(
                    prepared.parsed, tree=keep_columns(prepared.parsed.tree, columns))
            prepared.authorized = "ignored" if ignored else "asked"
        return prepared.authorized == "ignored"

    def statement(self, parsed, dictionary) -> tuple[bool, list]:
        """Ask about ``parsed``'s own action: (ignored, the UPDATE columns ignored).
        ``dictionary`` (the catalog) spells names as the schema does."""
        ignored_columns = []
        for call in _statement_calls(parsed, _Names(dictionary)):
            if self(*call) == IGNORE:
                if call[0] == UPDATE:
                    ignored_columns.append(call[2])
                elif call[0] != DELETE:
                    return True, []
        return False, ignored_columns


def _statement_calls(parsed, stored_name) -> list[tuple]:
    kind, tree = parsed.kind, parsed.tree
    if parsed.control:
        return _control_calls(parsed.control)
    if kind == "pragma":
        call = parsed.pragma
        return [(PRAGMA, call.name, call.value, call.schema)]
    if kind in ("insert", "replace"):
        return [(INSERT, stored_name(_table_of(tree)), None, "main")]
    if kind == "update":
        table = stored_name(_table_of(tree))
        return [(UPDATE, table, _assigned(eq), "main") for eq in tree.expressions]
    if kind == "delete":
        return [(DELETE, stored_name(_table_of(tree)), None, "main")]
    if kind == "ddl":
        return _ddl_calls(parsed, stored_name)
    return []


def _control_calls(control: tuple) -> list[tuple]:
    action, _, name = control
    if action in ("savepoint", "release", "rollback_to"):
        verb = {"savepoint": "BEGIN", "release": "RELEASE", "rollback_to": "ROLLBACK"}[action]
        return [(SAVEPOINT, verb, name)]
    if action in ("begin", "commit", "rollback"):
        return [(TRANSACTION, ascii_upper(action))]
    return []


def _ddl_calls(parsed, stored_name) -> list[tuple]:
    tree = parsed.tree
    if parsed.view is not None:
        view = parsed.view
        return [(CREATE_TEMP_VIEW if view.temp else CREATE_VIEW, view.name, None,
                 "temp" if view.temp else "main")]
    if parsed.trigger is not None:
        trigger = parsed.trigger
        if hasattr(trigger, "table"):
            return [(CREATE_TRIGGER, trigger.name, stored_name(trigger.table), "main")]
        return [(DROP_TRIGGER, trigger.name, None, "main")]
    if parsed.alter is not None:
        return [(ALTER_TABLE, "main", stored_name(parsed.alter.table))]
    if isinstance(tree, exp.Create):
        kind = ascii_upper(tree.args.get("kind") or "")
        if kind == "INDEX":
            return _create_index_calls(tree.this, stored_name)
        if kind == "TABLE":
            return [(CREATE_TABLE, _table_of(tree), None, "main")]
    if isinstance(tree, exp.Drop):
        kind = ascii_upper(tree.args.get("kind") or "")
        name = tree.args["tables"][0].name if tree.args.get("tables") else tree.name
        if kind == "TABLE":
            return [(DROP_TABLE, stored_name(name), None, "main"),
                    (DELETE, stored_name(name), None, "main")]
        if kind == "VIEW":
            return [(DROP_VIEW, stored_name(name), None, "main"),
                    (DELETE, stored_name(name), None, "main")]
        if kind == "INDEX":
            return [(DROP_INDEX, name, stored_name.owner(name), "main")]
    return []


class _Names:
    """Names as the schema spells them (SQLite passes its own spelling); as written when
    the schema has no such object (the statement then fails after the authorizer)."""

    def __init__(self, dictionary):
        self.dictionary = dictionary

    def __call__(self, name: str) -> str:
        table = self.dictionary.table(name)
        return table.name if table is not None else name

    def owner(self, index: str) -> str | None:
        table = self.dictionary.index_owner(index)
        return table.name if table is not None else None


def _create_index_calls(index, stored_name) -> list[tuple]:
    """CREATE_INDEX (name, table), READ of each plain column it indexes, REINDEX (name),
    the order SQLite asks in."""
    table = stored_name(index.args["table"].name)
    params = index.args.get("params")
    terms = [t.this if isinstance(t, exp.Ordered) else t
             for t in (params.args.get("columns") or [] if params is not None else [])]
    reads = [(READ, table, t.name, "main") for t in terms if isinstance(t, exp.Column)]
    return [(CREATE_INDEX, index.name, table, "main"), *reads, (REINDEX, index.name, None, "main")]


def _table_of(tree) -> str:
    target = tree.this
    if isinstance(target, exp.Schema):
        target = target.this
    return target.name


def _assigned(eq) -> str:
    column = eq.this
    return column.name if isinstance(column, exp.Column) else column.sql()


def keep_columns(tree, columns: list[str]):
    """A copy of an UPDATE's tree without the SET items of ``columns`` (their values
    stay as they are)."""
    tree = tree.copy()
    folded = {ascii_lower(c) for c in columns}
    tree.set("expressions", [eq for eq in tree.expressions if not (
        isinstance(eq.this, exp.Column) and ascii_lower(eq.this.name) in folded)])
    return tree


# -- the binder's calls (binder.py calls these only while an authorizer is set) ----------

def read(binder, found, scope):
    """READ for a name resolved in ``scope`` to ``found``; NULL when ignored. (Without
    an authorizer: ``found``.)"""
    if binder.authorize is None or not isinstance(found, b.ColumnRef):
        return found
    source = next((s for s in scope.sources if s.slot == found.slot), None)
    if source is None or source.table is None or source.qualified_only:
        return found
    table = source.table
    if found.column < 0:
        column = "ROWID"
    else:
        column = table.columns[found.column].name
        binder.__dict__.setdefault("auth_reads", set()).add(found.slot)   # select_bound
    if binder.authorize(READ, table.name, column, "main") == IGNORE:
        return b.Literal(None)
    return found


def select(binder):
    """SELECT, as a SELECT starts to be bound. When ignored, nothing more is asked about
    it (SQLite skips it) and the authorizer is returned, to be put back by
    ``select_bound``; else None."""
    authorize = binder.authorize
    if authorize is None or authorize(SELECT) != IGNORE:
        return None
    binder.authorize = None
    return authorize


def select_bound(binder, scope, bound, ignored) -> None:
    """READ (table, "") for each FROM table of which no column was read; an ignored
    SELECT returns no rows."""
    if ignored is not None:
        binder.authorize = ignored
        bound.limit = b.Literal(0)
        bound.ignored = True            # a statement of its own has no result (session.py)
        return
    if binder.authorize is None:
        return
    reads = binder.__dict__.get("auth_reads", ())
    for source in scope.sources:
        if source.table is not None and source.slot not in reads \
                and not source.qualified_only:
            binder.authorize(READ, source.table.name, "")


def function(binder, name: str) -> bool:
    """FUNCTION (None, name) for a call: True when ignored (the call is then NULL)."""
    return binder.authorize(FUNCTION, None, name) == IGNORE
