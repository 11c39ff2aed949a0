"""Which LEFT JOINs SQLite runs as inner joins: those whose WHERE rejects a row of NULLs.

A LEFT JOIN pads a missing right row with NULLs. When the WHERE clause can never be true
for such a row -- ``WHERE u.a = 1`` after ``LEFT JOIN u`` -- SQLite makes the join an inner
one before planning (select.c, sqlite3Select: "Convert LEFT JOIN into JOIN"), so the padded
rows are never made and the WHERE never runs on them. That is visible: an expression that
fails on the NULL row (``like(x, y, u.c)`` with a bad escape, say) raises in a plain LEFT
JOIN and not in one SQLite made inner. ``inner_slots`` follows SQLite's test
(expr.c, sqlite3ExprImpliesNonNullRow) over the WHERE clause and the ON conditions of
inner joins, FROM item by FROM item, the ON condition of a join made inner counting for
the ones after it.
"""

from __future__ import annotations

from . import bound as b
from .analysis import is_between

_LIKELY = ("likely", "unlikely", "likelihood")
_PRUNED_UNARY = ("isnull", "notnull", "istrue", "isfalse", "isnottrue", "isnotfalse")


def inner_slots(select: b.Select) -> set:
    """The slots of the LEFT JOINed FROM items of ``select`` that SQLite joins inner."""
    terms = [select.where] + [item.condition for item in select.items[1:]
                              if item.kind != "left"]
    found, virtual = set(), virtual_slots(select)
    for item in select.items[1:]:
        if item.kind != "left":
            continue
        slot = item.source.slot
        if any(t is not None and implies_non_null_row(t, slot, virtual) for t in terms):
            found.add(slot)
            terms.append(item.condition)
    return found


def virtual_slots(select: b.Select) -> frozenset:
    """The slots of the table-valued functions (virtual tables) in ``select``'s FROM."""
    return frozenset(item.source.slot for item in select.items
                     if isinstance(item.source, b.FunctionSource))


def implies_non_null_row(expr, slot: int, virtual: frozenset = frozenset()) -> bool:
    """Whether ``expr`` is false or NULL whenever the row in ``slot`` is all NULLs, as
    SQLite proves it: a top-level AND needs one such term (and a term ``x NOTNULL`` counts
    when it is not the last of the chain), anything else is walked by ``_walk``;
    ``virtual``: the slots of virtual tables, whose columns' comparisons prove nothing
    (a virtual table may take ``x = NULL`` as a constraint of its own)."""
    while isinstance(expr, b.Collate) or isinstance(expr, b.Function) \
            and expr.name in _LIKELY and expr.args:
        expr = expr.operand if isinstance(expr, b.Collate) else expr.args[0]
    if isinstance(expr, b.Unary) and expr.op == "notnull":
        expr = expr.operand
    else:
        while isinstance(expr, b.Binary) and expr.op == "and" and not is_between(expr):
            if implies_non_null_row(expr.left, slot, virtual):
                return True
            expr = expr.right
    return _walk(expr, slot, virtual)


def _walk(expr, slot: int, virtual: frozenset) -> bool:
    """SQLite's impliesNotNullRow walker: a column of ``slot`` reached through operators
    that are NULL when it is (comparisons, arithmetic, CAST, NOT...); functions, CASE,
    IS, IS NULL and subqueries stop the walk; AND and OR need both sides; a BETWEEN (one
    node to SQLite) counts through its tested value or through both of its bounds, as
    ``x NOT BETWEEN y AND z`` is NULL when x is, or when y and z both are."""
    if isinstance(expr, b.ColumnRef):
        return expr.slot == slot
    if isinstance(expr, (b.Collate, b.Cast)):
        return _walk(expr.operand, slot, virtual)
    if isinstance(expr, b.Unary):
        return expr.op not in _PRUNED_UNARY and _walk(expr.operand, slot, virtual)
    if isinstance(expr, b.Binary):
        if is_between(expr):                # x BETWEEN y AND z: x, or both y and z
            return _walk(expr.left.left, slot, virtual) or (
                _walk(expr.left.right, slot, virtual) and _walk(expr.right.right, slot, virtual))
        if expr.op in ("and", "or"):
            return _walk(expr.left, slot, virtual) and _walk(expr.right, slot, virtual)
        return _walk(expr.left, slot, virtual) or _walk(expr.right, slot, virtual)
    if isinstance(expr, b.Compare):
        if expr.from_row:
            return False            # a row comparison (TK_VECTOR) proves nothing
        if any(isinstance(side, b.ColumnRef) and side.slot in virtual
               for side in (expr.left, expr.right)):
            return False            # x = NULL may be a virtual table's own constraint
        return expr.op not in ("is", "isnot") and (_walk(expr.left, slot, virtual)
                                                   or _walk(expr.right, slot, virtual))
    if isinstance(expr, b.InList):
        return bool(expr.items) and _walk(expr.operand, slot, virtual)
    return False                # literals, parameters, functions, LIKE, CASE, subqueries
