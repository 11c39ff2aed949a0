"""Rule 1: evaluate constant sub-expressions once, when the plan is made.

``1 + 2 * 3`` becomes ``7`` and ``a > 10 - 5`` becomes ``a > 5``. An expression is constant
when it reads no column, parameter, aggregate or subquery and calls no volatile function
(``random()``, ``changes()``...). An expression whose evaluation raises (``abs(-9223372036854775808)``)
is left alone so the error surfaces when the statement runs, as in SQLite. A NULL-propagating
operator with a NULL literal on one side and a subquery on the other is NULL: SQLite skips
the subquery then (see ``_null_skips_subquery``).
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import contains_subquery, is_between, is_constant
from ..exec.errors_guard import evaluation_errors


def fold_constants(node: L.Node) -> L.Node:
    """``node`` with its WHERE and ON terms folded; a node nothing changes in is given
    back as it is (most joins' are: their terms compare columns)."""
    if isinstance(node, L.Filter):
        child, predicate = fold_constants(node.child), fold(node.predicate)
        if child is node.child and predicate is node.predicate:
            return node
        return L.Filter(child, predicate)
    if isinstance(node, L.Join):
        left, right = fold_constants(node.left), fold_constants(node.right)
        condition = fold(node.condition) if node.condition is not None else None
        if left is node.left and right is node.right and condition is node.condition:
            return node
        return dataclasses.replace(node, left=left, right=right, condition=condition)
    return node


def fold(expr):
    return _fold(expr)[0]


def _fold(expr):
    """(folded expression, whether ``expr`` is constant), bottom-up in one pass, so a long
    AND chain costs linear time. A constant expression becomes its value unless evaluating
    it raises; then it is kept whole, unfolded, as before. Each class's way is found once
    (``_KIND``): the walk visits every node of every WHERE term."""
    if expr is None:
        return expr, False
    kind = _KIND.get(expr.__class__)
    if kind is None:
        kind = _KIND[expr.__class__] = _kind(expr.__class__)
    if kind is _LITERAL:
        return expr, True
    if kind is _VARYING:
        return expr, False
    if kind is _BINARY and expr.op == "and" and is_between(expr):
        return _fold_between(expr)
    if kind is _COMPARE and expr.left.__class__ is b.ColumnRef and (
            expr.right.__class__ is b.Literal and expr.right.value is not None or
            expr.right.__class__ is b.ColumnRef):
        return expr, False              # ``column op literal`` or ``a51 = b31``: the steps
        #                                 below change nothing
    if kind is _BINARY or kind is _COMPARE:
        (left, left_const), (right, right_const) = _fold(expr.left), _fold(expr.right)
        if (left.__class__ is b.Literal and left.value is None or
                right.__class__ is b.Literal and right.value is None) \
                and _null_skips_subquery(expr, left, right):
            return b.NullPastSubquery(None), False     # not tested before the loops
        if left is not expr.left or right is not expr.right:
            expr = b.Binary(expr.op, left, right) if kind is _BINARY else \
                dataclasses.replace(expr, left=left, right=right)
        # the folded operands are evaluated: one may stand for a subquery never run
        return (_evaluated(expr), True) if left_const and right_const else (expr, False)
    if kind is _UNARY:
        operand, constant = _fold(expr.operand)
        if operand is not expr.operand:
            expr = b.Unary(expr.op, operand)
        return (_evaluated(expr), True) if constant else (expr, False)
    if is_constant(expr):
        return _evaluated(expr), True
    return expr, False


_LITERAL, _VARYING, _BINARY, _COMPARE, _UNARY, _OTHER = (
    "literal", "varying", "binary", "compare", "unary", "other")
_KIND: dict = {}        # bound expression class -> how _fold treats it


def _kind(cls) -> str:
    """The branch of ``_fold`` a node of class ``cls`` takes (subclasses as their base)."""
    if issubclass(cls, b.Literal):
        return _LITERAL
    if issubclass(cls, (b.ColumnRef, b.Param)):
        return _VARYING
    if issubclass(cls, b.Binary):
        return _BINARY
    if issubclass(cls, b.Compare):
        return _COMPARE
    return _UNARY if issubclass(cls, b.Unary) else _OTHER


def _fold_between(expr):
    """``x BETWEEN y AND z`` (``x >= y AND x <= z`` sharing x) is one term to SQLite: it
    folds whole or not at all, its halves keep sharing x, and a constant half is still
    tested as the row comes (``NULL BETWEEN f(a) AND NULL`` calls f)."""
    low, high = expr.left, expr.right
    (x, x_const), (y, y_const), (z, z_const) = _fold(low.left), _fold(low.right), \
        _fold(high.right)
    halves = []
    for half, bound in ((low, y), (high, z)):
        if _null_skips_subquery(half, x, bound):
            halves.append(b.NullPastSubquery(None))
        elif x is half.left and bound is half.right:
            halves.append(half)
        else:
            halves.append(dataclasses.replace(half, left=x, right=bound))
    if x_const and y_const and z_const:
        same = halves[0] is low and halves[1] is high
        return _evaluated(expr if same else b.Binary("and", *halves)), True
    if halves[0] is low and halves[1] is high:
        return expr, False              # unchanged: the node, with what is kept on it
    return b.Binary("and", *halves), False


def _null_skips_subquery(expr, left, right) -> bool:
    """``NULL = (subquery)``, ``(subquery) + NULL``...: SQLite evaluates the operand without
    the subquery first and, when it is NULL, never runs the subquery, so the result is NULL
    whatever the subquery holds and whatever error it would raise."""
    if isinstance(expr, b.Binary) and expr.op in ("and", "or") or \
            isinstance(expr, b.Compare) and (expr.op in ("is", "isnot") or
                                             not expr.skips_subquery):
        return False
    null_left = isinstance(left, b.Literal) and left.value is None
    null_right = isinstance(right, b.Literal) and right.value is None
    return (null_left and contains_subquery(right)) or (null_right and contains_subquery(left))


def _evaluated(expr):
    from ..exec.execute import evaluate_constant
    try:
        return b.Literal(evaluate_constant(expr))
    except evaluation_errors():
        return expr
