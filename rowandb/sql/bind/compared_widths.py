"""A comparison of rows of different widths, refused at its own node before its operands.

SQLite's resolver checks a comparison's operands' widths (resolve.c resolveExprStep:
=, <>, <, <=, >, >=, IS, IS NOT, BETWEEN) as it reaches the comparison, before it walks
into them, and then ends the walk: ``nosuch > (1, 2)`` and ``(SELECT 1) > (1, 2)`` in a
CHECK are 'row value misused', not the name's or the subquery's error. The step runs even
while an error waits (a CHECK's, or an earlier generated column's), so the comparison's
error replaces it. ``check`` is called for every node the binder's walk reaches.

A subquery's width is its result list's length, each ``*`` or ``t.*`` one term, unless
SQLite expanded the subquery before it resolved the comparison: a SELECT statement is
expanded whole first (select.c sqlite3SelectExpand walks into its expressions'
subqueries too), so a comparison inside any query counts the columns ``*`` stands for
(``tables.look_up_tables``' names; a width it cannot tell there is left to the binding);
so are a RETURNING list (prepared as one SELECT's result columns), an UPDATE ... FROM's
SET and WHERE (made into a SELECT over its FROM items) and an INSERT's VALUES of several
rows (a compound SELECT), which the binder marks ``expanded``; an UPDATE's, DELETE's,
upsert's or one-row INSERT's own expressions and a CHECK's are resolved unexpanded, so
there ``(SELECT * FROM t) = (1, nosuch)`` is 'row value misused' whatever t's width.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlglot import expressions as exp

from ...errors import OperationalError
from ..parse.dialect import UNARY_PLUS

_PAIRS = (exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.NullSafeEQ, exp.NullSafeNEQ)
COMPARISONS = frozenset(_PAIRS + (exp.Between,))
_COMPOUNDS = (exp.Union, exp.Intersect, exp.Except)


def check(node, binder=None) -> None:
    """SQLite's 'row value misused' for comparison ``node`` of operands whose widths are
    known and differ; ``binder``: the one binding it (None: an expression SQLite resolves
    unexpanded)."""
    if isinstance(node, exp.Between):
        left, right = _width(node.this, binder), _width(node.args.get("low"), binder)
        if left is not None and left == right:
            right = _width(node.args.get("high"), binder)
    else:
        if isinstance(node, (exp.NullSafeEQ, exp.NullSafeNEQ)) and _bare_name(node.expression):
            return                      # x IS name: the name is resolved first
        left, right = _width(node.this, binder), _width(node.expression, binder)
    if left is not None and right is not None and left != right:
        raise OperationalError("row value misused")


def check_top(node) -> None:
    """``check`` of the comparison ``node`` is, inside any parentheses."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    if node.__class__ in COMPARISONS:
        check(node)


def _width(node, binder=None) -> int | None:
    """How many values ``node`` is (sqlite3ExprVectorSize), None when not known yet."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    if isinstance(node, exp.Tuple):
        return len(node.expressions)
    if isinstance(node, exp.Subquery):
        query = node.this
        while isinstance(query, (exp.Subquery,) + _COMPOUNDS):   # a compound: its last
            query = query.expression if isinstance(query, _COMPOUNDS) else query.this
        if not isinstance(query, exp.Select) or not query.expressions:
            return None
        if binder is not None and (binder._expanded or binder.widths_expanded) and any(
                isinstance(e, exp.Star) or isinstance(e, exp.Column) and
                isinstance(e.this, exp.Star) for e in query.expressions):
            return _expanded_width(binder, query)
        return len(query.expressions)
    return 1


@contextmanager
def expanded(binder):
    """Bind what is inside as SQLite resolves an expression of a query it has expanded."""
    before, binder.widths_expanded = binder.widths_expanded, True
    try:
        yield
    finally:
        binder.widths_expanded = before


def _expanded_width(binder, query: exp.Select) -> int | None:
    """The width of subquery ``query`` of a SELECT SQLite has expanded: the columns its
    ``*`` stands for counted (None where they cannot be told before binding)."""
    from .tables import look_up_tables
    names = look_up_tables(binder.catalog, query, binder.names_no_table, names=True)
    return None if names is None else len(names)


def _bare_name(node) -> bool:
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    return isinstance(node, exp.Column) and not node.table
