"""The ORDER BY SQLite never codes: a one-table query whose WHERE finds one row.

Before it plans the loops of a query of one table, SQLite tries a short cut (where.c,
whereShortCut): with no INDEXED BY or NOT INDEXED, a WHERE term ``rowid = v`` (or
``IS``; v reading no column of the table), or ``=`` on every key of a UNIQUE index
that is not partial and has at most three keys (``IS`` too when every key is NOT NULL),
finds one row, and the short cut says the ORDER BY is satisfied as it stands. The query
then codes no sorter, so its ORDER BY is never coded: a subquery there that cannot be
planned ('no query solution'), a DISTINCT aggregate of two arguments in one, a
misplaced row value or a subquery of several columns there are no errors
(``SELECT a FROM t WHERE rowid = 1 ORDER BY (SELECT 1 FROM t INDEXED BY tp)`` runs).
Without the short cut, a loop that finds one row satisfies every ORDER BY term that
holds no subquery (where.c, wherePathSatisfiesOrderBy), so a misplaced row value there
is no error either; an aggregate query without GROUP BY codes its one row without a
sorter, and a query without FROM has its ORDER BY satisfied: neither codes its ORDER BY.
A GROUP BY query keeps it.

The same holds of the outer loops of a join and of a query SQLite flattens a FROM
subquery into (``_flattened``: ``SELECT a FROM (SELECT * FROM t) WHERE a = 1`` is the
short cut over ``t``): wherePathSatisfiesOrderBy walks the loops outermost first while
each is "order-distinct" -- it finds one row, or searches a UNIQUE index by ``=`` on every
key (four keys too, NULL-able ones too: the rowid follows the keys in the entry) -- and
takes as satisfied each ORDER BY term that reads only those loops' tables, or none and is
constant (``(1, 2)``; not ``random()``, not a subquery). A loop searched by constants
alone, or by columns of such loops, is such a loop and SQLite puts it outermost (one row
costs least); ``FROM u, t WHERE t.a = 1 ORDER BY (1, 2)`` codes no sorter, and no
misused row value. A join that fixes the order of its loops (LEFT, RIGHT, FULL, CROSS)
only when the order-distinct loops lead the FROM clause.

The columns the dropped ORDER BY names still count as read by the query, as they do in
SQLite's colUsed: EXPLAIN QUERY PLAN says ``USING INDEX``, not ``USING COVERING INDEX``,
for ``SELECT b FROM t WHERE b = 1 ORDER BY c`` over a UNIQUE index on b.
"""

from __future__ import annotations

from dataclasses import replace

from . import bound as b
from . import logical as L
from ...errors import OperationalError
from .analysis import conjoin, conjuncts, contains_subquery, is_constant, slots_of
from .late_rows import kept_error
from .right_join import join_kinds
from ..optimizer.choose_index import (_best_search, finds_one_row, is_one_row_search,
                                      is_unique_search, null_safe_term, search_term)
from ..optimizer.short_cut import unique_found


def without_one_row_order(select: b.Select) -> b.Select:
    """``select`` without the ORDER BY SQLite leaves uncoded, and without the code
    generation errors the binder found there."""
    if not select.order_by or select.windows or select.compound or \
            select.values is not None or not _uncoded(select):
        return select
    errors = [(column, error) for column, error in select.codegen_errors
              if column != "order"]
    error = kept_error(errors) if select.codegen_errors else select.codegen_error
    # its columns still count among those the query reads (SQLite's colUsed, which the
    # resolver filled), so an index holding the others does not cover the query
    return replace(select, order_by=[], codegen_errors=errors, codegen_error=error,
                   folded=select.folded + [o.expr for o in select.order_by])


def _uncoded(select: b.Select) -> bool:
    """Whether SQLite codes no sorter for ``select``'s ORDER BY: an aggregate query
    without GROUP BY (its one row is coded without one: select.c), a query without FROM
    (where.c: every term satisfied), the short cut, or a loop that finds one row
    (WHERE_ONEROW) under ORDER BY terms without a subquery, each then satisfied
    (wherePathSatisfiesOrderBy: a subquery's term is not)."""
    if select.is_aggregate:
        return not select.group_by
    if not select.items:
        return True
    select = _flattened(select)
    parts = conjuncts(select.where) if select.where is not None else []
    source = select.items[0].source
    if len(select.items) == 1 and isinstance(source, b.TableSource):
        if source.indexed is None and _short_cut(source, parts):
            return True
        if select.items[0].condition is None:
            return _lone_satisfied(select, source, parts)
        if not any(contains_subquery(o.expr) for o in select.order_by) and \
                _one_row(source, parts):
            return True
    return _distinct_prefix_satisfies(select, parts)


def _lone_satisfied(select: b.Select, source: b.TableSource, parts: list) -> bool:
    """``_one_row``, then ``_distinct_prefix_satisfies``, for a query of one table and no
    ON: the same answers, the best search asked once for both when every term reads
    this table alone. A subquery in the ORDER BY answers no to both; the loop is
    order-distinct when its search by those terms finds one row or is a UNIQUE one."""
    if any(contains_subquery(o.expr) for o in select.order_by):
        return False
    slot = source.slot
    usable = [p for p in parts if slots_of(p) <= {slot}]
    scan = L.Scan(slot, source.table, source.alias, source.indexed)
    found = _search(scan, parts)        # None too when it raises 'no query solution'
    if is_one_row_search(found):
        return True
    if not usable:
        return False
    if len(usable) < len(parts):        # (the same terms: the same answer, or error)
        found = _search(scan, usable)
        if is_one_row_search(found):
            return _order_reads_only(select, frozenset((slot,)))
    return is_unique_search(found) and _order_reads_only(select, frozenset((slot,)))


