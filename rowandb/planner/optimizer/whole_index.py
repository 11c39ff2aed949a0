"""Rule ``whole_index``: a join's table read through the whole of an index, as SQLite's
costed order reads it.

SQLite's planner weighs, for each table of a join, a full scan of every index of a
WITHOUT ROWID table (and of a partial index of any table), even one whose entries do
not hold the columns the query reads: reading the entries costs rows + 1 + 15 x
width(entry) / width(row), and looking each row up by its PRIMARY KEY (or rowid) rows
+ 16, less 20 for each leading equality of the whole WHERE an entry alone can test --
and an equality between two other tables' columns is one (where.c, whereLoopAddBtree,
"Full scan via index": sqlite3ExprCoveredByIndex asks only of the table's own columns).
So in a join SQLite often scans such a table through a secondary index, and its rows come
in that index's key order -- its columns, then the PRIMARY KEY's -- each looked up by
its key (``join_ways._index_scan`` costs that way; ``join_costs.solve`` notes where the
order it picks takes one). ``covering_scan`` weighs the same choice for a lone scan but
with the table's own terms only, the ones left above it.

``whole_index`` runs after ``hash_join``: each Scan of the join's chain (the left spine
and the right sides, under Filters, a HashJoin's built side too, whose buckets are
filled in scan order) that the costed order reads through an index becomes an
IndexScan of that index in its declared order, ``replaces`` the Scan (as
``covering_scan``'s does). Under an ORDER BY a loop could deliver, only for an index
the ORDER BY might not use (the way's iSortIdx is 0: indexMightHelpWithOrderBy found no
key of it in the ORDER BY): its order shows among the rows the ORDER BY leaves tied
(``join_rows_order --ordered``); where the index might give the order ``join_sort``
chooses among the ways that deliver it, which ``order_by_index`` reads.
"""

from __future__ import annotations

import dataclasses

from ..plan import logical as L
from ..plan.cte import Labelled


def whole_index_of(way, table):
    """The index ``way`` (a ``join_ways.Way`` of ``table``) reads from end to end -- a
    full scan of a secondary index -- or None (a search, the table's own b-tree, an
    automatic index)."""
    index = getattr(way, "index", None)
    if index is None or way.searched or way.setup or \
            table.without_rowid and index.origin == "pk":
        return None
    return index


def wholes_read(steps: list, tables: dict, ordered: bool) -> dict:
    """slot -> the secondary index the costed order's ``steps`` (``join_costs._Step``)
    read from end to end. Under an ORDER BY a loop could deliver: an index the ORDER BY
    might not use (iSortIdx 0), or one it might use read by an inner loop -- the order
    SQLite's solver took reads that loop through it (where.c, wherePathSolver keeps the
    loop, iSortIdx or not), and ``order_by_index`` turns it the way the ORDER BY needs
    (``join_rows_order --ordered``, seed 178300000: ``ORDER BY a3.c0 DESC, a2.c0 DESC``
    with a3's rowid outermost reads a2 through its index on c0, backwards). The
    outermost loop's index under an ORDER BY ``order_by_index`` chooses itself."""
    found = {}
    for position, step in enumerate(steps):
        index = whole_index_of(step.way, tables[step.slot]) if step.way else None
        if index is not None and (not ordered or not step.way.sort or position > 0):
            found[step.slot] = index
    return found


def whole_index(node, scans: dict | None = None):
    """``node`` with each Scan of its join chain whose slot ``scans`` maps to an index
    (``join_costs.solve``'s notes) read through that index -- a FROM subquery's too, where
    SQLite flattens it into its table's loop (``cte.flattened_scan``)."""
    if not scans:
        return node
    if isinstance(node, (L.Scan, L.SubqueryScan)):
        index = scans.get(node.slot)
        return node if index is None else _through(node, index)
    if isinstance(node, L.Filter):
        child = whole_index(node.child, scans)
        return node if child is node.child else dataclasses.replace(node, child=child)
    if isinstance(node, (L.Join, L.HashJoin)):
        left, right = whole_index(node.left, scans), whole_index(node.right, scans)
        if left is node.left and right is node.right:
            return node
        return dataclasses.replace(node, left=left, right=right)
    return node


def _through(node, index):
    """``node`` -- a Scan, or the chain of nodes over one that ``flattened_scan`` reads
    through -- with that Scan an IndexScan of ``index``; ``node`` itself for another. A
    FROM subquery's plan, optimized first, may read its table through a narrower index
    holding the columns it reads (``covering_scan``): the Scan that IndexScan replaces is
    read through ``index`` instead, as SQLite flattens the subquery and costs the
    table's ways in the join (generator seed 176300000)."""
    if isinstance(node, L.IndexScan) and isinstance(node.replaces, L.Scan):
        node = node.replaces
    if isinstance(node, L.Scan):
        if node.indexed is not None or node.reverse or node.table.virtual is not None:
            return node
        return L.IndexScan(node.slot, node.table, node.alias, index, direction=1,
                           replaces=node)
    if isinstance(node, L.SubqueryScan):
        if getattr(node, "materialize", False) or getattr(node, "probe", ()):
            return node
        plan = _through(node.plan, index)
        return node if plan is node.plan else dataclasses.replace(node, plan=plan)
    if isinstance(node, (Labelled, L.RealColumns, L.Project, L.Filter)):
        child = _through(node.child, index)
        return node if child is node.child else dataclasses.replace(node, child=child)
    return node
