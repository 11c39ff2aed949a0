"""A FROM subquery SQLite flattens though it holds a WHERE or an index hint, in the join's costs.

SQLite flattens ``(SELECT c1, c0 FROM t WHERE c0 > 1) AS a`` and ``(SELECT c1 FROM t
INDEXED BY i) AS a`` into the query reading them (select.c, flattenSubquery): the
subquery's table becomes a loop of the join with its own INDEXED BY or NOT INDEXED, and
its WHERE is ANDed before the outer one, so the path solver costs that loop by its hint
and its terms as it costs any table's (where.c, wherePathSolver). RowanDB plans the
subquery as a query of its own, a co-routine; ``join_costs`` read such a loop as its
table only when the subquery's plan was a bare scan (``cte.flattened_scan``), so one
with a WHERE or an index hint made the whole join go greedily, its rows in another
order (generator ``join_rows_order --inside``: 17 of 1,000 cases of seed 178200000).

``flat_from`` notes, as the query is built, what SQLite's join loops over for such a
subquery (a chain of them reading one table, the WHERE only in the one reading it):
the table, its hint and the WHERE's terms (``FlatFrom``, kept on the ``CteScan``).
``join_costs`` then costs the item as that table (``scan``), the subquery's columns read
as the table's (``column``), and the WHERE's terms as the join's (``terms``), for the
costs only: the plan runs the subquery's WHERE where it stands. Only for an item
joined inner: the WHERE of a LEFT JOIN's right subquery is an ON clause to SQLite.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import children, conjuncts, contains_subquery
from ..plan.flatten import rewritten


@dataclass(frozen=True)
class FlatFrom:
    """The loop SQLite makes of a flattened FROM subquery with a WHERE or a hint."""
    table: Any                  # catalog.schema.Table
    indexed: Any                # INDEXED BY's Index, () for NOT INDEXED, or None
    automatic: bool             # False: NOT INDEXED (no automatic index either)
    slot: int                   # the table's slot inside the subquery
    columns: tuple              # the subquery's column position -> the table's, or None
    terms: tuple                # the WHERE's conjuncts, reading ``slot``


def flat_from(source) -> FlatFrom | None:
    """The ``FlatFrom`` of the FROM subquery ``source`` (a ``b.SubquerySource``) that
    SQLite flattens (``source.flat``), when its query -- or the chain of them -- reads one
    table with a WHERE (at the level reading the table) or an index hint; None when it
    is another query, or a bare one (``cte.flattened_scan`` reads it)."""
    if not getattr(source, "flat", False):
        return None
    query = source.query
    positions = list(range(len(query.columns)))
    while True:
        if not _plain(query):
            return None
        inner = query.items[0].source
        positions = [_column(query, p, inner.slot) for p in positions]
        if isinstance(inner, b.TableSource):
            break
        if query.where is not None or not isinstance(inner, b.SubquerySource):
            return None
        query = inner.query
    terms = tuple(conjuncts(query.where)) if query.where is not None else ()
    if not terms and inner.indexed is None or any(contains_subquery(t) for t in terms):
        return None
    return FlatFrom(inner.table, inner.indexed, inner.automatic, inner.slot,
                    tuple(positions), terms)


def _plain(query) -> bool:
    """Whether ``query`` reads one FROM item with nothing but a WHERE that keeps SQLite
    from flattening it into that item's loop."""
    return len(query.items) == 1 and not query.group_by and query.having is None and \
        not query.distinct and not query.order_by and query.limit is None and \
        not query.compound and not query.windows and not query.is_aggregate and \
        query.recursion is None


def _column(query, position, slot: int):
    if position is None or not 0 <= position < len(query.columns):
        return None
    expr = query.columns[position]
    return expr.column if isinstance(expr, b.ColumnRef) and expr.slot == slot else None


def _noted(item):
    """(the join item's node under its Filters, its ``FlatFrom``) for an item joined
    inner, else (the node, None)."""
    node = item.node
    while isinstance(node, L.Filter):
        node = node.child
    if item.kind == "left" or getattr(node, "materialize", False) or \
            getattr(node, "probe", ()):
        return node, None
    return node, getattr(node, "flat_from", None)


def scan(item):
    """The table scan SQLite's join makes of ``item``, a flattened subquery with a WHERE
    or a hint, with the hint; None for another item."""
    node, flat = _noted(item)
    if flat is None:
        return None
    return L.Scan(item.slot, flat.table, node.alias, flat.indexed, automatic=flat.automatic)


def column(node, position: int):
    """The table's column that column ``position`` of the subquery ``node`` is; None when
    ``node`` notes no ``FlatFrom`` or the column is not one of the table's."""
    flat = getattr(node, "flat_from", None)
    if flat is None or not 0 <= position < len(flat.columns):
        return None
    return flat.columns[position]


def terms(items: list) -> list:
    """The WHERE terms the join's flattened subqueries bring, each read as its item's
    table (the item's slot, the table's columns), in SQLite's order: flattenSubquery
    ANDs a subquery's WHERE before the outer one's, and each flattening after the first
    comes before those already made, so the last item's terms come first."""
    found = []
    for item in reversed(items):
        flat = _noted(item)[1]
        if flat is None:
            continue
        found += [_as_item(term, flat.slot, item.slot) for term in flat.terms]
    return found


def reads(items: list, read) -> dict:
    """slot -> the columns of its table the query reads through each flattened subquery
    with a WHERE or a hint (SQLite's colUsed of the table once flattened: the columns
    the outer query reads of the subquery, as the table's, and those its WHERE reads),
    which tell whether an index covers the loop; ``read(slot)``: the positions the
    query reads of a FROM item (``ColumnsRead``). A column that is an expression of the
    table's leaves the slot out (not known: not covered)."""
    found = {}
    for item in items:
        flat = _noted(item)[1]
        if flat is None:
            continue
        columns = {column(_noted(item)[0], p) for p in read(item.slot)}
        if None in columns:
            continue
        for term in flat.terms:
            _columns_of(term, flat.slot, columns)
        found[item.slot] = columns
    return found


def _columns_of(expr, slot: int, into: set) -> None:
    if isinstance(expr, b.ColumnRef):
        if expr.slot == slot:
            into.add(expr.column)
        return
    for child in children(expr):
        _columns_of(child, slot, into)


def _as_item(term, inner: int, slot: int):
    def leaf(expr):
        if isinstance(expr, b.ColumnRef) and expr.slot == inner:
            return dataclasses.replace(expr, slot=slot)
        return None
    return rewritten(term, leaf)
