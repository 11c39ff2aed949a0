"""Result columns of a FROM subquery that nothing reads are NULL: SQLite never computes them.

A flattened subquery's unused columns simply vanish, and select.c
(disableUnusedSubqueryResultColumns) turns those of one it does not flatten into NULL --
unless the subquery is DISTINCT, an aggregate, a compound other than UNION ALL or a
VALUES list of several rows; a column its ORDER BY names stays. SQLite leaves a
correlated subquery alone there but flattens most of them; not one without a FROM clause. So an error in such a column never
surfaces: ``SELECT count(*) FROM (SELECT abs(-9223372036854775807 - 1) FROM t)`` is the
row count, not 'integer overflow'.
"""

from __future__ import annotations

from dataclasses import replace

from . import bound as b
from .analysis import columns_read, outer_slots
from .describe import describe

_NULL = b.Literal(None)


def without_unused_columns(source: b.SubquerySource, outer: b.Select) -> b.Select:
    """``source.query``, or a copy whose columns ``outer`` does not read are NULL."""
    query = source.query
    arms = [query] + [part for _, part in query.compound]
    if any(arm.distinct or arm.is_aggregate or len(arm.values or ()) > 1 for arm in arms) or \
            any(op != "union all" for op, _ in query.compound) or \
            any(not arm.items for arm in arms) and outer_slots(query):
        return query
    keep = columns_read(outer, source.slot) | _ordered_columns(query)
    if len(keep) >= len(query.columns):
        return query

    def strip(arm: b.Select) -> b.Select:
        def row(exprs):
            return [e if i in keep else _NULL for i, e in enumerate(exprs)]
        return replace(arm, columns=row(arm.columns),
                       values=None if arm.values is None else [row(arm.values[0])])
    pruned = strip(query)
    pruned.compound = [(op, strip(part)) for op, part in query.compound]
    return pruned


def _ordered_columns(query: b.Select) -> set:
    """The result columns the query's ORDER BY names: by number, alias or an identical
    expression (SQLite's iOrderByCol)."""
    kept = {position for position, *_ in query.compound_order}
    texts = [describe(c) for c in query.columns]
    for item in query.order_by:
        term = item.expr
        while isinstance(term, b.Collate):
            term = term.operand
        kept |= {i for i, c in enumerate(query.columns)
                 if c is term or texts[i] == describe(term)}
    return kept
