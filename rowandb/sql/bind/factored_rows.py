"""A constant row value misplaced in a WHERE: SQLite's error for it comes last.

SQLite codes a constant part of a WHERE term once, apart from the loop (expr.c,
sqlite3ExprCodeRunJustOnce), with the other constants when the statement's code is
finished (sqlite3FinishCoding), which it skips after any error. So ``WHERE (1, 2)`` (or
``WHERE (1, 2) OR a``) is 'row value misused' only when nothing else fails as the query
is coded: a subquery's 'no query solution' in the result columns, GROUP BY or ORDER BY,
or a DISTINCT aggregate of two arguments, comes first. ``WHERE (a, 2)`` reads a column and
is coded in the loop, in its turn. The ON of an inner join is a part of the WHERE there
(``JOIN k ON (1, 2)``); a LEFT JOIN's is not.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...planner.plan import bound as b
from ...planner.plan.analysis import is_constant


def factored_where(binder, node, error: Exception) -> None:
    """Mark ``error`` (found placing the rows of ``node``, bound) ``factored`` when it is a
    constant row of a SELECT's WHERE (the planner raises it last: plan/build.py)."""
    row = getattr(error, "row", None)
    parent = getattr(node, "parent", None)
    if row is not None and isinstance(binder._coding, b.Select) and is_constant(row) and (
            isinstance(parent, exp.Where) or _inner_on(parent, node)):
        error.factored = True


def _inner_on(join, node) -> bool:
    """Whether ``node`` is the ON of an inner join, whose terms SQLite moves into the
    WHERE (a LEFT or RIGHT JOIN's stay with its loop, unfactored)."""
    return isinstance(join, exp.Join) and join.args.get("on") is node and \
        not join.args.get("side")
