"""The ORDER BY of a FROM subquery that SQLite deletes before planning: it cannot matter.

select.c (sqlite3Select, "omit superfluous ORDER BY on FROM-clause subquery") deletes a
FROM subquery's ORDER BY when the query reading it has an ORDER BY of its own (a SELECT
of a compound with an ORDER BY has: SQLite sorts each by it) or more than one FROM item (the rows' order is then decided elsewhere), unless the subquery has
a LIMIT or a GROUP BY (measured: SQLite 3.54 keeps that one), is a recursive common
table, or the reading query is an UPDATE's (its FROM
clause) or calls an aggregate function whose result may depend on the order of its rows
(any but count(), min() and max(): SF_OrderByReqd). The deleted ORDER BY is never
coded, so an expression in it that would fail -- a subquery INDEXED BY a partial index
no term implies, a bad JSON path -- fails nowhere, and a result column only it named is
unread (``unused_columns.py``).
"""

from __future__ import annotations

from dataclasses import replace

from . import bound as b

_ANY_ORDER = frozenset(("count", "min", "max"))     # SQLITE_FUNC_ANYORDER


def without_idle_orders(select: b.Select) -> b.Select:
    """``select`` with the ORDER BY of each FROM subquery SQLite deletes taken away."""
    if not (select.order_by or select.arm_sorted or len(select.items) > 1) or \
            any(a.name.lower() not in _ANY_ORDER for a in select.aggregates):
        return select
    items = [item for item in select.items if _idle_order(item.source)]
    if not items:
        return select
    return replace(select, items=[
        replace(item, source=replace(item.source, query=replace(
            item.source.query, order_by=[], compound_order=[])))
        if any(item is idle for idle in items) else item
        for item in select.items])


def _idle_order(source) -> bool:
    query = source.query if isinstance(source, b.SubquerySource) else None
    return query is not None and not source.nested and \
        bool(query.order_by or query.compound_order) and query.limit is None and \
        query.recursion is None and not query.group_by
