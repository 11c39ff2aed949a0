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
    found = _collation(expr)
    return found[0] if found else None


def _collation(expr):
    if isinstance(expr, b.Collate):
        return expr.collation, True
    if isinstance(expr, b.Unary) and expr.op == "pos":
        return _collation(expr.operand)     # unary + drops the affinity, keeps the collation
    if isinstance(expr, b.ColumnRef):
        return expr.collation, False
    if isinstance(expr, (b.Binary, b.Unary)) and not isinstance(expr, b.Compare):
        operands = (expr.left, expr.right) if isinstance(expr, b.Binary) else (expr.operand,)
        for operand in operands:
            found = _collation(operand)
            if found and found[1]:
                return found
    return None


def comparison_collation(left, right) -> str:
    lc, rc = _collation(left), _collation(right)
    if lc and lc[1]:
        return lc[0]
    if rc and rc[1]:
        return rc[0]
    if lc:
        return lc[0]
    if rc:
        return rc[0]
    return "BINARY"