def _search(scan: L.Scan, parts: list):
    """The best search of ``scan`` by ``parts``, or None when planning its loop is 'no query
    solution' (raised where the loops are planned)."""
    try:
        return _best_search(scan, parts)
    except OperationalError:
        return None


def _flattened(select: b.Select) -> b.Select:
    """``select`` as SQLite plans it once its one FROM item, a plain subquery of tables
    (no compound, aggregate, DISTINCT, LIMIT, ORDER BY or window), is flattened into it:
    the subquery's FROM items, its WHERE and then the outer one, each column of it read
    as the expression that computes it."""
    if len(select.items) != 1:
        return select
    source = select.items[0].source
    if not isinstance(source, b.SubquerySource) or source.cte is not None or \
            source.nested or source.query.recursion is not None:
        return select                   # (most queries: the import below not run for them)
    from .flatten import flattens, substitute          # flatten imports the planner's build
    sub = source.query
    if sub.compound or sub.is_aggregate or sub.distinct or sub.limit is not None or \
            sub.order_by or sub.windows or sub.values is not None or not sub.items or \
            not flattens(select, 0, "inner", False):
        return select
    columns = sub.columns
    where = conjoin([sub.where, None if select.where is None else
                     substitute(select.where, source.slot, columns)])
    order = [replace(o, expr=substitute(o.expr, source.slot, columns))
             for o in select.order_by]
    return replace(select, items=sub.items, where=where, order_by=order)


def _distinct_prefix_satisfies(select: b.Select, parts: list) -> bool:
    """Whether the order-distinct loops SQLite runs outermost (``_distinct_slots``)
    satisfy every ORDER BY term: each holds no subquery and reads their tables only, or
    no table and is constant (where.c, wherePathSatisfiesOrderBy's orderDistinctMask)."""
    found = _distinct_slots(select, parts)
    return bool(found) and not any(contains_subquery(o.expr) for o in select.order_by) and \
        _order_reads_only(select, found)


def _order_reads_only(select: b.Select, found: frozenset) -> bool:
    """Whether each ORDER BY term (none holding a subquery) reads the tables of ``found``
    only, or none and is constant."""
    for order in select.order_by:
        expr, read = order.expr, slots_of(order.expr)
        if not read <= found or not read and not is_constant(expr, params=True):
            return False
    return True


def _distinct_slots(select: b.Select, parts: list) -> frozenset:
    """The slots of the FROM tables whose loops are order-distinct, searched by terms (of
    the WHERE, an inner join's ON, an outer join's own ON) that read only constants and
    tables already found so; empty when an outer, RIGHT or CROSS
    join fixes the loops' order and they do not lead the FROM clause."""
    found: set = set()
    items = select.items
    kinds = join_kinds(select)          # a LEFT JOIN the WHERE makes inner is one
    parts = parts + [c for item, kind in zip(items, kinds) if kind == "inner"
                     and item.condition is not None for c in conjuncts(item.condition)]
    grew = True
    while grew:
        grew = False
        for item, kind in zip(items, kinds):
            source = item.source
            if not isinstance(source, b.TableSource) or source.slot in found:
                continue
            own = conjuncts(item.condition) if kind != "inner" and item.condition else []
            usable = [p for p in parts + own if slots_of(p) <= found | {source.slot}]
            if _order_distinct(source, usable):
                found.add(source.slot)
                grew = True
    if any(item.kind == "cross" or kind != "inner" for item, kind in zip(items[1:], kinds[1:])):
        lead = 0
        while lead < len(items) and items[lead].source.slot in found:
            lead += 1
        found = {item.source.slot for item in items[:lead]}
    return frozenset(found)


def _order_distinct(source: b.TableSource, parts: list) -> bool:
    """Whether the loop over ``source`` by ``parts`` finds one row, or searches a UNIQUE
    index by ``=`` on every key (not ``IS``: where.c clears isOrderDistinct for it)."""
    if not parts:
        return False
    scan = L.Scan(source.slot, source.table, source.alias, source.indexed)
    try:
        return finds_one_row(scan, parts) or is_unique_search(_best_search(scan, parts))
    except OperationalError:        # 'no query solution': raised where the loops are planned
        return False


def _one_row(source: b.TableSource, parts: list) -> bool:
    try:
        return finds_one_row(L.Scan(source.slot, source.table, source.alias, source.indexed),
                             parts)
    except OperationalError:        # 'no query solution': raised where the loops are planned
        return False


def _short_cut(source: b.TableSource, parts: list) -> bool:
    scan = L.Scan(source.slot, source.table, source.alias, None)
    terms = [t for t in (search_term(c, scan) or null_safe_term(c, scan) for c in parts)
             if t is not None and t.op == "eq"]
    table = source.table
    rowid = {-1} if table.rowid_alias is None else {-1, table.rowid_alias}
    if not table.without_rowid and any(t.column in rowid for t in terms):
        return True
    return any(unique_found(index, terms, scan) for index in table.indexes)


