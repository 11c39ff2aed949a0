"""What SQLite refuses in an expression that reads only its own table's row, met in the
walk that resolves its names.

A CHECK constraint, a generated column, an index's expression and a partial index's
WHERE are resolved by sqlite3ResolveSelfReference (resolve.c) with a flag saying which
they are. Its walk (resolveExprStep) refuses a subquery and a parameter at their own
node, parent before children, left to right: ``x > (SELECT 1)`` is 'no such column: x'
when x is unknown, ``(SELECT 1) > x`` the subquery's error. A refused node's error
replaces one still waiting from a function's arguments (sqlite3ErrorMsg keeps the last)
and ends the walk. A qualified name in an index expression or a generated column notes
'the "." operator prohibited' and is still looked up, so its own 'no such column'
replaces that, and the walk goes on as after a function's error: a later name's error
replaces it too (Binder.expr, ``pending``). A call of a non-deterministic function in a
generated column or an index is such an error too, noted at the call's own node before
its arguments are walked (``note_volatile``): ``b AS (abs(x) + random())`` is SQLite's
'non-deterministic functions prohibited', ``b AS (random() + x)`` 'no such column: x',
and a CHECK's error waiting is replaced by ``c AS (random())`` but not by ``c AS
(random() + 1)``, whose operator ends the walk. An index expression has no rowid.
``Binder.prohibited`` names the place while such an expression is bound; ``refuse`` is
called for every node the walk reaches.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from .names import ROWID_NAMES

_NO_DOT = ("index expressions", "generated columns")
_NO_VOLATILE = _NO_DOT + ("partial index WHERE clauses",)


def refuse(binder, node, scope):
    """SQLite's error for ``node`` in the place ``binder.prohibited`` names, if it is a
    subquery or a parameter there; a qualified name there bound with its error noted
    (returned), else None."""
    from .generated import is_subquery
    from ...catalog.ascii_case import ascii_lower
    place = binder.prohibited
    if is_subquery(node):
        binder.pending = None
        raise OperationalError(f"subqueries prohibited in {place}")
    if is_parameter(node):
        binder.pending = None
        raise OperationalError(f"parameters prohibited in {place}")
    if not isinstance(node, exp.Column) or place not in _NO_DOT:
        return None
    rowid = ascii_lower(node.name) in ROWID_NAMES and not node.this.args.get("quoted")
    if rowid and place == "index expressions":
        binder.pending = None
        written = f"{node.table}.{node.name}" if node.args.get("table") else node.name
        raise OperationalError(f"no such column: {written}")
    if node.args.get("table"):
        binder.pending = None
        bound = binder.column(node, scope)      # raises its own error if it names nothing
        binder.pending = OperationalError(f'the "." operator prohibited in {place}')
        return bound
    return None


def is_parameter(node) -> bool:
    """``?``, ``?N``, ``:name``, ``@name`` or ``$name``: refused at its own node, where
    an error already noted still lets the walk reach it."""
    return isinstance(node, (exp.Placeholder, exp.Parameter))


def note_volatile(binder, name: str, nargs: int, noted: bool = False) -> None:
    """Note SQLite's error for a call of non-deterministic function ``name`` (``nargs``
    arguments) where ``binder.prohibited`` forbids one, unless the call's own error was
    ``noted``; it replaces an error waiting, and the arguments' failing names replace it in
    turn (resolve.c resolveExprStep)."""
    place = binder.prohibited
    if noted or place not in _NO_VOLATILE:
        return
    if place == "generated columns":
        from .generated import volatile
    else:
        from .index_forms import volatile
    if volatile(name, nargs):
        binder.pending = OperationalError(f"non-deterministic functions prohibited in {place}")
