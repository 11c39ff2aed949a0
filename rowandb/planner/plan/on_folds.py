"""The ANDs and ORs of an outer join's ON that fold once SQLite makes the join inner.

SQLite folds ``x OR 1`` to 1 and ``x AND 0`` to 0 where it codes them
(sqlite3ExprSimplifiedAndOr), so x -- its subqueries too -- is never run nor planned;
but not in the ON clause of a LEFT, RIGHT or FULL JOIN, whose terms carry EP_OuterON
(ExprAlwaysTrue and ExprAlwaysFalse refuse them). The binder leaves those unfolded and
notes them (``Select.on_folds``). When the WHERE clause rejects the rows of NULLs an outer
join would make, SQLite makes the join inner first (select.c, sqlite3Select: "Convert
LEFT JOIN into JOIN", and the RIGHT JOIN that follows, ``right_join.join_kinds``) and
clears EP_OuterON from its ON terms (unsetJoinExpr): then they fold after all.
``SELECT ... FROM a LEFT JOIN b ON (abs(-9223372036854775808) OR 1) WHERE b.x`` returns
rows in SQLite rather than 'integer overflow'.
"""

from __future__ import annotations

import dataclasses

from . import bound as b
from .flatten import rewritten
from .right_join import join_kinds

_OUTER = ("left", "right", "full")


def with_on_folds(select: b.Select) -> b.Select:
    """``select`` with the noted ANDs and ORs folded in the ON of each outer join that
    SQLite makes inner."""
    if not select.on_folds or not select.items:
        return select
    kinds = join_kinds(select)
    folds = select.on_folds
    items, used = [], []

    def fold(expr):
        found = folds.get(id(expr))
        if found is None or found[0] is not expr:
            return None
        used.extend((expr.left, expr.right))
        return found[1]
    for item, kind in zip(select.items, kinds):
        if item.kind in _OUTER and kind == "inner" and item.condition is not None:
            condition = rewritten(item.condition, fold)
            if condition is not item.condition:
                item = dataclasses.replace(item, condition=condition)
        items.append(item)
    if not used:
        return select
    return dataclasses.replace(select, items=items, folded=list(select.folded) + used)
