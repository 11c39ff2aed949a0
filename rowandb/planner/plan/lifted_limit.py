"""The LIMIT of a FROM subquery SQLite flattens into a query with an ORDER BY.

SQLite flattens ``SELECT x FROM (SELECT c AS x FROM t LIMIT 2) ORDER BY x`` (select.c,
flattenSubquery: a subquery with LIMIT may be flattened into a query that has no LIMIT,
WHERE, DISTINCT, aggregate, compound or second FROM item -- restrictions (13), (19),
(8)... -- and the outer ORDER BY is no restriction once the subquery has none, (11));
the query flattened is ``SELECT c AS x FROM t ORDER BY x LIMIT 2``: the rows are sorted
first and the LIMIT then keeps the first of them, not the first two rows of the scan
sorted. A subquery without ORDER BY may return any of its rows, so this is SQLite's
answer, not a wrong one, and RowanDB gives the same: the subquery is planned without its
LIMIT and the LIMIT goes on top of the query's sort. A scalar subquery SQLite runs with a
LIMIT 1 of its own (sqlite3CodeSubselect), so it flattens no such subquery (restriction
(13)); so does an EXISTS subquery it does not make a join (``exists_join.py``), whose
LIMIT X it makes ``X <> 0`` (fuzz 178200114: ``EXISTS (SELECT * FROM (SELECT * FROM v
LIMIT 3))`` codes the subquery as a co-routine); an IN subquery has none.

A UNION ALL with a LIMIT (no ORDER BY or OFFSET of its own) is flattened so too when each
ORDER BY term of the query is one of its result columns (restriction (17d): SQLite's
iOrderByCol) -- ``SELECT x FROM (SELECT d AS x FROM t UNION ALL SELECT w FROM u LIMIT 2)
ORDER BY x`` gives the two least rows of both tables -- but not where that query is
itself a FROM subquery SQLite flattens into the query reading it: its ORDER BY moves
there and its terms stop being result columns (flattenSubquery clears iOrderByCol;
``order_moved``), so ``SELECT * FROM (that query)`` sorts the first two rows.

A query with window functions is flattened into otherwise: sqlite3WindowRewrite first
moves its FROM, WHERE, GROUP BY and HAVING into a query of their own ordered by the
innermost window's PARTITION BY and ORDER BY (``innermost``), and that query
takes the FROM subquery's LIMIT under its sort, with or without an ORDER BY of the query
(fuzz 180300136: ``SELECT count(*) OVER (ORDER BY b) FROM (SELECT b FROM t LIMIT 3)``
counts the three least b, and a window without PARTITION BY or ORDER BY the first three
rows of the scan). The LIMIT then goes on that Window step (``logical.Window``'s ``limit``),
not on top of the query's own sort.
"""

from __future__ import annotations

import dataclasses

from . import bound as b
from .analysis import slots_of
from .cte import materialized
from .flatten import flattens, is_result_column
from .right_join import join_kinds


def lifted_limit(select: b.Select, kinds: list) -> tuple:
    """(``select``, None), or, where SQLite flattens its FROM subquery's LIMIT under its
    ORDER BY, (``select`` reading that subquery without its LIMIT, the LIMIT)."""
    windowed = bool(select.windows)
    sorting = _window_rewritten(select) if windowed else select
    if sorting.one_row or not _shaped(sorting):
        return select, None
    item = select.items[0]
    source = item.source
    sub = source.query
    if source.cte is not None and materialized(source.cte, sub) or sub.order_by or \
            sub.offset is not None or sub.recursion is not None or \
            sub.compound and (sub.limit is None or select.order_moved) or \
            not flattens(sorting, 0, kinds[0], False):
        return select, None
    if source.query.limit is not None:
        query, limit = dataclasses.replace(source.query, limit=None), source.query.limit
    else:
        query, limit = _flattened_first(sorting, source.query)
        if limit is None:
            return select, None
    source = dataclasses.replace(source, query=query)
    return dataclasses.replace(select, items=[dataclasses.replace(item, source=source)]), limit


