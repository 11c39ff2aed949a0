"""An ORDER BY on a column of a FROM subquery SQLite flattens: the table's loop delivers it.

SQLite flattens ``(SELECT c2, c0 FROM t) AS a`` into the query reading it
(select.c, flattenSubquery), so the join's loop over ``a`` is a loop over ``t`` and an
ORDER BY on ``a.c2`` is an ORDER BY on ``t.c2``: its path solver weighs the sort an
index of t saves (where.c, wherePathSolver with wherePathSatisfiesOrderBy), and the loop
reads that index in the ORDER BY's direction, its ties in the index's order (rowids
descending when it runs backwards). RowanDB plans the subquery as its own query, a
co-routine whose rows the outer loop reads, so it did neither: ``build._deliverable``
saw no index of a FROM table behind the ORDER BY's first term (the join then went
without the ORDER BY's weight, its loops elsewhere than SQLite's) and
``order_by_index`` found no table scan as the outermost loop (the rows were sorted from
the table's rowid order: ties in another order; generator ``join_rows_order --ordered``,
seed 178200000).

``bound_column``: the table and column a flattened subquery's column is, on the bound
query (for ``_deliverable``); ``inner_leaf`` and ``with_leaf``: the table's scan inside
the planned subquery (a chain of them), which ``order_by_index`` reads as the outermost
loop and rebuilds with the index it chose; ``as_inner``: the ORDER BY's keys, a column
of the subquery read as its table's.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.cte import Labelled, flattened_scan
from .join_costs import _table_column


def bound_column(source, column: int):
    """(table, column) that column ``column`` of the FROM subquery ``source`` is, through
    a chain of subqueries each reading one table with nothing that keeps SQLite from
    flattening it into one loop (no WHERE, grouping, DISTINCT, ORDER BY, LIMIT, window
    or compound); None otherwise."""
    while isinstance(source, b.SubquerySource):
        query = source.query
        if len(query.items) != 1 or query.where is not None or query.group_by or \
                query.having is not None or query.distinct or query.order_by or \
                query.limit is not None or query.compound or query.windows or \
                query.is_aggregate or query.recursion is not None or \
                not 0 <= column < len(query.columns):
            return None
        expr, inner = query.columns[column], query.items[0].source
        if not isinstance(expr, b.ColumnRef) or expr.slot != inner.slot:
            return None
        source, column = inner, expr.column
    if isinstance(source, b.TableSource):
        return source.table, column
    return None


def inner_leaf(node):
    """The table scan a flattened FROM subquery's loop is (``cte.flattened_scan``), as
    it stands in the planned subquery: a Scan (a narrower index read whole in its place,
    ``IndexScan.replaces``, taken back to the Scan: the ORDER BY chooses the index);
    None when ``node`` is no such subquery or its plan holds more than the projections."""
    if not isinstance(node, L.SubqueryScan) or flattened_scan(node) is None:
        return None
    leaf = _chain(node)[-1]
    if isinstance(leaf, L.IndexScan):
        leaf = leaf.replaces
    return leaf if isinstance(leaf, L.Scan) and leaf.table.virtual is None else None


def _chain(node) -> list:
    """The nodes from the subquery ``node`` down to its table's loop."""
    path = [node]
    while isinstance(node, (L.SubqueryScan, Labelled, L.RealColumns, L.Project)):
        node = node.plan if isinstance(node, L.SubqueryScan) else node.child
        path.append(node)
    return path


def with_leaf(node, leaf):
    """The flattened subquery ``node`` reading its table through ``leaf`` instead."""
    path = _chain(node)
    for parent in reversed(path[:-1]):
        field = "plan" if isinstance(parent, L.SubqueryScan) else "child"
        leaf = dataclasses.replace(parent, **{field: leaf})
    return leaf


def as_inner(keys: list, node, leaf) -> list:
    """The ORDER BY's ``keys`` with each column of the flattened subquery ``node`` read
    as the column of ``leaf``'s table it is; a column that is not one of the table's
    (an expression of it) stays, and matches no key of the loop."""
    found = []
    for expr, *rest in keys:
        target = expr.operand if isinstance(expr, b.Collate) else expr
        if isinstance(target, b.ColumnRef) and target.slot == node.slot:
            column = _table_column(node, target.column)
            if column is not None:
                expr = dataclasses.replace(target, slot=leaf.slot, column=column)
        found.append((expr, *rest))
    return found
