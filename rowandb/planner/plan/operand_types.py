"""The affinity and the collation a bound expression has as a comparison operand.

SQLite decides both when a statement is prepared (expr.c sqlite3ExprAffinity,
sqlite3ExprCollSeq; datatype3.html sections 4.2 and 7.1): the binder stores them on the
nodes it makes (``sql/bind/properties.py``), and a rule that copies a term into another query
(``optimizer/push_into_cte.py``: a WHERE term pushed into a SELECT of a compound, with a
column there standing for that SELECT's expression) asks them again of the copy. A
VALUES list of several rows gives each arm SQLite's parser makes of it
(``sql/parse/values_arms.py``) as rows of expressions (``arm_rows``).
"""

from __future__ import annotations

from . import bound as b
from .analysis import LEAVES, children, kept_any

#: A co-routine arm's column as the compound sees it: a column with no affinity.
COROUTINE_COLUMN = b.ColumnRef(-1, 0, "", None)


def affinity_of(expr: b.Expr) -> str | None:
    """The affinity an expression has as a comparison operand (datatype3.html §4.2)."""
    if isinstance(expr, (b.ColumnRef, b.TriggerColumn)):
        return expr.affinity
    if isinstance(expr, b.Cast):
        return expr.affinity
    if isinstance(expr, b.Collate):
        return affinity_of(expr.operand)
    if isinstance(expr, b.Function) and expr.using:     # SQLite's SQLITE_AFF_DEFER
        return affinity_of(expr.args[0])
    if isinstance(expr, b.ScalarSubquery):
        query = expr.query
        if query.compound or len(query.values_arms) > 1:
            # SQLite's TK_SELECT: the last SELECT's, a VALUES list's last arm's
            # (exec's comparison_sides.deferred)
            return affinity_of(last_row(query)[0])
        return query.column_affinities[0] if query.column_affinities else None
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
        if isinstance(expr, (b.ColumnRef, b.TriggerColumn)):
            return expr.collation
        if isinstance(expr, b.Function) and expr.using and not has_collate(expr):
            return expr.collation
        if isinstance(expr, b.Cast) or isinstance(expr, b.Unary) and expr.op == "pos":
            expr = expr.operand
            continue
        if not has_collate(expr):
            return None
        expr = next((part for part in _collation_order(expr) if has_collate(part)), None)
    return None


def has_collate(expr) -> bool:
    """True if an explicit COLLATE sits anywhere in the expression (SQLite's EP_Collate),
    not inside a subquery. Kept on each node (``kept_any``): the binder asks it of both
    operands of every comparison, and again on the way down a collation walk."""
    return kept_any(expr, "_has_collate", _COLLATE_VERDICTS, _collation_order)


_COLLATE_VERDICTS = ((b.Collate, True), ((b.ScalarSubquery, b.Exists) + LEAVES, False))


def _collation_order(expr) -> tuple:
    """The parts of an expression in the order SQLite's collation walk tries them: the
    left operand, then the argument list, then the right operand."""
    if isinstance(expr, b.Like):            # LIKE is like(pattern, operand[, escape])
        return tuple(x for x in (expr.pattern, expr.operand, expr.escape) if x is not None)
    if isinstance(expr, b.InSubquery):
        return (expr.operand,)
    return children(expr)


def arm_rows(query) -> list:
    """The expressions of each arm of a VALUES query, a co-routine's as columns with no
    affinity; a query of one SELECT is its one arm."""
    if query.values is None:
        return [query.columns]
    if not query.values_arms:
        return list(query.values)
    width = len(query.columns)
    return [[COROUTINE_COLUMN] * width if coroutine else query.values[start]
            for start, coroutine in query.values_arms]


def last_row(query) -> list:
    """The result expressions of ``query``'s last SELECT -- of a VALUES list, of the last
    arm SQLite's parser makes of it -- which SQLite keeps a compound by (its Select is
    the rightmost): what an IN or a comparison with the query as a subquery takes its
    affinity and collation from (expr.c exprINAffinity, sqlite3ExprAffinity,
    sqlite3BinaryCompareCollSeq). A co-routine's are columns of no affinity whose
    collation, not an explicit one, is that of its first row's expression (SQLite types
    them as a subquery's: ``nc IN (VALUES ('ABC ' COLLATE RTRIM), (1))``, nc NOCASE,
    compares under NOCASE). A compound SQLite runs as a FROM subquery has that
    subquery's columns (``Select.subquery_row``)."""
    if query.subquery_row is not None:
        return query.subquery_row
    last = query.compound[-1][1] if query.compound else query
    if last.values is not None and last.values_arms and last.values_arms[-1][1]:
        first = last.values[last.values_arms[-1][0]]
        return [b.ColumnRef(-1, 0, "", None, collation_of(e) or "BINARY") for e in first]
    return arm_rows(last)[-1]
