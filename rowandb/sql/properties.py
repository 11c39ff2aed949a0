"""Static properties of bound expressions that SQLite decides when a statement is prepared.

The affinity an expression has as a comparison operand (sqlite.org/datatype3.html §4.2) and
the collation a comparison or ORDER BY term uses (datatype3.html §7.1): explicit COLLATE
wins, left operand first, then a column's declared collation, then BINARY. The binder
stores the results on the bound nodes so nothing has to be worked out per row.
"""

from __future__ import annotations

from ..planner.plan import bound as b
from ..planner.plan.analysis import children


def has_aggregate(expr) -> bool:
    if isinstance(expr, b.AggregateRef):
        return True
    return any(has_aggregate(c) for c in children(expr))


def affinity_of(expr: b.Expr) -> str | None:
    """The affinity an expression has as a comparison operand (datatype3.html §4.2)."""
    if isinstance(expr, b.ColumnRef):
        return expr.affinity
    if isinstance(expr, b.Cast):
        return expr.affinity
    if isinstance(expr, b.Collate):
        return affinity_of(expr.operand)
    if isinstance(expr, b.ScalarSubquery) and expr.query.column_affinities:
        return expr.query.column_affinities[0]
    return None


def collation_of(expr: b.Expr) -> str | None:
    """The collation of an expression, or None if it has none (sqlite3ExprCollSeq).

    A column has its declared collation, passed on through CAST and unary + only. An
    explicit COLLATE, wherever it sits inside the expression, is passed up through every
    operator, function and CASE: the walk goes to the left operand if it holds one, else
    to the first argument (or CASE part) that holds one, else to the right operand.
    Subqueries keep their COLLATE to themselves.
    """
    while expr is not None:
        if isinstance(expr, b.Collate):
            return expr.collation
        if isinstance(expr, b.ColumnRef):
            return expr.collation
        if isinstance(expr, b.Cast) or isinstance(expr, b.Unary) and expr.op == "pos":
            expr = expr.operand
            continue
        if not has_collate(expr):
            return None
        expr = next((part for part in _collation_order(expr) if has_collate(part)), None)
    return None


def has_collate(expr) -> bool:
    """True if an explicit COLLATE sits anywhere in the expression (SQLite's EP_Collate)."""
    if isinstance(expr, b.Collate):
        return True
    if isinstance(expr, (b.ScalarSubquery, b.Exists)):
        return False
    return any(has_collate(part) for part in _collation_order(expr))


def _collation_order(expr) -> tuple:
    """The parts of an expression in the order SQLite's collation walk tries them: the
    left operand, then the argument list, then the right operand."""
    if isinstance(expr, b.Like):            # LIKE is like(pattern, operand[, escape])
        return tuple(x for x in (expr.pattern, expr.operand, expr.escape) if x is not None)
    if isinstance(expr, b.InSubquery):
        return (expr.operand,)
    return children(expr)


def comparison_collation(left, right) -> str:
    """The collation a comparison uses (sqlite3BinaryCompareCollSeq): an explicit COLLATE
    on the left, else on the right, else the left's collation, else the right's."""
    if has_collate(left):
        found = collation_of(left)
    elif has_collate(right):
        found = collation_of(right)
    else:
        found = collation_of(left) or collation_of(right)
    return found or "BINARY"


def compound_collation(arms, i: int) -> str:
    """The collation of a compound SELECT's column ``i``: that of the first SELECT, left to
    right, whose column has one (SQLite's multiSelectCollSeq)."""
    return next((c for c in (collation_of(arm.columns[i]) for arm in arms) if c), "BINARY")
