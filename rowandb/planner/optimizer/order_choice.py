"""A full index scan SQLite's solver prefers to a search and a sort, for one table.

Where one table is read under an ORDER BY that an index (or the rowid) could deliver,
SQLite's path solver weighs the sort each of the table's loops leaves against what the
loop costs (where.c, wherePathSolver with nRowEst and whereSortingCost; the full scans
of the indexes that might deliver the order are loops of their own, whereLoopAddBtree
with indexMightHelpWithOrderBy). A range search that finds a quarter of the rows (its
default, whereRangeScanEst) and then sorts them can cost more than reading every entry
of the index in the ORDER BY's order: ``SELECT id FROM v WHERE p > f() ORDER BY q``
(indexes on p and on the UNIQUE q) is a scan of q's index, testing ``p > f()`` on each
row, f called per row; RowanDB searched p's range, calling f once, and sorted.

``order_choice`` runs that weighing -- ``join_sort.solve``, the second pass of SQLite's
solver that ``join_costs`` runs for joins, here over the one table's ways from
``join_ways.ways``; for a join's tables ``join_costs.solve`` notes the ones its order
reads whole -- and where it picks a full scan (of an index, or of the table in rowid
order) while RowanDB's search would have computed a volatile term once, reads the
table that way (``FROM u, v WHERE p > f() ORDER BY q``: v outside, read through q's
index, f per row of v): the Filter then tests each term on each row, and ``order_by_index``
finds the ORDER BY delivered and drops the Sort. Only where a term calls a volatile
function afresh (``in_choice.fresh_volatile``): elsewhere the rows are the same and
RowanDB keeps its search. Where the solver picks a search other than RowanDB's, that
search is kept (not matched yet).
"""

from __future__ import annotations

from ..plan import logical as L
from . import join_sort
from .in_choice import fresh_volatile, read_whole
from .join_costs import _helps, _Step
from .join_ways import lone_ways


def order_choice(scan: L.Scan, parts: list, found, node: L.Filter, reads, order):
    """``(found, node)``: the search chosen for ``scan`` and its Filter ``node``, or, when
    SQLite's solver reads the table whole for the ORDER BY and one of ``parts`` calls a
    volatile function afresh, that full scan. ``order``: None, or (the ORDER BY of a
    query of one table, ``join_sort.Sorting``, or None; slot -> index of the tables of
    a join its costed order reads whole, ``join_costs.solve``'s ``scans``)."""
    if order is None or scan.indexed is not None or found is None or \
            not fresh_volatile(parts):
        return found, node
    sorting, scans = order
    if scan.slot in scans:
        index = scans[scan.slot]
    elif sorting is None:
        return found, node
    else:
        chosen = _lone_way(scan, parts, reads, sorting)
        if chosen is None or chosen.searched or chosen.setup:
            return found, node
        index = chosen.index
    source = read_whole(scan, index)
    return source, type(node)(source, node.predicate)


def _lone_way(scan: L.Scan, parts: list, reads, sorting):
    """The way of ``scan``'s table SQLite's solver picks for a query of that table alone
    under the ORDER BY ``sorting`` (wherePathSolver's two passes, ``join_sort.solve``)."""
    table, slot = scan.table, scan.slot
    steps = [_Step(0, 1, 0, way.setup, way.run, way.out, way.width, way, slot)
             for way in lone_ways(scan, parts, reads, _helps(sorting, slot, table))]
    chosen = join_sort.solve(steps, 1, sorting, list(parts), {slot: table})
    return chosen[0].way if chosen else None
