"""A comparison of rows of different widths, refused at its own node before its operands.

SQLite's resolver checks a comparison's operands' widths (resolve.c resolveExprStep:
=, <>, <, <=, >, >=, IS, IS NOT, BETWEEN) as it reaches the comparison, before it walks
into them, and then ends the walk: ``nosuch > (1, 2)`` and ``(SELECT 1) > (1, 2)`` in a
CHECK are 'row value misused', not the name's or the subquery's error. The step runs even
while an error waits (a CHECK's, or an earlier generated column's), so the comparison's
error replaces it. ``check`` is called for every node the binder's walk reaches; a width
it cannot know before binding (a subquery with ``*``) leaves the check to the binding.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ..parse.dialect import UNARY_PLUS

_PAIRS = (exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.NullSafeEQ, exp.NullSafeNEQ)
COMPARISONS = frozenset(_PAIRS + (exp.Between,))


def check(node) -> None:
    """SQLite's 'row value misused' for comparison ``node`` of operands whose widths are
    known and differ."""
    if isinstance(node, exp.Between):
        left, right = _width(node.this), _width(node.args.get("low"))
        if left is not None and left == right:
            right = _width(node.args.get("high"))
    else:
        if isinstance(node, (exp.NullSafeEQ, exp.NullSafeNEQ)) and _bare_name(node.expression):
            return                      # x IS name: the name is resolved first
        left, right = _width(node.this), _width(node.expression)
    if left is not None and right is not None and left != right:
        raise OperationalError("row value misused")


def check_top(node) -> None:
    """``check`` of the comparison ``node`` is, inside any parentheses."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    if node.__class__ in COMPARISONS:
        check(node)


def _width(node) -> int | None:
    """How many values ``node`` is (sqlite3ExprVectorSize), None when not known yet."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    if isinstance(node, exp.Tuple):
        return len(node.expressions)
    if isinstance(node, exp.Subquery):
        query = node.this
        while isinstance(query, exp.Subquery):
            query = query.this
        if isinstance(query, exp.Select) and query.expressions and not any(
                isinstance(e, exp.Star) or isinstance(e, exp.Column) and
                isinstance(e.this, exp.Star) for e in query.expressions):
            return len(query.expressions)
        return None
    return 1


def _bare_name(node) -> bool:
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    return isinstance(node, exp.Column) and not node.table
