"""An outer ORDER BY that SQLite takes from a compound FROM subquery's own order.

SQLite runs a UNION, INTERSECT or EXCEPT (the compound's last operator; a UNION ALL
there appends its SELECT's rows to the rest) by merging its SELECTs' rows sorted on every
column, ascending, under the compound's collations (select.c multiSelect gives it an
ORDER BY of all its columns, multiSelectCollSeq), so its rows leave it in that order.
When such a subquery is the outer loop, the query planner counts the leading ORDER BY
terms that name its columns in that order -- the first column, then the second..., bare,
ascending, NULLs first -- as already satisfied (where.c wherePathMatchSubqueryOB), though
the column itself compares under its first SELECT's collation (``properties
.subquery_collations``): ``SELECT x FROM (SELECT 'b' AS x UNION SELECT 'C' COLLATE NOCASE
UNION SELECT 'a') ORDER BY x`` is a, b, C; ``... ORDER BY x DESC`` sorts under BINARY: b,
a, C. ``taken_from_subquery`` gives those terms the compound's collations, which RowanDB's
compound reads its rows out in too, so the sort keeps them in the order SQLite reads them.

A GROUP BY or a DISTINCT of such a subquery's first columns, in order, is satisfied by
that order too (GROUP BY in either direction), and SQLite then compares each row with the
one before only, under the columns' own collations: rows the compound tells apart under
NOCASE but that differ under BINARY may come apart and back, so ``SELECT DISTINCT x FROM
(SELECT 'a' AS x, 1 AS y UNION SELECT 'A' COLLATE NOCASE, 2 UNION SELECT 'a', 3)`` is a,
A, a, and ``GROUP BY x`` three groups. So too the one aggregate call of a query without
GROUP BY, ``count(DISTINCT x)`` (select.c hands its argument to the query planner as the
DISTINCT to satisfy). ``Select.adjacent`` asks the planner for that (``Aggregate
.adjacent``, ``Distinct.adjacent``) when the subquery is the only FROM item (RowanDB keeps
it the outer loop then).
"""

from __future__ import annotations

import dataclasses

from ...planner.plan import bound as b
from .clauses import column_number
from ...planner.plan.expr_compare import same
from ...planner.plan.omit_order import without_idle_orders


def taken_from_subquery(select: b.Select) -> None:
    """Give the leading ORDER BY terms of ``select`` that SQLite reads in its first FROM
    item's order, a compound subquery's, that compound's collations; mark ``select``
    ``adjacent`` when its GROUP BY or DISTINCT is that order's first columns."""
    query = _ordered_compound(select)
    if query is None:
        select.adjacent = grouped_as_delivered(select)
        return
    slot = select.items[0].source.slot
    if select.group_by:
        select.adjacent = len(select.items) == 1 and _in_order(select.group_by, slot)
    elif len(select.aggregates) == 1 and not select.distinct:   # count(DISTINCT x) alone
        call = select.aggregates[0]
        select.adjacent = len(select.items) == 1 and call.distinct and not call.order_by \
            and len(call.args) == 1 and _in_order(call.args, slot)
    elif select.distinct and not select.aggregates:     # one with ORDER BY its columns
        select.adjacent = len(select.items) == 1 and _in_order(select.columns, slot) and (
            not select.order_by or _is_columns(select.order_by, select.columns))
    if (select.is_aggregate or select.distinct) and not select.adjacent:
        return                          # sorted afresh: the ORDER BY is the sorter's
    for i, item in enumerate(select.order_by):
        expr = item.expr
        if not (isinstance(expr, b.ColumnRef) and expr.slot == slot and expr.column == i
                and not item.desc and item.nulls_first and i < len(query.column_collations)):
            return
        select.order_by[i] = dataclasses.replace(item, collation=query.column_collations[i])


def grouped_as_delivered(select: b.Select) -> bool:
    """Whether ``select``'s GROUP BY is satisfied by the ORDER BY of its one FROM item, a
    subquery whose ORDER BY SQLite keeps (where.c wherePathMatchSubqueryOB)."""
    if not select.group_by or len(select.items) != 1 or select.windows:
        return False
    source = select.items[0].source
    if not isinstance(source, b.SubquerySource) or source.query.recursion is not None \
            or without_idle_orders(select) is not select:
        return False
    places = _order_columns(source.query)
    return len(places) >= len(select.group_by) and all(
        isinstance(g, b.ColumnRef) and g.slot == source.slot and g.column == place
        for g, place in zip(select.group_by, places))


def _order_columns(query: b.Select) -> list:
    """The result column each ORDER BY term of ``query`` copies (SQLite's iOrderByCol -
    1), up to the first that copies none."""
    if query.compound:
        return [position for position, *_ in query.compound_order]
    places = []
    for item in query.order_by:
        expr = item.expr.operand if isinstance(item.expr, b.Collate) else item.expr
        place = next((j for j, c in enumerate(query.columns) if c is expr), None)
        if place is not None:
            # SQLite's term is the column a number or an AS name gives, an expression's
            # the last column equal to it (resolve.c's loop runs on): a name found as a
            # column's own, `SELECT a, a AS x ... ORDER BY a`, copies x there (the review
            # of the twenty-seventh round); a number or an AS name naming a column an
            # equal one follows is taken so too here, where SQLite keeps the one named
            place = max((j for j in range(place, len(query.columns))
                         if same(query.columns[j], expr, None, None)), default=place)
        if place is None:       # an expression: the last result column equal to it
            place = next((j for j in reversed(range(len(query.columns)))
                          if same(query.columns[j], item.expr, None, None)), None)
        if place is None:
            break
        places.append(place)
    return places


def spelled_copy(term, written, clause: str, select: b.Select, explicit: set):
    """``term``, the operand of an ORDER BY's COLLATE found as a result column by that
    column's own name (no AS, no number), as a column reference of its own: SQLite
    resolves such a name as the expression it is (resolveAsName matches AS names only),
    which is then no copy of the result column, the column not being collated."""
    if clause != "ORDER BY" or not isinstance(term, b.ColumnRef) or id(term) in explicit \
            or column_number(written) is not None \
            or not any(term is c for c in select.columns):
        return term
    return dataclasses.replace(term)


def _is_columns(order_by, columns) -> bool:
    """Whether ``order_by`` is the result columns, in order, ascending: SQLite makes such
    a DISTINCT query a GROUP BY (select.c), so its ORDER BY no longer sorts it afresh."""
    return len(order_by) == len(columns) and all(
        o.expr is c and not o.desc and o.nulls_first for o, c in zip(order_by, columns))


def _in_order(exprs, slot: int) -> bool:
    """Whether ``exprs`` are the columns of the FROM item in ``slot``, first to last."""
    return all(isinstance(e, b.ColumnRef) and e.slot == slot and e.column == i
               for i, e in enumerate(exprs))


def _ordered_compound(select: b.Select):
    """The query of ``select``'s first FROM item (a subquery, view or common table, not a
    recursive one) when that is a compound SQLite merges (its last operator UNION,
    INTERSECT or EXCEPT, no LIMIT) and reads as the outer loop (no window function;
    inner, CROSS or LEFT joins after it), else None."""
    if not select.items or select.windows:
        return None
    source = select.items[0].source
    if not isinstance(source, b.SubquerySource) or source.query.recursion is not None:
        return None                     # a view or common table as well
    query = source.query
    if query.limit is not None or not query.compound or query.compound[-1][0] == "union all":
        return None                     # (A UNION B) UNION ALL C is not merged: appended
    if any(item.kind not in ("inner", "cross", "left") for item in select.items[1:]):
        return None
    return query
