"""Which LEFT JOINs SQLite leaves out of a query altogether: those that cannot change it.

A LEFT JOIN keeps each row of its left side once when at most one right row can match it
(the ON fixes the right table's rowid or every key of a one-key, or all-NOT NULL, UNIQUE
index by ``=``) or when the query is DISTINCT; if nothing but that ON reads the right
table, the join adds nothing to the answer, and SQLite drops its loop before running the
query (where.c, whereOmitNoopJoin). That is visible: the dropped ON never runs, so an
expression in it that would fail fails nowhere, and an empty right table costs nothing.

SQLite does this only for a query that is no aggregate (one with a GROUP BY or an
aggregate function plans its loops without a result set to test), for a right side that
is a table, or, under DISTINCT, a subquery, view, common table or table-valued function
(whose query then never runs: an error in it is none, ``_omissible``), and looks at the
result columns and the ORDER BY for uses: any other expression reading the table -- a
WHERE term, another join's ON, a table-valued function's argument -- keeps the join,
unless it is the ON of a later LEFT JOIN omitted first (SQLite tries the last loop first:
in ``t1 LEFT JOIN t2 ON ... LEFT JOIN t3 ON t3.a = t2.a`` under DISTINCT, reading t1
alone, both go).
A DISTINCT query with window functions keeps it (SQLite moves its FROM clause into a
subquery without the DISTINCT first), and so does
a DISTINCT query whose ORDER BY is its result list, unless the join finds at
most one row: SQLite makes such a DISTINCT a GROUP BY first (select.c, "Transform the
DISTINCT into a GROUP BY"), and ASC or DESC makes no difference there but NULLS placed
otherwise than by default does (``_distinct_is_grouping``).
"""

from __future__ import annotations

from . import bound as b
from .analysis import conjuncts, select_exprs, slots_of
from .describe import describe


def omitted_slots(select: b.Select, kinds: list, finds_one_row) -> frozenset:
    """The slots of the FROM items of ``select`` whose LEFT JOIN (``kinds``: the join kind
    of each item once the WHERE has made some inner) SQLite omits. ``finds_one_row(item)``
    says whether the search of the item's table by its ON finds at most one row."""
    if select.is_aggregate or len(select.items) < 2 or select.values is not None:
        return frozenset()
    candidates = [item for item, kind in zip(select.items[1:], kinds[1:])
                  if kind == "left" and _omissible(item.source)]
    if not candidates:
        return frozenset()
    found, exprs = set(), select_exprs(select)
    # window functions: SQLite runs the FROM clause as a subquery of its own, without
    # the DISTINCT (window.c, sqlite3WindowRewrite; fuzz seed 80000107)
    distinct = select.distinct and not select.windows and not _distinct_is_grouping(select)
    dropped: list = []                  # the ON clauses of the joins omitted so far
    for item in reversed(candidates):   # the last loop first, as where.c tries them
        slot = item.source.slot
        if any(slot in slots_of(e) for e in exprs
               if e is not item.condition and not any(e is d for d in dropped)):
            continue
        if distinct or isinstance(item.source, b.TableSource) and \
                finds_one_row(item.source, conjuncts(item.condition)):
            found.add(slot)
            dropped.append(item.condition)
    return frozenset(found)


def _omissible(source) -> bool:
    """Whether SQLite can omit a LEFT JOIN of ``source``: a table, a table-valued
    function, or a subquery, view or common table -- whose query then never runs, but a
    common table read more than once, which SQLite fills before the loops all the same
    (a failing query fails though the join is omitted; its ON never runs: ``L.Filled``,
    build._from_clause)."""
    return isinstance(source, (b.SubquerySource, b.TableSource, b.FunctionSource))


def _distinct_is_grouping(select: b.Select) -> bool:
    """Whether SQLite runs DISTINCT ``select`` as a GROUP BY: its ORDER BY lists its result
    columns, in order, each with its own collation and NULLs where its direction puts them."""
    order = select.order_by
    return not select.windows and len(order) == len(select.columns) and all(
        o.nulls_first != o.desc and o.collation == collation
        and describe(o.expr) == describe(column)
        for o, column, collation in zip(order, select.columns, select.column_collations))
