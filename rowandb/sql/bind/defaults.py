"""The DEFAULT expressions a write binds, and the errors SQLite gives for them.

A column's DEFAULT is kept as written (``bind_ddl.default_expression``) and checked at
CREATE TABLE only for being constant. SQLite codes it into a statement only where the
statement may use it (insert.c, update.c), and only then do its other errors appear:

- an INSERT codes the DEFAULT of each column it leaves out (not an INTEGER PRIMARY KEY's,
  which takes a new rowid), and that of every NOT NULL column REPLACE resolves (OR
  REPLACE, or the column's own ON CONFLICT REPLACE when the statement wrote no clause),
  which replaces a NULL;
- an UPDATE codes that of each such NOT NULL column it assigns; other UPDATEs none;
- a foreign key's ON DELETE/UPDATE SET DEFAULT codes those of its child columns.

So a DEFAULT calling a function the connection lacks (one the application that made the
table defined) fails only the statements that use it. Such a call is found by SQLite's
code generator, not its name resolver: ``unknown function: f()`` for no scalar function of
that name and argument count, or an aggregate or window one (expr.c, TK_FUNCTION), where
a query would say ``no such function: f``. The generator does not look into the arguments
of a call it cannot make, and each error replaces the one before, so the last such call
met, left to right, is the one named (``unknown_function``).
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.functions.registry import is_builtin, is_window_only, lookup_scalar
from ...planner.functions.user import user_scalar
from ...planner.plan import bound as b
from ...planner.exec.writer import in_force
from .bind_ddl import default_expression
from .scope import Scope
from ...catalog.ascii_case import ascii_lower


def needed(stmt) -> frozenset:
    """The columns whose DEFAULT an INSERT or UPDATE ``stmt`` codes (see above)."""
    table = stmt.table
    columns = table.columns
    if isinstance(stmt, b.Insert):
        given = set(stmt.columns)
        found = {i for i in range(len(columns)) if i not in given and i != table.rowid_alias}
        replaced = range(len(columns))
    else:
        found, replaced = set(), [pos for pos, _ in stmt.assignments]
    found.update(i for i in replaced if columns[i].notnull and columns[i].default_sql is not None
                 and in_force(stmt.orconf, columns[i].notnull_conflict) == "REPLACE")
    return frozenset(found)


def bound_defaults(binder, table, wanted: frozenset | None = None) -> list:
    """Each column's DEFAULT bound, where ``wanted`` (None: every column); None where the
    column has none or it is not wanted. The statement codes them in column order, so a
    later column's unknown function is the one named."""
    nodes = [default_expression(col.default_sql)
             if col.default_sql is not None and (wanted is None or i in wanted) else None
             for i, col in enumerate(table.columns)]
    unknown = [name for node in nodes if node is not None
               and (name := unknown_function(node)) is not None]
    if unknown:
        raise OperationalError(f"unknown function: {unknown[-1]}()")
    return [binder.expr(node, Scope(None)) if node is not None else None for node in nodes]


def unknown_function(node) -> str | None:
    """The name (as written) of the last call in ``node`` SQLite's code generator cannot
    make as a scalar function, not looking into the arguments of one it cannot make."""
    last = None
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, exp.Anonymous) and not _scalar(n.name, len(n.expressions)):
            last = n.name
            continue
        stack.extend(reversed(list(n.iter_expressions())))
    return last


def _scalar(name: str, count: int) -> bool:
    lname = ascii_lower(name)
    if user_scalar(lname, count) is not None:
        return True
    if not is_builtin(lname) or is_window_only(lname):   # (a user function: found above)
        return False
    try:
        lookup_scalar(lname, count, window_ok=True)
    except OperationalError:
        return False
    return True
