"""The collations of a FROM subquery whose ORDER BY SQLite deletes, once the FROM is bound.

A FROM subquery's column that is a bare reference to its table's rowid or INTEGER
PRIMARY KEY has no collation where SQLite flattens the subquery (``properties.
subquery_collations``), BINARY where it does not. An ORDER BY in the subquery stops the
flattening -- unless SQLite deletes it first (select.c, sqlite3Select: "omit superfluous
ORDER BY on FROM-clause subquery"; ``planner/plan/omit_order.py`` is the planner's side):
when the reading query has more than one FROM item or an ORDER BY of its own, the
subquery has no LIMIT and no GROUP BY, and the reading query calls no aggregate whose
result may depend on its rows' order. That is known only once every FROM item is bound,
so the columns' collations are decided again then, before any name reads them:
``(SELECT c0 FROM a ORDER BY c0) AS s JOIN n INDEXED BY ld ON s.c0 = n.c0`` compares
under n.c0's NOCASE and searches ld, as SQLite does.
"""

from __future__ import annotations

from dataclasses import replace

from sqlglot import expressions as exp

from ...planner.plan import bound as b
from .properties import subquery_collations

_ANY_ORDER = frozenset(("count", "min", "max"))     # SQLITE_FUNC_ANYORDER


def recollate(scope, select: b.Select, node: exp.Select) -> None:
    """Give the FROM subqueries of ``select`` whose ORDER BY SQLite deletes the
    collations of the flattened subquery they become."""
    if not (len(select.items) > 1 or node.args.get("order") is not None):
        return
    idle = [item for item in select.items if _idle(item.source)]
    if not idle or _orders_its_aggregates(node):    # (the walk only when one may be)
        return
    by_slot = {source.slot: source for source in scope.sources}
    for item in idle:
        bound = item.source
        source = by_slot.get(bound.slot)
        if source is None:
            continue
        collations = subquery_collations(replace(bound.query, order_by=[]), item.kind)
        source.columns = [(name, affinity, collation) for (name, affinity, _), collation
                          in zip(source.columns, collations)]


def _idle(source) -> bool:
    query = source.query if isinstance(source, b.SubquerySource) else None
    return query is not None and source.cte is None and bool(query.order_by) and \
        query.limit is None and query.recursion is None and not query.group_by and \
        not query.compound


def _orders_its_aggregates(node: exp.Select) -> bool:
    """Whether the query calls an aggregate other than count(), min() or max() (or may:
    a window or a call of an unknown name counts), which keeps the subquery's order."""
    for call in node.find_all(exp.AggFunc, exp.Anonymous, exp.Window):
        if isinstance(call, exp.Window) or \
                (call.sql_name() if not isinstance(call, exp.Anonymous) else call.name).lower() \
                not in _ANY_ORDER:
            return True
    return False