def _flattened_first(select: b.Select, sub: b.Select) -> tuple:
    """(``sub`` without the LIMIT of its own FROM subquery, that LIMIT) where SQLite,
    having flattened ``sub`` (no LIMIT) into ``select``, flattens that one too, else
    (``sub``, None)."""
    if select.is_aggregate or select.windows or len(sub.items) != 1:
        return sub, None
    merged = dataclasses.replace(sub, order_by=_moved_order(select, sub),
                                 where=select.where or sub.where,
                                 distinct=select.distinct or sub.distinct, limit=select.limit,
                                 order_moved=select.order_moved)
    merged, limit = lifted_limit(merged, join_kinds(merged))
    return dataclasses.replace(sub, items=merged.items), limit


def _moved_order(select: b.Select, sub: b.Select) -> list:
    """``select``'s ORDER BY as it stands once SQLite flattened ``sub`` into ``select``:
    a term that is one of ``select``'s result columns, reading ``sub``'s column k, is
    that column of ``sub`` -- still a result column, so a UNION ALL below may be
    flattened too (``SELECT * FROM (SELECT x FROM (... UNION ALL ... LIMIT 2)) ORDER BY
    1``)."""
    slot = select.items[0].source.slot
    moved = []
    for item in select.order_by:
        expr = item.expr
        if isinstance(expr, b.ColumnRef) and expr.slot == slot and \
                0 <= expr.column < len(sub.columns) and is_result_column(expr, select):
            item = dataclasses.replace(item, expr=sub.columns[expr.column])
        moved.append(item)
    return moved


def one_row(query: b.Select) -> b.Select:
    """``query`` as a scalar or EXISTS subquery's, which SQLite runs with a LIMIT 1: no FROM
    subquery with a LIMIT of its own is flattened into it (``flatten.flattens``)."""
    return query if query.one_row else dataclasses.replace(query, one_row=True)


def _window_rewritten(select: b.Select) -> b.Select:
    """The query SQLite flattens ``select``'s FROM subquery into when ``select`` has
    window functions: its FROM, WHERE, GROUP BY and HAVING, ordered by the innermost
    window's PARTITION BY and ORDER BY (a scalar subquery's LIMIT 1 stays outside), which
    its result list holds too: a UNION ALL with a LIMIT is flattened under any of them
    (``FROM (... UNION ALL ... LIMIT 3)`` under ``OVER (ORDER BY b + 1)`` keeps the three
    least of both SELECTs, restriction (17d) met)."""
    spec = innermost(select).spec
    sort = [item if isinstance(item, b.OrderItem) else b.OrderItem(item)
            for item in spec.partition + spec.order]
    return dataclasses.replace(select, windows=[], distinct=False, limit=None, offset=None,
                               compound=[], order_by=sort, one_row=False,
                               columns=select.columns + [item.expr for item in sort])


def innermost(select: b.Select) -> b.Window:
    """The window whose sort SQLite flattens the FROM subquery under: the first written
    when an ORDER BY term reads its value, else the last written (``SELECT a, count(*)
    OVER (ORDER BY a), count(*) OVER (ORDER BY b), count(*) OVER (ORDER BY c) ... ORDER BY
    3`` sorts by c, ``ORDER BY 3, 2`` by a; measured against SQLite 3.54 over every order of
    one and two terms of two and three windows: the review of the twenty-seventh round).
    Its Window step is the innermost (``build._windows``)."""
    first = select.windows[0]
    if any(first.slot in slots_of(item.expr) for item in select.order_by):
        return first
    return select.windows[-1]


def _shaped(select: b.Select) -> bool:
    """An ORDER BY over a single FROM item that is a subquery."""
    return bool(select.order_by) and len(select.items) == 1 and \
        isinstance(select.items[0].source, b.SubquerySource)
